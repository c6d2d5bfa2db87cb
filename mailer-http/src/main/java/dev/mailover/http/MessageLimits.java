package dev.mailover.http;

import dev.mailover.Attachment;
import dev.mailover.Email;
import dev.mailover.FailureKind;
import dev.mailover.MailException;
import dev.mailover.internal.UnreadableAttachmentException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A provider's size and recipient limits, checked before any network call so an oversized message
 * fails at once as {@link FailureKind#MESSAGE_REJECTED} instead of after a long upload.
 *
 * <p>The size counted is what travels: subject, bodies and headers as UTF-8, attachments as
 * base64 (4 bytes for every 3). Providers count the encoded message, so a 25 MB file does not fit a
 * 25 MB limit.
 *
 * @param provider      the provider's name, for the message
 * @param maxBytes      the largest encoded message the provider accepts
 * @param maxRecipients the most recipients (To, Cc and Bcc together), or 0 for no limit
 */
record MessageLimits(String provider, long maxBytes, int maxRecipients) {

    static final long MB = 1024L * 1024L;

    /** @throws MailException MESSAGE_REJECTED naming the limit and the message's size or count */
    void check(Email email, String transport) {
        int recipients = email.recipients().size();
        if (maxRecipients > 0 && recipients > maxRecipients) {
            throw rejected(transport, "the email has " + recipients + " recipients; " + provider + " accepts at most "
                    + maxRecipients + " (To, Cc and Bcc together)",
                    "Split the recipients over several emails of at most " + maxRecipients + " each.");
        }
        long size = encodedSize(email, transport);
        if (size > maxBytes) {
            throw rejected(transport, String.format(java.util.Locale.ROOT,
                    "the email is %.1f MB once encoded; %s accepts at most %d MB", size / (double) MB, provider, maxBytes / MB),
                    "Send smaller attachments, or link to large files instead of attaching them.");
        }
    }

    /**
     * The size of the message as it travels: text as UTF-8, attachments base64-encoded.
     *
     * @throws MailException MESSAGE_REJECTED naming an attachment file that can no longer be read
     */
    static long encodedSize(Email email, String transport) {
        long size = utf8(email.subject()) + utf8(email.text().orElse("")) + utf8(email.html().orElse(""));
        for (Map.Entry<String, String> h : email.headers().entrySet()) {
            size += utf8(h.getKey()) + utf8(h.getValue()) + 4;
        }
        for (Attachment a : email.attachments()) {
            long raw = UnreadableAttachmentException.sizeOf(a, transport);
            size += (raw + 2) / 3 * 4 + utf8(a.filename()) + utf8(a.contentType());
        }
        return size;
    }

    static MailException rejected(String transport, String detail, String hint) {
        return MailException.builder(FailureKind.MESSAGE_REJECTED, transport).detail(detail).hint(hint).build();
    }

    private static long utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
