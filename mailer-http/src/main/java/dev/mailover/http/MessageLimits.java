package dev.mailover.http;

import dev.mailover.Email;
import dev.mailover.internal.EncodedSize;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A provider's size, recipient and tag limits. Size and recipients are checked before any network
 * call, so an oversized message fails at once as {@link dev.mailover.FailureKind#MESSAGE_REJECTED}
 * instead of after a long upload; tags beyond the limit are left out (the request bodies send
 * {@link #tags(Email)}).
 *
 * <p>The size counted is what travels, as {@link EncodedSize} counts it for every API transport:
 * subject, bodies and headers as UTF-8 bytes (counted in place, never copied), attachments as base64
 * (4 bytes for every 3). Providers count the encoded message, so a 25 MB file does not fit a 25 MB limit.
 *
 * @param maxBytes      the largest encoded message the provider accepts
 * @param maxRecipients the most recipients, or 0 for no limit
 * @param toOnly        whether only To counts toward {@code maxRecipients} (Resend), else To, Cc and Bcc together
 * @param maxTags       the most tags sent, or 0 for no limit
 */
record MessageLimits(long maxBytes, int maxRecipients, boolean toOnly, int maxTags) {

    static final long MB = 1024L * 1024L;

    /** A size limit only. */
    static MessageLimits of(long maxBytes) {
        return new MessageLimits(maxBytes, 0, false, 0);
    }

    /** These limits, with at most {@code max} recipients in To, Cc and Bcc together. */
    MessageLimits withRecipients(int max) {
        return new MessageLimits(maxBytes, max, false, maxTags);
    }

    /** These limits, with at most {@code max} recipients in To (Cc and Bcc left to the provider). */
    MessageLimits withToRecipients(int max) {
        return new MessageLimits(maxBytes, max, true, maxTags);
    }

    /** These limits, with at most {@code max} tags sent. */
    MessageLimits withTags(int max) {
        return new MessageLimits(maxBytes, maxRecipients, toOnly, max);
    }

    /** The tags that are sent: the first {@link #maxTags()}, or all of them without a limit. */
    List<String> tags(Email email) {
        return maxTags == 0 || email.tags().size() <= maxTags ? email.tags() : email.tags().subList(0, maxTags);
    }

    /** The size limit for people, for example {@code 30 MB}. */
    String size() {
        return maxBytes % MB == 0 ? maxBytes / MB + " MB" : maxBytes + " bytes";
    }

    /** The values of the hint table these limits fill: {@code {limit}} and {@code {maxRecipients}}. */
    Map<String, String> hintValues() {
        return Map.of("limit", size(), "maxRecipients", String.valueOf(maxRecipients));
    }

    /**
     * Why the email is over a limit, or empty when it fits.
     *
     * @throws dev.mailover.MailException MESSAGE_REJECTED naming an attachment file that can no longer be read
     */
    Optional<Refusal> refusal(Email email, String provider, String transport) {
        int recipients = toOnly ? email.to().size() : email.recipients().size();
        if (maxRecipients > 0 && recipients > maxRecipients) {
            return Refusal.of(HttpReason.TOO_MANY_RECIPIENTS, "the email has " + recipients + (toOnly ? " To" : "")
                    + " recipients; " + provider + " accepts at most " + maxRecipients
                    + (toOnly ? " in To" : " (To, Cc and Bcc together)"));
        }
        long bytes = EncodedSize.of(email, transport);
        if (bytes > maxBytes) {
            return Refusal.of(HttpReason.TOO_LARGE, String.format(Locale.ROOT,
                    "the email is %.1f MB once encoded; %s accepts at most %s", bytes / (double) MB, provider, size()));
        }
        return Optional.empty();
    }
}
