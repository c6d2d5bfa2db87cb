package dev.mailover.mime.internal;

import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.ParameterList;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@code multipart/*} entity, written as Jakarta Mail's {@code MimeMultipart} writes one (each
 * part after its delimiter line, then a line end, then the close delimiter), but directly, without a
 * content handler lookup or a line stream per part.
 */
final class MultipartEntity implements MimeEntity {

    private static final AtomicLong PARTS = new AtomicLong();

    private final List<MimeEntity> parts;
    private final String boundary;
    private final String contentType;

    MultipartEntity(String subtype, List<MimeEntity> parts) {
        this.parts = List.copyOf(parts);
        // Unique in the process and unguessable, so that no text a user writes can end a part early.
        this.boundary = "----=_Part_" + PARTS.getAndIncrement() + "_"
                + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36) + "."
                + System.currentTimeMillis();
        ParameterList params = new ParameterList();
        params.set("boundary", boundary);
        this.contentType = new ContentType("multipart", subtype, params).toString();
    }

    @Override
    public String contentType() {
        return contentType;
    }

    @Override
    public String transferEncoding() {
        return null;
    }

    @Override
    public List<String> headerLines() {
        return List.of("Content-Type: " + contentType);
    }

    @Override
    public void writeBody(HeaderLineOutputStream out) throws IOException {
        String delimiter = "--" + boundary;
        for (MimeEntity part : parts) {
            out.writeln(delimiter);
            for (String line : part.headerLines()) {
                out.writeln(line);
            }
            out.writeln();
            part.writeBody(out);
            out.writeln();
        }
        out.writeln(delimiter + "--");
    }
}
