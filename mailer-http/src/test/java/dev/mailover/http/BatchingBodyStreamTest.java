package dev.mailover.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.mailover.Attachment;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import okio.Buffer;
import okio.BufferedSink;
import okio.Okio;
import okio.Sink;
import okio.Timeout;
import org.junit.jupiter.api.Test;

/**
 * Request bodies reach the connection's sink in 64 KiB writes (each of which enters Okio's write timeout
 * once), not one per 8 KiB segment, with the same bytes, and are never flushed by the body itself.
 */
class BatchingBodyStreamTest {

    private static final int MIB = 1024 * 1024;

    /** The connection as OkHttp's body sees it: a real Okio buffered sink over a sink that records its writes. */
    private static final class RecordingSink implements Sink {
        final Buffer received = new Buffer();
        final List<Long> writes = new ArrayList<>();
        int flushes;

        @Override
        public void write(Buffer source, long byteCount) {
            writes.add(byteCount);
            received.write(source, byteCount);
        }

        @Override
        public void flush() {
            flushes++;
        }

        @Override
        public Timeout timeout() {
            return Timeout.NONE;
        }

        @Override
        public void close() {
        }
    }

    @Test
    void aLargeJsonBodyReachesTheConnectionIn64KiBWritesAndIsNotFlushed() throws IOException {
        char[] text = new char[MIB];
        Arrays.fill(text, 'a');
        RecordingSink connection = new RecordingSink();
        BufferedSink sink = Okio.buffer(connection);

        new JsonBody(json -> writeText(json, new String(text))).writeTo(sink);

        assertThat(connection.flushes).as("OkHttp flushes, with the chunked terminator").isZero();
        assertWrittenInBatches(connection.writes);
        sink.flush();
        assertThat(connection.received.readUtf8()).isEqualTo("{\"text\":\"" + new String(text) + "\"}");
    }

    @Test
    void aLargeAttachmentPartReachesTheConnectionIn64KiBWrites() throws IOException {
        byte[] content = new byte[MIB];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 31);
        }
        RecordingSink connection = new RecordingSink();
        BufferedSink sink = Okio.buffer(connection);

        new AttachmentBody(Attachment.of("a.bin", "application/octet-stream", content)).writeTo(sink);

        assertThat(connection.flushes).isZero();
        assertWrittenInBatches(connection.writes);
        sink.flush();
        assertThat(connection.received.readByteArray()).isEqualTo(content);
    }

    /** At most one write per 64 KiB and, but for the last, none much shorter (a segment's worth). */
    private static void assertWrittenInBatches(List<Long> writes) {
        assertThat(writes).hasSizeLessThanOrEqualTo(MIB / BatchingBodyStream.BATCH + 1);
        assertThat(writes.subList(0, writes.size() - 1)).allMatch(n -> n >= BatchingBodyStream.BATCH - 8192);
    }

    private static void writeText(JsonGenerator json, String text) throws IOException {
        json.writeStartObject();
        json.writeStringField("text", text);
        json.writeEndObject();
    }
}
