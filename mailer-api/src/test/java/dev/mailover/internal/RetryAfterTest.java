package dev.mailover.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2026-11-29T01:00:00Z");

    @Test
    void secondsAreADelay() {
        assertThat(RetryAfter.parse(" 120 ", NOW)).contains(Duration.ofSeconds(120));
    }

    @Test
    void negativeSecondsMeanNow() {
        assertThat(RetryAfter.parse("-5", NOW)).contains(Duration.ZERO);
    }

    @Test
    void httpDateIsTheTimeUntilThen() {
        assertThat(RetryAfter.parse("Sun, 29 Nov 2026 01:00:30 GMT", NOW)).contains(Duration.ofSeconds(30));
    }

    @Test
    void httpDateWithItsZoneWrittenUtcIsReadToo() {
        assertThat(RetryAfter.parse("Sun, 29 Nov 2026 01:20:00 UTC", NOW)).contains(Duration.ofMinutes(20));
    }

    @Test
    void dateInThePastMeansNow() {
        assertThat(RetryAfter.parse("Sun, 29 Nov 2026 00:59:00 GMT", NOW)).contains(Duration.ZERO);
    }

    @Test
    void garbageIsEmpty() {
        assertThat(RetryAfter.parse("soon", NOW)).isEmpty();
        assertThat(RetryAfter.parse("", NOW)).isEmpty();
    }
}
