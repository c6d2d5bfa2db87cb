package dev.mailover.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import okhttp3.Headers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which header says how long to wait; the value itself is read by dev.mailover.internal.RetryAfter. */
class RetryAfterHeadersTest {

    private static final Instant NOW = Instant.parse("2026-11-29T01:00:00Z");
    private static final boolean RATE_LIMITED = true;
    private static final boolean OTHER = false;

    @Test
    void retryAfterInSecondsIsADelayWhateverTheAnswer() {
        assertThat(RetryAfterHeaders.from(Headers.of("Retry-After", "120"), NOW, OTHER)).contains(Duration.ofSeconds(120));
        assertThat(RetryAfterHeaders.from(Headers.of("Retry-After", "120"), NOW, RATE_LIMITED)).contains(Duration.ofSeconds(120));
    }

    @Test
    void sendGridsRateLimitResetIsAUnixTime() {
        long reset = NOW.getEpochSecond() + 45;
        assertThat(RetryAfterHeaders.from(Headers.of("X-RateLimit-Reset", String.valueOf(reset)), NOW, RATE_LIMITED))
                .contains(Duration.ofSeconds(45));
    }

    @ParameterizedTest
    @ValueSource(strings = {"X-RateLimit-Reset", "ratelimit-reset", "x-sib-ratelimit-reset"})
    void aSmallResetIsSecondsToWait(String header) {
        assertThat(RetryAfterHeaders.from(Headers.of(header, "9"), NOW, RATE_LIMITED)).contains(Duration.ofSeconds(9));
    }

    @ParameterizedTest
    @ValueSource(strings = {"X-RateLimit-Reset", "ratelimit-reset", "x-sib-ratelimit-reset"})
    void aResetIsNoReasonToWaitUnlessTheAnswerIsARateLimit(String header) {
        assertThat(RetryAfterHeaders.from(Headers.of(header, "9"), NOW, OTHER)).isEmpty();
    }

    @Test
    void retryAfterWinsOverRateLimitReset() {
        Headers both = Headers.of("Retry-After", "5", "X-RateLimit-Reset", String.valueOf(NOW.getEpochSecond() + 60));
        assertThat(RetryAfterHeaders.from(both, NOW, RATE_LIMITED)).contains(Duration.ofSeconds(5));
    }

    @Test
    void garbageIsIgnored() {
        assertThat(RetryAfterHeaders.from(Headers.of("Retry-After", "soon", "X-RateLimit-Reset", "later"), NOW, RATE_LIMITED))
                .isEmpty();
        assertThat(RetryAfterHeaders.from(Headers.of(), NOW, RATE_LIMITED)).isEmpty();
    }
}
