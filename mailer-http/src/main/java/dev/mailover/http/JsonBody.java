package dev.mailover.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.mailover.Address;
import dev.mailover.Attachment;
import dev.mailover.Email;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.BufferedSink;

/**
 * A JSON request body written straight to the connection with Jackson's streaming generator.
 * Attachments are base64-encoded on the fly from {@link Attachment#openStream()}, so a large file
 * never sits in memory, not even as one base64 copy: only a 64 KiB batch at a time
 * ({@link BatchingBodyStream}).
 *
 * <p>The body is one-shot: OkHttp never replays it on its own, so a message can never be sent twice
 * behind the caller's back.
 */
final class JsonBody extends RequestBody {

    static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(com.fasterxml.jackson.core.StreamWriteFeature.AUTO_CLOSE_TARGET)
            // a failure mid-body must not be "repaired" into valid-looking JSON: the request is aborted
            .disable(com.fasterxml.jackson.core.StreamWriteFeature.AUTO_CLOSE_CONTENT)
            // Closing the generator must not flush the connection: OkHttp then sends the last chunk and the
            // chunked terminator in one write. A flush here puts the 5-byte terminator in a segment of its own,
            // which Nagle's algorithm holds until the server's delayed ACK: about 40 ms per request on Linux.
            // (The target is a BatchingBodyStream, whose flush never reaches the connection either.)
            .disable(com.fasterxml.jackson.core.StreamWriteFeature.FLUSH_PASSED_TO_STREAM)
            .build();

    /** Writes one JSON document with a generator. */
    @FunctionalInterface
    interface Writer {
        void write(JsonGenerator json) throws IOException;
    }

    private final Writer writer;

    JsonBody(Writer writer) {
        this.writer = writer;
    }

    @Override
    public MediaType contentType() {
        return JSON;
    }

    @Override
    public long contentLength() {
        return -1; // streamed (chunked): the length is never computed by buffering
    }

    @Override
    public boolean isOneShot() {
        return true;
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
        BatchingBodyStream body = new BatchingBodyStream(sink);
        try (JsonGenerator json = FACTORY.createGenerator(body)) {
            writer.write(json);
        }
        body.close(); // not on a failure: the request is aborted, and nothing more of it goes out
    }

    /**
     * Writes {@code "headers": {…}}: the Email's custom headers, then {@code extra}, then its
     * {@code Message-ID}, so that every attempt of a failover send carries the same id.
     */
    static void writeHeaders(JsonGenerator json, Email email, Map<String, String> extra) throws IOException {
        json.writeObjectFieldStart("headers");
        for (Map.Entry<String, String> h : email.headers().entrySet()) {
            json.writeStringField(h.getKey(), h.getValue());
        }
        for (Map.Entry<String, String> h : extra.entrySet()) {
            json.writeStringField(h.getKey(), h.getValue());
        }
        json.writeStringField("Message-ID", email.messageId());
        json.writeEndObject();
    }

    /**
     * Writes {@code "field": [{"email", "name"}, …]} for the addresses, nothing when there are none;
     * {@code name} gives the display name as the provider accepts it, or null for none.
     */
    static void writeAddresses(JsonGenerator json, String field, List<Address> addresses, Function<Address, String> name)
            throws IOException {
        if (addresses.isEmpty()) {
            return;
        }
        json.writeArrayFieldStart(field);
        for (Address a : addresses) {
            writeAddress(json, a, name);
        }
        json.writeEndArray();
    }

    /** Writes one address as {@code {"email", "name"}}, without a name when {@code name} gives none. */
    static void writeAddress(JsonGenerator json, Address address, Function<Address, String> name) throws IOException {
        json.writeStartObject();
        json.writeStringField("email", address.email());
        String n = name.apply(address);
        if (n != null) {
            json.writeStringField("name", n);
        }
        json.writeEndObject();
    }

    /**
     * Writes the attachment's content as one base64 string value, encoding while it reads; a file that
     * cannot be read, or changes, fails the upload (see {@link AttachmentStream}).
     */
    static void writeBase64(JsonGenerator json, Attachment attachment) throws IOException {
        // Jackson's writeBinary encodes in a Java loop, about twice the CPU of the JDK's intrinsic encoder for
        // a large attachment; so the value's quotes go through the generator (which keeps its separators
        // right) and the base64 text, which needs no JSON escaping, straight to the body's stream.
        json.writeRawValue("\"");
        json.flush(); // into the body's buffer only: FLUSH_PASSED_TO_STREAM is off
        OutputStream body = (OutputStream) json.getOutputTarget();
        try (InputStream content = AttachmentStream.open(attachment);
                OutputStream base64 = Base64.getEncoder().wrap(new KeepOpen(body))) {
            content.transferTo(base64);
        }
        json.writeRaw('"');
    }

    /** The body's stream, left open when the base64 encoder around it is closed (which writes its last bytes). */
    private static final class KeepOpen extends OutputStream {
        private final OutputStream out;

        KeepOpen(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() {
            // the body's stream is writeTo's, which hands its last batch over when the whole body is written
        }
    }
}
