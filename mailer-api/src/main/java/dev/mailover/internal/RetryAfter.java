package dev.mailover.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads one {@code Retry-After} value: delta-seconds or an HTTP date (RFC 9110 section 10.2.3), as
 * the API providers send it in a header or in their words. Shared by the OkHttp transports (which
 * read the headers) and SES (which reads the SDK's response). Not API.
 */
public final class RetryAfter {

    private RetryAfter() {
    }

    /**
     * How long the value asks to wait from {@code now}: a time in the past, or a negative number, is
     * zero; an unreadable value is empty. An HTTP date may name its zone UTC instead of GMT, as
     * Mailgun's "try again after … UTC" does.
     */
    public static Optional<Duration> parse(String retryAfter, Instant now) {
        String value = retryAfter.strip();
        try {
            long seconds = Long.parseLong(value);
            return Optional.of(Duration.ofSeconds(Math.max(0, seconds)));
        } catch (NumberFormatException notSeconds) {
            try {
                // RFC 1123 names the zone GMT; some providers write UTC (Mailgun's "try again after … UTC")
                String gmt = value.endsWith(" UTC") ? value.substring(0, value.length() - 4) + " GMT" : value;
                Instant at = ZonedDateTime.parse(gmt, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(now, at);
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }
}
