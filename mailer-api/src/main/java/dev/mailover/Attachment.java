package dev.mailover;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A file attached to an {@link Email}, or an inline part that the HTML body references as
 * {@code cid:contentId}.
 *
 * <p>An attachment holds either bytes (copied on the way in) or a {@link Path} that is read only
 * when a transport sends it and is streamed, never loaded into memory twice. Instances are immutable
 * and thread-safe.
 */
public final class Attachment {

    private final String filename;
    private final String contentType;
    private final String contentId;
    private final byte[] bytes;
    private final Path path;

    private Attachment(String filename, String contentType, String contentId, byte[] bytes, Path path) {
        this.filename = checkText("attachment filename", filename);
        this.contentType = checkContentType(contentType);
        this.contentId = contentId;
        this.bytes = bytes;
        this.path = path;
    }

    /** An attachment whose content is the given bytes (copied). */
    public static Attachment of(String filename, String contentType, byte[] content) {
        Objects.requireNonNull(content, "content");
        return new Attachment(filename, contentType, null, content.clone(), null);
    }

    /**
     * An attachment read from a file when it is sent. The file must exist now; it is streamed
     * at send time, so a large file costs no heap up front.
     */
    public static Attachment of(String filename, String contentType, Path file) {
        Objects.requireNonNull(file, "file");
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException("attachment '" + filename + "': " + file + " is not a readable file");
        }
        return new Attachment(filename, contentType, null, null, file);
    }

    /**
     * An inline part, for example an image that the HTML body shows with
     * {@code <img src="cid:logo">}. The content id is given without angle brackets.
     */
    public static Attachment inline(String contentId, String filename, String contentType, byte[] content) {
        Objects.requireNonNull(content, "content");
        String cid = checkText("attachment content id", contentId);
        if (cid.startsWith("<") && cid.endsWith(">")) {
            cid = cid.substring(1, cid.length() - 1);
        }
        if (cid.isEmpty() || cid.indexOf('<') >= 0 || cid.indexOf('>') >= 0 || cid.indexOf(' ') >= 0) {
            throw new IllegalArgumentException("attachment content id: '" + contentId + "' may not contain spaces or angle brackets");
        }
        return new Attachment(filename, contentType, cid, content.clone(), null);
    }

    /** The file name that recipients see. */
    public String filename() {
        return filename;
    }

    /** The MIME type, for example {@code application/pdf}. */
    public String contentType() {
        return contentType;
    }

    /** The content id of an inline part, without angle brackets; empty for a regular attachment. */
    public Optional<String> contentId() {
        return Optional.ofNullable(contentId);
    }

    /** True for an inline part ({@link #inline}). */
    public boolean isInline() {
        return contentId != null;
    }

    /** The file this attachment streams from, when it was created from a path. */
    public Optional<Path> path() {
        return Optional.ofNullable(path);
    }

    /**
     * The size of the content in bytes. For a file this is its current size.
     *
     * @throws UncheckedIOException when the file can no longer be read
     */
    public long size() {
        if (bytes != null) {
            return bytes.length;
        }
        try {
            return Files.size(path);
        } catch (IOException e) {
            throw new UncheckedIOException("attachment '" + filename + "': cannot read " + path, e);
        }
    }

    /**
     * Opens the content for reading. Each call returns a new stream positioned at the start; the
     * caller closes it. Bytes are not copied; a file is opened, not loaded.
     */
    public InputStream openStream() throws IOException {
        return bytes != null ? new ByteArrayInputStream(bytes) : Files.newInputStream(path);
    }

    @Override
    public String toString() {
        return "Attachment{" + filename + ' ' + contentType
                + (contentId != null ? " cid:" + contentId : "")
                + (path != null ? " file=" + path : " bytes=" + bytes.length) + '}';
    }

    private static String checkText(String field, String value) {
        Objects.requireNonNull(value, field);
        String v = value.strip();
        if (v.isEmpty()) {
            throw new IllegalArgumentException(field + ": must not be blank");
        }
        for (int i = 0; i < v.length(); i++) {
            if (Character.isISOControl(v.charAt(i))) {
                throw new IllegalArgumentException(field + ": '" + Address.printable(v)
                        + "' contains a CR, LF or other control character");
            }
        }
        return v;
    }

    private static String checkContentType(String contentType) {
        String v = checkText("attachment content type", contentType);
        int slash = v.indexOf('/');
        if (slash <= 0 || slash == v.length() - 1) {
            throw new IllegalArgumentException("attachment content type: '" + v + "' is not of the form type/subtype");
        }
        return v;
    }
}
