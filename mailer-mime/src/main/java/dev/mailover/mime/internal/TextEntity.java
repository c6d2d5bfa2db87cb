package dev.mailover.mime.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A {@code text/plain} or {@code text/html} body in UTF-8. The transfer encoding is chosen once, when
 * the entity is made ({@link TransferEncoding#of}); writing encodes the text to UTF-8 a chunk at a
 * time straight into the encoder, so that a large body is never copied whole.
 */
final class TextEntity implements MimeEntity {

    /** Characters encoded at a time: small enough to stay out of the way of the heap. */
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
        int n = text.length();
        for (int start = 0; start < n; ) {
            int end = Math.min(n, start + CHUNK);
            if (end < n && Character.isHighSurrogate(text.charAt(end - 1))) {
                end--; // keep a surrogate pair in one chunk, or it would be written as two '?'
            }
            encoder.write(text.substring(start, end).getBytes(StandardCharsets.UTF_8));
            start = end;
        }
        encoder.flush();
    }
}
