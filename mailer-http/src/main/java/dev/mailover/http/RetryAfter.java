package dev.mailover.http;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import okhttp3.Headers;

/**
 * Reads how long a provider asks us to wait: {@code Retry-After} as seconds or as an HTTP date
 * (RFC 9110), else {@code X-RateLimit-Reset} as a Unix time in seconds (SendGrid) or, when the
 * number is too small to be a time, as seconds to wait.
 */
final class RetryAfter {

    /** Numbers below this are delays in seconds rather than Unix times (2001-09-09). */
    private static final long SMALLEST_EPOCH_SECOND = 1_000_000_000L;

    private RetryAfter() {
    }

    static Optional<Duration> from(Headers headers, Instant now) {
        String retryAfter = headers.get("Retry-After");
        if (retryAfter != null) {
            Optional<Duration> d = parse(retryAfter, now);
            if (d.isPresent()) {
                return d;
            }
        }
        String reset = headers.get("X-RateLimit-Reset");
        if (reset != null) {
            try {
                long n = Long.parseLong(reset.strip());
                Duration d = n >= SMALLEST_EPOCH_SECOND ? Duration.between(now, Instant.ofEpochSecond(n)) : Duration.ofSeconds(n);
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /**
     * Reads one {@code Retry-After} value: delta-seconds or an HTTP date (RFC 9110 section 10.2.3);
     * a time in the past is zero, an unreadable value empty. Shared by the OkHttp transports and SES.
     */
    static Optional<Duration> parse(String retryAfter, Instant now) {
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
