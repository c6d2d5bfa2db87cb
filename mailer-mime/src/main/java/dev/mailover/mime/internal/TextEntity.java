package dev.mailover.mime.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A {@code text/plain} or {@code text/html} body in UTF-8. The transfer encoding is chosen once, when
 * the entity is made ({@link TransferEncoding#of}); writing encodes the text to UTF-8 a chunk at a
 * time through one small buffer straight into the encoder, so that a large body is never copied.
 */
final class TextEntity implements MimeEntity {

    /** Bytes encoded at a time, in one buffer per write: a large body is never copied whole. */
    private static final int CHUNK = 8192;

    private final String text;
    private final String contentType;
    private final TransferEncoding encoding;

    TextEntity(String text, String subtype) {
        this.text = text;
        this.contentType = "text/" + subtype + "; charset=UTF-8";
        this.encoding = TransferEncoding.of(text);
    }

    @Override
    public String contentType() {
        return contentType;
    }

    @Override
    public String transferEncoding() {
        return encoding.headerValue();
    }

    @Override
    public List<String> headerLines() {
        return List.of("Content-Type: " + contentType, "Content-Transfer-Encoding: " + encoding.headerValue());
    }

    @Override
    public void writeBody(HeaderLineOutputStream out) throws IOException {
        OutputStream encoder = encoding.encoder(out);
        // No bigger than the text needs (a short body's buffer is short); room for a surrogate pair.
        byte[] chunk = new byte[(int) Math.max(16, Math.min(CHUNK, 3L * text.length()))];
        if (encoding == TransferEncoding.SEVEN_BIT) {
            writeAscii(encoder, chunk);
        } else {
            writeUtf8(encoder, chunk);
        }
        encoder.flush();
    }

    /** All ASCII (the 7bit scan said so): each char is its byte. */
    @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int) is exact, and fastest, for ASCII
    private void writeAscii(OutputStream encoder, byte[] chunk) throws IOException {
        int n = text.length();
        for (int start = 0; start < n; start += chunk.length) {
            int end = Math.min(n, start + chunk.length);
            text.getBytes(start, end, chunk, 0);
            encoder.write(chunk, 0, end - start);
        }
    }

    /** UTF-8 through one reused buffer; a lone surrogate becomes {@code ?}, as String.getBytes writes it. */
    private void writeUtf8(OutputStream encoder, byte[] chunk) throws IOException {
        CharsetEncoder utf8 = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
        CharBuffer in = CharBuffer.wrap(text);
        ByteBuffer buffer = ByteBuffer.wrap(chunk);
        CoderResult result;
        do {
            result = utf8.encode(in, buffer, true);
            drain(buffer, encoder);
        } while (result.isOverflow());
        while (utf8.flush(buffer).isOverflow()) {
            drain(buffer, encoder);
        }
        drain(buffer, encoder);
    }

    private static void drain(ByteBuffer buffer, OutputStream encoder) throws IOException {
        encoder.write(buffer.array(), 0, buffer.position());
        buffer.clear();
    }
}
