package dev.mailover.http;

import dev.mailover.internal.RetryAfter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import okhttp3.Headers;

/**
 * The one retry-after policy of the HTTP transports: how long a provider's headers ask us to wait.
 * {@code Retry-After} (seconds or an HTTP date, read by {@link RetryAfter}) counts on any status. The
 * rate-limit reset headers count only when the answer is a rate limit: they accompany every answer and
 * say when the window starts over, so after a 5xx they are no reason to wait. They are
 * {@code X-RateLimit-Reset} (SendGrid, a Unix time), {@code ratelimit-reset} (Resend, seconds) and
 * {@code x-sib-ratelimit-reset} (Brevo, seconds); a number too small to be a Unix time is seconds to
 * wait. {@link dev.mailover.internal.Classification} then keeps a wait only for retryable kinds.
 */
final class RetryAfterHeaders {

    /** Numbers below this are delays in seconds rather than Unix times (2001-09-09). */
    private static final long SMALLEST_EPOCH_SECOND = 1_000_000_000L;
    private static final List<String> RESETS = List.of("X-RateLimit-Reset", "ratelimit-reset", "x-sib-ratelimit-reset");

    private RetryAfterHeaders() {
    }

    /**
     * The wait the headers ask for, from {@code now}; a time in the past is zero, an unreadable value
     * is ignored.
     *
     * @param rateLimited whether the answer is a rate limit, so that the reset headers count
     */
    static Optional<Duration> from(Headers headers, Instant now, boolean rateLimited) {
        String retryAfter = headers.get("Retry-After");
        Optional<Duration> said = retryAfter == null ? Optional.empty() : RetryAfter.parse(retryAfter, now);
        if (said.isPresent() || !rateLimited) {
            return said;
        }
        for (String name : RESETS) {
            String reset = headers.get(name);
            if (reset != null) {
                try {
                    long n = Long.parseLong(reset.strip());
                    Duration d = n >= SMALLEST_EPOCH_SECOND ? Duration.between(now, Instant.ofEpochSecond(n)) : Duration.ofSeconds(n);
                    return Optional.of(d.isNegative() ? Duration.ZERO : d);
                } catch (NumberFormatException unreadable) {
                    // the next reset header, if any, may be readable
                }
            }
        }
        return Optional.empty();
    }
}
