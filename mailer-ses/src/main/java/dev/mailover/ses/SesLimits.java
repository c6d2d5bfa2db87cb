package dev.mailover.ses;

import dev.mailover.Email;
import dev.mailover.internal.EncodedSize;
import java.util.Locale;
import java.util.Optional;

/**
 * Amazon SES's per-message limits, checked before any network call so that an oversized message
 * fails at once as {@code MESSAGE_REJECTED} instead of after an upload. The size is counted as every
 * API transport counts it ({@link EncodedSize}: text as UTF-8, attachments as base64, files sized
 * without being read); the exact raw size is checked again while the message is written.
 */
final class SesLimits {

    /** SES accepts at most 40 MB per message, attachments included after base64 encoding. */
    static final long MAX_MESSAGE_BYTES = 40L * 1024 * 1024;
    /** SES accepts at most 50 recipients (To, Cc and Bcc together) per message. */
    static final int MAX_RECIPIENTS = 50;

    private SesLimits() {
    }

    /** A limit the email is over: which one, and by how much. */
    record Violation(SesReason reason, String detail) {
    }

    /**
     * What is over a limit, or empty when the email fits.
     *
     * @throws dev.mailover.MailException MESSAGE_REJECTED naming an attachment file that can no longer be read
     */
    static Optional<Violation> violation(Email email, String transport) {
        int recipients = email.recipients().size();
        if (recipients > MAX_RECIPIENTS) {
            return Optional.of(new Violation(SesReason.TOO_MANY_RECIPIENTS, recipients + " recipients, over the "
                    + MAX_RECIPIENTS + " per message that Amazon SES accepts (To, Cc and Bcc together)"));
        }
        long size = EncodedSize.of(email, transport);
        if (size > MAX_MESSAGE_BYTES) {
            return Optional.of(new Violation(SesReason.TOO_LARGE, tooLarge(size)));
        }
        return Optional.empty();
    }

    /** The refusal text for a message of this many bytes. */
    private static String tooLarge(long bytes) {
        return String.format(Locale.ROOT, "the message is about %.1f MB once encoded, over the 40 MB per"
                + " message that Amazon SES accepts", bytes / (1024.0 * 1024.0));
    }
}
