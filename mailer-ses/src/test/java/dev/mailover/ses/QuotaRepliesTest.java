package dev.mailover.ses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mailover.FailureKind;
import dev.mailover.MailException;
import dev.mailover.Mailer;
import dev.mailover.testing.TestEmails;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * SES's used-up daily quota is RATE_LIMITED whatever error code it comes with (a throttling code or a
 * MessageRejected), so failover moves on and the hint says the daily quota is reached, as it says for
 * the HTTP providers; the maximum send rate is throttling, not the quota.
 */
class QuotaRepliesTest {

    @RegisterExtension
    final MockSes ses = new MockSes();

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "400, Throttling",
        "429, TooManyRequestsException",
        "400, LimitExceededException",
        "400, MessageRejected",
    })
    void dailyMessageQuotaExceededIsTheQuotaWhateverItsErrorCode(int status, String code) {
        ses.server().enqueue(MockSes.error(status, code, "Daily message quota exceeded."));

        MailException e = sendFails();

        assertThat(e.kind()).isEqualTo(FailureKind.RATE_LIMITED);
        assertThat(e.kind().failsOver()).isTrue();
        assertThat(e.code()).hasValue(status);
        assertThat(e.hint()).contains("daily sending quota at Amazon SES is reached", "another transport",
                "24-hour sending quota", "eu-west-1");
    }

    @Test
    void maximumSendingRateIsThrottlingNotTheQuota() {
        ses.server().enqueue(MockSes.error(429, "TooManyRequestsException", "Maximum sending rate exceeded."));

        MailException e = sendFails();

        assertThat(e.kind()).isEqualTo(FailureKind.RATE_LIMITED);
        assertThat(e.hint()).contains("maximum send rate").doesNotContain("daily");
    }

    private MailException sendFails() {
        try (Mailer mailer = ses.mailer(Duration.ofSeconds(10))) {
            MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(TestEmails.simple()));
            assertThat(e).as("the quota answer must fail the send").isNotNull();
            assertThat(e.getMessage()).doesNotContain(MockSes.SECRET);
            return e;
        }
    }
}
