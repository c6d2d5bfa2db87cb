package dev.mailover.mime.internal;

import dev.mailover.Attachment;
import jakarta.activation.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Lets Jakarta Mail read an {@link Attachment} through {@link Attachment#openStream()} each time the
 * message is written, so a file attachment is streamed from disk and never held in memory.
 */
final class AttachmentDataSource implements DataSource {

    private final Attachment attachment;

    AttachmentDataSource(Attachment attachment) {
        this.attachment = attachment;
    }

    @Override
    public InputStream getInputStream() throws IOException {
        return attachment.openStream();
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        throw new IOException("attachment '" + attachment.filename() + "' is read-only");
    }

    @Override
    public String getContentType() {
        return attachment.contentType();
    }

    @Override
    public String getName() {
        return attachment.filename();
    }
}
