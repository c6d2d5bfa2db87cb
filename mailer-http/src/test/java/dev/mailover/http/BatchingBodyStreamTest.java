package dev.mailover.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailover.Attachment;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
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
        String text = randomAscii(MIB);
        RecordingSink connection = new RecordingSink();
        BufferedSink sink = Okio.buffer(connection);

        new JsonBody(json -> {
            json.writeStartObject();
            json.writeStringField("text", text);
            json.writeEndObject();
        }).writeTo(sink);

        assertUnflushedAndWrittenInBatches(connection, sink);
        assertThat(connection.received.readUtf8()).isEqualTo("{\"text\":\"" + text + "\"}");
    }

    @Test
    void aLargeBase64AttachmentInAJsonBodyKeepsItsBytesInOrderIn64KiBWrites() throws IOException {
        byte[] content = randomBytes(MIB);
        RecordingSink connection = new RecordingSink();
        BufferedSink sink = Okio.buffer(connection);

        new JsonBody(json -> {
            json.writeStartObject();
            json.writeFieldName("content");
            JsonBody.writeBase64(json, Attachment.of("a.bin", "application/octet-stream", content));
            json.writeStringField("after", "end");
            json.writeEndObject();
        }).writeTo(sink);

        assertUnflushedAndWrittenInBatches(connection, sink);
        String body = connection.received.readUtf8();
        assertThat(body).startsWith("{\"content\":\"").endsWith("\",\"after\":\"end\"}");
        String base64 = body.substring("{\"content\":\"".length(), body.length() - "\",\"after\":\"end\"}".length());
        assertThat(Base64.getDecoder().decode(base64)).isEqualTo(content);
    }

    @Test
    void aLargeAttachmentPartReachesTheConnectionIn64KiBWritesAndIsNotFlushed() throws IOException {
        byte[] content = randomBytes(MIB);
        RecordingSink connection = new RecordingSink();
        BufferedSink sink = Okio.buffer(connection);

        new AttachmentBody(Attachment.of("a.bin", "application/octet-stream", content)).writeTo(sink);

        assertUnflushedAndWrittenInBatches(connection, sink);
        assertThat(connection.received.readByteArray()).isEqualTo(content);
    }

    /**
     * The body never flushed the connection (OkHttp does, with the chunked terminator or the multipart's end),
     * and reached it in at most one write per 64 KiB, none but the last much shorter (a segment's worth). Then
     * flushes the rest into {@code connection.received}.
     */
    private static void assertUnflushedAndWrittenInBatches(RecordingSink connection, BufferedSink sink)
            throws IOException {
        assertThat(connection.flushes).as("flushes by the body").isZero();
        List<Long> writes = List.copyOf(connection.writes);
        sink.flush();
        assertThat(writes).hasSizeLessThanOrEqualTo((int) (connection.received.size() / BatchingBodyStream.BATCH) + 1);
        assertThat(writes.subList(0, writes.size() - 1)).allMatch(n -> n >= BatchingBodyStream.BATCH - 8192);
    }

    /** Bytes that no reordering of 8 KiB segments would leave as they were. */
    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(16).nextBytes(bytes);
        return bytes;
    }

    private static String randomAscii(int size) {
        Random random = new Random(16);
        char[] text = new char[size];
        for (int i = 0; i < size; i++) {
            text[i] = (char) ('a' + random.nextInt(26));
        }
        return new String(text);
    }
}
