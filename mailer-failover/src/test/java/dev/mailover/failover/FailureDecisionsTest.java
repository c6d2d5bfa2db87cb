package dev.mailover.failover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailover.FailureKind;
import dev.mailover.MailException;
import dev.mailover.failover.FailureDecisions.Action;
import dev.mailover.failover.FailureDecisions.Situation;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Each decision rule on its own. */
class FailureDecisionsTest {

    static Action decide(MailException.Builder failure, AmbiguityPolicy policy, Duration remaining, long retryDelay) {
        return decide(failure, policy, remaining, remaining, false, retryDelay);
    }

    static Action decide(MailException.Builder failure, AmbiguityPolicy policy, Duration remaining, Duration attemptBudget,
                         boolean othersUntried, long retryDelay) {
        return FailureDecisions.decide(new Situation(failure.build(), policy, remaining, attemptBudget, othersUntried,
                () -> retryDelay)).action();
    }

    static MailException.Builder failure(FailureKind kind) {
        return MailException.builder(kind, "smtp");
    }

    @Test
    void recipientAndMessageRejectionsStopEvenWhenARetryIsAllowed() {
        assertThat(decide(failure(FailureKind.RECIPIENT_REJECTED), AmbiguityPolicy.FAILOVER, Duration.ofMinutes(1), 10))
                .isEqualTo(Action.STOP);
        assertThat(decide(failure(FailureKind.MESSAGE_REJECTED), AmbiguityPolicy.FAILOVER, Duration.ofMinutes(1), 10))
                .isEqualTo(Action.STOP);
    }

    @Test
    void possiblyDeliveredStopsOnlyUnderFail() {
        MailException.Builder dropped = failure(FailureKind.CONNECTION_LOST).possiblyDelivered(true);
        assertThat(decide(dropped, AmbiguityPolicy.FAIL, Duration.ofMinutes(1), 10)).isEqualTo(Action.STOP);
        assertThat(decide(dropped, AmbiguityPolicy.FAILOVER, Duration.ofMinutes(1), -1)).isEqualTo(Action.FAILOVER);
    }

    @Test
    void spentDeadlineEndsTheSend() {
        assertThat(decide(failure(FailureKind.CONNECTION_TIMEOUT), AmbiguityPolicy.FAILOVER, Duration.ZERO, 10))
                .isEqualTo(Action.OUT_OF_TIME);
    }

    @Test
    void retryHappensOnlyWhenTheWaitFitsInTheTimeLeft() {
        assertThat(decide(failure(FailureKind.RATE_LIMITED), AmbiguityPolicy.FAILOVER, Duration.ofSeconds(2), 1000))
                .isEqualTo(Action.RETRY);
        assertThat(decide(failure(FailureKind.RATE_LIMITED), AmbiguityPolicy.FAILOVER, Duration.ofSeconds(2), 5000))
                .isEqualTo(Action.FAILOVER);
        assertThat(decide(failure(FailureKind.SERVICE_UNAVAILABLE), AmbiguityPolicy.FAILOVER, Duration.ofSeconds(2), -1))
                .isEqualTo(Action.FAILOVER);
    }

    @Test
    void aFailedConnectionIsNotRetriedWhileAnotherTransportIsUntried() {
        MailException.Builder timedOut = failure(FailureKind.CONNECTION_TIMEOUT).connectionFailed(true);

        assertThat(decide(timedOut, AmbiguityPolicy.FAILOVER, Duration.ofSeconds(50), Duration.ofSeconds(40), true, 200))
                .isEqualTo(Action.FAILOVER);
        assertThat(decide(timedOut, AmbiguityPolicy.FAILOVER, Duration.ofSeconds(50), Duration.ofSeconds(50), false, 200))
                .as("the last transport left may retry it").isEqualTo(Action.RETRY);
        assertThat(decide(failure(FailureKind.CONNECTION_TIMEOUT), AmbiguityPolicy.FAILOVER, Duration.ofSeconds(50),
                Duration.ofSeconds(40), true, 200)).as("a timeout later in the conversation may be retried").isEqualTo(Action.RETRY);
    }

    @Test
    void aDeferredRecipientMovesOnEvenWhenARetryIsAllowed() {
        MailException.Builder greylisted = failure(FailureKind.RECIPIENT_DEFERRED).code(450);

        assertThat(decide(greylisted, AmbiguityPolicy.FAILOVER, Duration.ofMinutes(1), Duration.ofSeconds(50), true, 10))
                .isEqualTo(Action.FAILOVER);
        assertThat(decide(greylisted, AmbiguityPolicy.FAILOVER, Duration.ofMinutes(1), Duration.ofMinutes(1), false, 10))
                .isEqualTo(Action.FAILOVER);
    }

    @Test
    void aRetryMustFitInTheTransportsShareNotOnlyInTheTimeLeft() {
        assertThat(decide(failure(FailureKind.RATE_LIMITED), AmbiguityPolicy.FAILOVER, Duration.ofSeconds(20),
                Duration.ofSeconds(10), true, 15_000)).isEqualTo(Action.FAILOVER);
        assertThat(decide(failure(FailureKind.RATE_LIMITED), AmbiguityPolicy.FAILOVER, Duration.ofSeconds(20),
                Duration.ofSeconds(10), true, 5_000)).isEqualTo(Action.RETRY);
    }

    @Test
    void theRetryPolicyIsAskedAtMostOnce() {
        AtomicInteger asked = new AtomicInteger();
        Situation s = new Situation(failure(FailureKind.SERVICE_UNAVAILABLE).build(), AmbiguityPolicy.FAILOVER,
                Duration.ofSeconds(5), Duration.ofSeconds(5), false, () -> {
                    asked.incrementAndGet();
                    return 100;
                });
        FailureDecisions.decide(s);
        s.retryDelayMillis();

        assertThat(asked).hasValue(1);
    }
}
