package dev.mailover.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailover.FailureKind;
import dev.mailover.MailException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The relay's decision after a failure: give up on refusals and old entries, otherwise retry on a schedule. */
class RetryPolicyTest {

    private static final long NOW = 1_000_000_000L;
    private final RetryPolicy middle = new RetryPolicy(Duration.ofSeconds(30), Duration.ofHours(1), Duration.ofDays(5), () -> 0.5);

    private static MailException failure(FailureKind kind) {
        return MailException.builder(kind, "smtp").detail("the reply").build();
    }

    @ParameterizedTest
    @EnumSource(value = FailureKind.class, names = {"RECIPIENT_REJECTED", "MESSAGE_REJECTED"})
    void aRefusalThatEveryAttemptWouldMeetGivesUpAtOnce(FailureKind kind) {
        RetryPolicy.Decision d = middle.decide(failure(kind), 1, NOW, NOW);
        assertThat(d.givesUp()).isTrue();
        assertThat(d.detail()).isEqualTo("the reply");
    }

    @ParameterizedTest
    @EnumSource(value = FailureKind.class, names = {"RECIPIENT_REJECTED", "MESSAGE_REJECTED"}, mode = EnumSource.Mode.EXCLUDE)
    void everyOtherKindIsRetriedIncludingADeferredRecipientAndBadCredentials(FailureKind kind) {
        RetryPolicy.Decision d = middle.decide(failure(kind), 1, NOW, NOW);
        assertThat(d.givesUp()).isFalse();
        assertThat(d.nextAttemptAt()).isEqualTo(NOW + 30_000);
    }

    @Test
    void theDelayDoublesAfterEachFailureUpToTheCap() {
        MailException e = failure(FailureKind.CONNECTION_REFUSED);
        assertThat(middle.delay(1, e)).isEqualTo(Duration.ofSeconds(30));
        assertThat(middle.delay(2, e)).isEqualTo(Duration.ofSeconds(60));
        assertThat(middle.delay(5, e)).isEqualTo(Duration.ofSeconds(480));
        assertThat(middle.delay(9, e)).isEqualTo(Duration.ofHours(1));
        assertThat(middle.delay(1000, e)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void jitterSpreadsTheDelayByAFifthEitherWay() {
        MailException e = failure(FailureKind.SERVICE_UNAVAILABLE);
        RetryPolicy low = new RetryPolicy(Duration.ofSeconds(30), Duration.ofHours(1), Duration.ofDays(5), () -> 0.0);
        RetryPolicy high = new RetryPolicy(Duration.ofSeconds(30), Duration.ofHours(1), Duration.ofDays(5), () -> 0.999_999);
        assertThat(low.delay(2, e)).isEqualTo(Duration.ofSeconds(48));
        assertThat(high.delay(2, e).toMillis()).isBetween(71_990L, 72_000L);
    }

    @Test
    void theServersRetryAfterIsAFloorEvenAboveTheCap() {
        MailException throttled = MailException.builder(FailureKind.RATE_LIMITED, "sendgrid").retryAfter(Duration.ofHours(2)).build();
        assertThat(middle.delay(1, throttled)).isEqualTo(Duration.ofHours(2));
        MailException soon = MailException.builder(FailureKind.RATE_LIMITED, "sendgrid").retryAfter(Duration.ofSeconds(1)).build();
        assertThat(middle.delay(1, soon)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void anEntryPastItsMaximumAgeGivesUpSayingWhy() {
        long queued = NOW - Duration.ofDays(5).toMillis();
        RetryPolicy.Decision d = middle.decide(failure(FailureKind.CONNECTION_TIMEOUT), 40, queued, NOW);
        assertThat(d.givesUp()).isTrue();
        assertThat(d.detail()).contains("maxAge").contains("40 attempt(s)").contains("the reply");
    }

    @Test
    void anAttemptThatWouldFallAfterTheMaximumAgeIsNotScheduled() {
        long queued = NOW - Duration.ofDays(5).toMillis() + Duration.ofMinutes(10).toMillis();
        RetryPolicy.Decision d = middle.decide(failure(FailureKind.CONNECTION_TIMEOUT), 9, queued, NOW);
        assertThat(d.givesUp()).isTrue();
        assertThat(d.detail()).contains("would come after maxAge");
        assertThat(middle.decide(failure(FailureKind.CONNECTION_TIMEOUT), 1, queued, NOW).givesUp()).isFalse();
    }
}
