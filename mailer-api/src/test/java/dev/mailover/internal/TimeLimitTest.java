package dev.mailover.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TimeLimitTest {

    @Test
    void noLimitNeverExpiresAndCapsNothing() {
        TimeLimit none = TimeLimit.none();

        assertThat(none.isSet()).isFalse();
        assertThat(none.expired()).isFalse();
        assertThat(none.remaining()).isGreaterThan(Duration.ofDays(3650));
        assertThat(none.cap(Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aSpentLimitHasZeroLeftAndCapsToOneMillisecond() {
        TimeLimit spent = TimeLimit.of(Duration.ZERO);

        assertThat(spent.expired()).isTrue();
        assertThat(spent.remaining()).isZero();
        assertThat(spent.cap(Duration.ofSeconds(30))).isEqualTo(Duration.ofMillis(1));
    }

    @Test
    void capsAConfiguredTimeoutToTheTimeLeft() {
        TimeLimit limit = TimeLimit.of(Duration.ofSeconds(5));

        assertThat(limit.cap(Duration.ofSeconds(30))).isLessThanOrEqualTo(Duration.ofSeconds(5));
        assertThat(limit.cap(Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(1));
        assertThat(limit.expired()).isFalse();
    }

    @Test
    void aLimitOfCenturiesDoesNotOverflow() {
        TimeLimit huge = TimeLimit.of(Duration.ofSeconds(Long.MAX_VALUE));

        assertThat(huge.expired()).isFalse();
        assertThat(huge.remaining()).isPositive();
    }

    @Test
    void aNegativeLimitIsSpent() {
        assertThat(TimeLimit.of(Duration.ofSeconds(-1)).expired()).isTrue();
    }
}
