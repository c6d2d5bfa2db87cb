package dev.mailover.http;

import dev.mailover.internal.RetryAfter;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import okhttp3.Headers;

/**
 * Reads how long a provider asks us to wait from its response headers: {@code Retry-After} as seconds
 * or as an HTTP date ({@link RetryAfter}), else {@code X-RateLimit-Reset} as a Unix time in seconds
 * (SendGrid) or, when the number is too small to be a time, as seconds to wait.
 */
final class RetryAfterHeaders {

    /** Numbers below this are delays in seconds rather than Unix times (2001-09-09). */
    private static final long SMALLEST_EPOCH_SECOND = 1_000_000_000L;

    private RetryAfterHeaders() {
    }

    static Optional<Duration> from(Headers headers, Instant now) {
        String retryAfter = headers.get("Retry-After");
        if (retryAfter != null) {
            Optional<Duration> d = RetryAfter.parse(retryAfter, now);
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
}
