package dev.mailover.smtp;

import jakarta.mail.MessagingException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Thrown when an attachment's file ({@code Attachment.of(name, type, Path)}) can no longer be read
 * when the email is sent: deleted, moved or not readable any more. A message problem, found before
 * anything is sent.
 */
final class UnreadableAttachmentException extends MessagingException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    UnreadableAttachmentException(String filename, Path file, IOException cause) {
        super("attachment '" + filename + "': cannot read " + file + " (" + cause.getClass().getSimpleName() + ")", cause);
        this.file = file;
    }

    /** The file that could not be read. */
    Path file() {
        return file;
    }
}
