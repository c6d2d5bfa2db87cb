package dev.mailover.http;

import dev.mailover.Attachment;
import dev.mailover.FailureKind;
import dev.mailover.MailException;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * An attachment's content could not be read, or changed, while the request body was written: a
 * problem with the message (a file that vanished or was truncated), not with the network. Also the
 * one place that turns such a problem into a {@link FailureKind#MESSAGE_REJECTED} naming the file,
 * whether it is found before the request (the file is gone) or while the body streams.
 */
final class AttachmentUnreadableException extends IOException {

    private static final long serialVersionUID = 1L;
    static final String HINT = "Make sure attachment files stay readable and unchanged until the email is sent.";

    AttachmentUnreadableException(String filename, IOException cause) {
        super("attachment '" + filename + "' could not be read: " + cause.getMessage(), cause);
    }

    AttachmentUnreadableException(String filename, String problem) {
        super("attachment '" + filename + "' " + problem);
    }

    /** This failure as MESSAGE_REJECTED: another transport could not read the file either. */
    MailException.Builder toFailure(String transport) {
        return MailException.builder(FailureKind.MESSAGE_REJECTED, transport).detail(getMessage()).hint(HINT).cause(this);
    }

    /**
     * The attachment's current size.
     *
     * @throws MailException MESSAGE_REJECTED naming the file when it can no longer be read
     */
    static long sizeOf(Attachment attachment, String transport) {
        try {
            return attachment.size();
        } catch (UncheckedIOException e) {
            throw new AttachmentUnreadableException(attachment.filename(), e.getCause()).toFailure(transport).build();
        }
    }
}
