package dev.mailover.http;

import dev.mailover.Attachment;
import dev.mailover.internal.UnreadableAttachmentException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * An attachment's content as the request bodies read it while they stream. Every read failure is an
 * {@link UnreadableAttachmentException}, so it is not mistaken for a network failure, and so is a
 * file that ends before, or runs past, the size it had when it was opened: a file truncated or
 * rewritten mid-upload is refused rather than sent cut short.
 */
final class AttachmentStream extends FilterInputStream {

    private final Attachment attachment;
    private final long expected;
    private long read;

    private AttachmentStream(InputStream in, Attachment attachment, long expected) {
        super(in);
        this.attachment = attachment;
        this.expected = expected;
    }

    /** Opens the attachment. @throws UnreadableAttachmentException when it cannot be opened */
    static AttachmentStream open(Attachment attachment) throws UnreadableAttachmentException {
        try {
            long size = attachment.size();
            return new AttachmentStream(attachment.openStream(), attachment, size);
        } catch (UncheckedIOException e) {
            throw UnreadableAttachmentException.of(attachment, e.getCause());
        } catch (IOException e) {
            throw UnreadableAttachmentException.of(attachment, e);
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
            throw UnreadableAttachmentException.of(attachment, e);
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

    private UnreadableAttachmentException changed() {
        return UnreadableAttachmentException.changed(attachment, read + " bytes read of the " + expected
                + " it had when the upload began");
    }
}
