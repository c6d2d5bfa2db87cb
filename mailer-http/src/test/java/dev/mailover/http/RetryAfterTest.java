package dev.mailover.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import okhttp3.Headers;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2026-11-29T01:00:00Z");

    @Test
    void secondsAreADelay() {
        assertThat(RetryAfter.from(Headers.of("Retry-After", "120"), NOW)).contains(Duration.ofSeconds(120));
    }

    @Test
    void httpDateIsTheTimeUntilThen() {
        assertThat(RetryAfter.from(Headers.of("Retry-After", "Sun, 29 Nov 2026 01:00:30 GMT"), NOW)).contains(Duration.ofSeconds(30));
    }

    @Test
    void dateInThePastMeansNow() {
        assertThat(RetryAfter.from(Headers.of("Retry-After", "Sun, 29 Nov 2026 00:59:00 GMT"), NOW)).contains(Duration.ZERO);
    }

    @Test
    void rateLimitResetIsAUnixTime() {
        long reset = NOW.getEpochSecond() + 45;
        assertThat(RetryAfter.from(Headers.of("X-RateLimit-Reset", String.valueOf(reset)), NOW)).contains(Duration.ofSeconds(45));
    }

    @Test
    void smallRateLimitResetIsSecondsToWait() {
        assertThat(RetryAfter.from(Headers.of("X-RateLimit-Reset", "9"), NOW)).contains(Duration.ofSeconds(9));
    }

    @Test
    void retryAfterWinsOverRateLimitReset() {
        Headers both = Headers.of("Retry-After", "5", "X-RateLimit-Reset", String.valueOf(NOW.getEpochSecond() + 60));
        assertThat(RetryAfter.from(both, NOW)).contains(Duration.ofSeconds(5));
    }

    @Test
    void garbageIsIgnored() {
        assertThat(RetryAfter.from(Headers.of("Retry-After", "soon", "X-RateLimit-Reset", "later"), NOW)).isEmpty();
        assertThat(RetryAfter.from(Headers.of(), NOW)).isEmpty();
    }
}
