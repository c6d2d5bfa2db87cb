package dev.mailover.http;

import dev.mailover.Attachment;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * An attachment's content as the request bodies read it while they stream. Every read failure is an
 * {@link AttachmentUnreadableException}, so it is not mistaken for a network failure, and so is a
 * file that ends before, or runs past, the size it had when it was opened: a file truncated or
 * rewritten mid-upload is refused rather than sent cut short.
 */
final class AttachmentStream extends FilterInputStream {

    private final String filename;
    private final long expected;
    private long read;

    private AttachmentStream(InputStream in, String filename, long expected) {
        super(in);
        this.filename = filename;
        this.expected = expected;
    }

    /** Opens the attachment. @throws AttachmentUnreadableException when it cannot be opened */
    static AttachmentStream open(Attachment attachment) throws AttachmentUnreadableException {
        try {
            long size = attachment.size();
            return new AttachmentStream(attachment.openStream(), attachment.filename(), size);
        } catch (UncheckedIOException e) {
            throw new AttachmentUnreadableException(attachment.filename(), e.getCause());
        } catch (IOException e) {
            throw new AttachmentUnreadableException(attachment.filename(), e);
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n;
        try {
            n = super.read(b, off, len);
        } catch (IOException e) {
            throw new AttachmentUnreadableException(filename, e);
        }
        if (n < 0) {
            if (read != expected) {
                throw changed();
            }
            return n;
        }
        read += n;
        if (read > expected) {
            throw changed();
        }
        return n;
    }

    private AttachmentUnreadableException changed() {
        return new AttachmentUnreadableException(filename, "changed while it was sent: " + read + " bytes read of the "
                + expected + " it had when the upload began");
    }
}
