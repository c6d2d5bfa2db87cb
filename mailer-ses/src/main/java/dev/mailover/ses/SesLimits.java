package dev.mailover.ses;

import dev.mailover.Attachment;
import dev.mailover.Email;
import dev.mailover.internal.UnreadableAttachmentException;
import java.util.Optional;

/**
 * Amazon SES's per-message limits, checked before any network call so that an oversized message
 * fails at once as {@code MESSAGE_REJECTED} instead of after an upload.
 */
final class SesLimits {

    /** SES accepts at most 40 MB per message, attachments included after base64 encoding. */
    static final long MAX_MESSAGE_BYTES = 40L * 1024 * 1024;
    /** SES accepts at most 50 recipients (To, Cc and Bcc together) per message. */
    static final int MAX_RECIPIENTS = 50;

    private SesLimits() {
    }

    /**
     * What is over a limit, or empty when the email fits. The size is estimated from the attachments'
     * base64 size, without reading them; the exact raw size is checked again while the message is
     * written.
     *
     * @throws dev.mailover.MailException MESSAGE_REJECTED naming an attachment file that can no longer be read
     */
    static Optional<String> violation(Email email, String transport) {
        int recipients = email.recipients().size();
        if (recipients > MAX_RECIPIENTS) {
            return Optional.of(recipients + " recipients, over the " + MAX_RECIPIENTS
                    + " per message that Amazon SES accepts (To, Cc and Bcc together)");
        }
        long estimate = email.text().map(String::length).orElse(0) + email.html().map(String::length).orElse(0);
        for (Attachment a : email.attachments()) {
            estimate += (UnreadableAttachmentException.sizeOf(a, transport) + 2) / 3 * 4;
        }
        if (estimate > MAX_MESSAGE_BYTES) {
            return Optional.of(tooLarge(estimate));
        }
        return Optional.empty();
    }

    /** The refusal text for a message of this many bytes. */
    static String tooLarge(long bytes) {
        return String.format(java.util.Locale.ROOT, "the message is about %.1f MB once encoded, over the 40 MB per"
                + " message that Amazon SES accepts", bytes / (1024.0 * 1024.0));
    }
}
