package dev.mailover.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import okhttp3.Headers;
import org.junit.jupiter.api.Test;

/** Which header says how long to wait; the value itself is read by dev.mailover.internal.RetryAfter. */
class RetryAfterHeadersTest {

    private static final Instant NOW = Instant.parse("2026-11-29T01:00:00Z");

    @Test
    void retryAfterInSecondsIsADelay() {
        assertThat(RetryAfterHeaders.from(Headers.of("Retry-After", "120"), NOW)).contains(Duration.ofSeconds(120));
    }

    @Test
    void rateLimitResetIsAUnixTime() {
        long reset = NOW.getEpochSecond() + 45;
        assertThat(RetryAfterHeaders.from(Headers.of("X-RateLimit-Reset", String.valueOf(reset)), NOW)).contains(Duration.ofSeconds(45));
    }

    @Test
    void smallRateLimitResetIsSecondsToWait() {
        assertThat(RetryAfterHeaders.from(Headers.of("X-RateLimit-Reset", "9"), NOW)).contains(Duration.ofSeconds(9));
    }

    @Test
    void retryAfterWinsOverRateLimitReset() {
        Headers both = Headers.of("Retry-After", "5", "X-RateLimit-Reset", String.valueOf(NOW.getEpochSecond() + 60));
        assertThat(RetryAfterHeaders.from(both, NOW)).contains(Duration.ofSeconds(5));
    }

    @Test
    void garbageIsIgnored() {
        assertThat(RetryAfterHeaders.from(Headers.of("Retry-After", "soon", "X-RateLimit-Reset", "later"), NOW)).isEmpty();
        assertThat(RetryAfterHeaders.from(Headers.of(), NOW)).isEmpty();
    }
}
