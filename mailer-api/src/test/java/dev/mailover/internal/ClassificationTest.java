package dev.mailover.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailover.FailureKind;
import dev.mailover.MailException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClassificationTest {

    enum TestReason implements Reason {
        THROTTLED(FailureKind.RATE_LIMITED),
        BAD_KEY(FailureKind.AUTHENTICATION_FAILED);

        private final FailureKind kind;

        TestReason(FailureKind kind) {
            this.kind = kind;
        }

        @Override
        public FailureKind kind() {
            return kind;
        }
    }

    @Test
    void keepsTheServersWaitForARetryableKind() {
        Classification c = new Classification(TestReason.THROTTLED, "429", "slow down", 429, Duration.ofSeconds(30), false, false);

        MailException e = c.toException("sendgrid").build();

        assertThat(e.kind()).isEqualTo(FailureKind.RATE_LIMITED);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(30));
        assertThat(e.code()).hasValue(429);
        assertThat(e.hint()).isEqualTo("slow down");
    }

    @Test
    void dropsAWaitAttachedToAPermanentFailure() {
        Classification c = new Classification(TestReason.BAD_KEY, "401", null, 401, Duration.ofSeconds(30), false, true);

        assertThat(c.retryAfter()).isNull();
        assertThat(c.hint()).isEqualTo(FailureKind.AUTHENTICATION_FAILED.defaultHint());
        assertThat(c.toException("sendgrid").build().connectionFailed()).isTrue();
    }
}
