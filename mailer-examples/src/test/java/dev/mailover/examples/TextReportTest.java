package dev.mailover.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailover.Attempt;
import dev.mailover.FailureKind;
import dev.mailover.HealthCheck;
import dev.mailover.MailException;
import dev.mailover.SendResult;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextReportTest {

    private static final Attempt REFUSED = Attempt.failed("smtp", FailureKind.CONNECTION_REFUSED,
            "Connection refused", Duration.ofMillis(3));

    @Test
    void aResultNamesTheTransportTheIdAndEveryAttemptWithTheHintOfEachFailure() {
        SendResult result = new SendResult("<abc@example.com>", "sendgrid",
                List.of(REFUSED, Attempt.delivered("sendgrid", "202 Accepted", Duration.ofMillis(40))), Duration.ofMillis(45));

        String text = TextReport.result(result);

        assertThat(text.lines()).containsExactly(
                "Sent by sendgrid in 45 ms",
                "Message id: <abc@example.com>",
                "Attempts:",
                "  1. smtp      FAILED     CONNECTION_REFUSED       3 ms  Connection refused",
                "       -> " + FailureKind.CONNECTION_REFUSED.defaultHint(),
                "  2. sendgrid  DELIVERED                          40 ms  202 Accepted");
    }

    @Test
    void aFailureLeadsWithOneLineThenTheSpecificHintForTheDecisiveAttempt() {
        Attempt timeout = Attempt.failed("smtp", FailureKind.CONNECTION_TIMEOUT, "connect timed out",
                "port 25 is commonly blocked by hosting providers; use 587 with STARTTLS", Duration.ofSeconds(10));
        MailException e = MailException.builder(FailureKind.CONNECTION_TIMEOUT, "smtp")
                .detail("connect timed out\r\n(after 10 s)")
                .hint("port 25 is commonly blocked by hosting providers; use 587 with STARTTLS")
                .attempts(List.of(timeout))
                .build();

        String text = TextReport.failure(e);

        assertThat(text.lines().toList()).startsWith(
                "Not sent: CONNECTION_TIMEOUT on smtp: connect timed out | (after 10 s)",
                "Hint: port 25 is commonly blocked by hosting providers; use 587 with STARTTLS",
                "Attempts:");
        assertThat(text).contains("-> port 25 is commonly blocked by hosting providers", "10.0 s");
    }

    @Test
    void everyFailedAttemptShowsItsOwnHintNotItsKindsDefault() {
        Attempt primary = Attempt.failed("smtp", FailureKind.TLS_FAILURE, "certificate expired",
                "the server's certificate expired on 2024-03-01 12:00 UTC; its administrator must renew it",
                Duration.ofMillis(20));
        Attempt backup = Attempt.failed("smtp-2", FailureKind.TLS_FAILURE, "PKIX path building failed",
                "the server's certificate is not issued by a trusted authority; trust it with --trust-cert FILE",
                Duration.ofMillis(30));
        MailException e = MailException.builder(FailureKind.TLS_FAILURE, "failover")
                .hint("every transport failed").attempts(List.of(primary, backup)).build();

        String text = TextReport.failure(e);

        assertThat(text).contains("-> the server's certificate expired on 2024-03-01 12:00 UTC",
                "-> the server's certificate is not issued by a trusted authority; trust it with --trust-cert FILE");
        assertThat(text).doesNotContain(FailureKind.TLS_FAILURE.defaultHint());
    }

    @Test
    void aPossiblyDeliveredFailureWarnsAgainstSendingBlindlyAgain() {
        MailException e = MailException.builder(FailureKind.CONNECTION_LOST, "smtp")
                .code(-1).possiblyDelivered(true).retryAfter(Duration.ofSeconds(30)).build();

        assertThat(TextReport.failure(e)).contains("it may have been delivered", "Check before sending it again",
                "Retry after: 30.0 s");
    }

    @Test
    void aCompositeHealthCheckListsEachTransportWithItsHint() {
        HealthCheck smtp = HealthCheck.unhealthy("smtp", FailureKind.AUTHENTICATION_FAILED, "535 5.7.8 rejected",
                "the provider requires an app password", Duration.ofMillis(12));
        HealthCheck api = HealthCheck.healthy("sendgrid", "scopes: mail.send", Duration.ofMillis(30));

        String text = TextReport.health(HealthCheck.composite("failover", List.of(smtp, api), Duration.ofMillis(42)));

        assertThat(text.lines()).containsExactly(
                "[ OK ] failover (42 ms): 1 of 2 transports healthy",
                "  [FAIL] smtp AUTHENTICATION_FAILED (12 ms): 535 5.7.8 rejected",
                "         -> the provider requires an app password",
                "  [ OK ] sendgrid (30 ms): scopes: mail.send");
    }
}
