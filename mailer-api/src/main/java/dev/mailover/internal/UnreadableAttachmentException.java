package dev.mailover.internal;

import dev.mailover.Attachment;
import dev.mailover.FailureKind;
import dev.mailover.MailException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * An attachment's content could not be read, or changed, while the email was sent: a file
 * ({@code Attachment.of(name, type, Path)}) deleted, moved, truncated or no longer readable since the
 * email was built. A problem with the message, not with the network, found before anything is sent
 * where possible: whichever transport meets it (checking the files first, streaming a request body,
 * writing MIME), it is {@link FailureKind#MESSAGE_REJECTED} naming the file, because another
 * transport could not read the file either. The one place that knows this failure.
 *
 * <p>An {@link IOException}, so that it passes through the I/O of a request body; a MIME writer whose
 * API throws {@code MessagingException} carries it as the cause. Not API.
 */
public final class UnreadableAttachmentException extends IOException {

    private static final long serialVersionUID = 1L;

    /** What to do about it, whichever transport found it. */
    public static final String HINT = "Make sure attachment files stay readable and unchanged until the email is sent.";

    private final transient Path file;

    private UnreadableAttachmentException(String message, Path file, Throwable cause) {
        super(message, cause);
        this.file = file;
    }

    /** Opening or reading the attachment failed. */
    public static UnreadableAttachmentException of(Attachment attachment, IOException cause) {
        Path file = attachment.path().orElse(null);
        String message = cause.getMessage();
        String why = cause.getClass().getSimpleName()
                + (message == null || (file != null && message.equals(file.toString())) ? "" : ": " + message);
        return new UnreadableAttachmentException("attachment '" + attachment.filename() + "': cannot read "
                + (file == null ? "its content" : file) + " (" + why + ")", file, cause);
    }

    /** The attachment's content is not what it was when the send began, for example a file truncated mid-upload. */
    public static UnreadableAttachmentException changed(Attachment attachment, String how) {
        return new UnreadableAttachmentException("attachment '" + attachment.filename() + "' changed while it was sent: "
                + how, attachment.path().orElse(null), null);
    }

    /**
     * Opens, without reading, an attachment's file, so that a file deleted or replaced by a directory
     * since the email was built fails now, naming it. An attachment held in memory always passes.
     *
     * @throws UnreadableAttachmentException when the file cannot be opened
     */
    public static void requireReadable(Attachment attachment) throws UnreadableAttachmentException {
        Path file = attachment.path().orElse(null);
        if (file == null) {
            return;
        }
        try {
            if (!Files.isRegularFile(file)) {
                throw Files.exists(file) ? new FileSystemException(file.toString(), null, "not a regular file")
                        : new NoSuchFileException(file.toString());
            }
            Files.newInputStream(file).close();
        } catch (IOException e) {
            throw of(attachment, e);
        }
    }

    /**
     * The attachment's current size, without reading it.
     *
     * @throws MailException MESSAGE_REJECTED naming the file when it can no longer be read
     */
    public static long sizeOf(Attachment attachment, String transport) {
        try {
            return attachment.size();
        } catch (UncheckedIOException e) {
            throw of(attachment, e.getCause()).toFailure(transport).build();
        }
    }

    /** The file that could not be read, or null for content held in memory. */
    public Path file() {
        return file;
    }

    /** This failure as MESSAGE_REJECTED with its detail, the hint and itself as the cause. */
    public MailException.Builder toFailure(String transport) {
        return MailException.builder(FailureKind.MESSAGE_REJECTED, transport).detail(getMessage()).hint(HINT).cause(this);
    }
}
