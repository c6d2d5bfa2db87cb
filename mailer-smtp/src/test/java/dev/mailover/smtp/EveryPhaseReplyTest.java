package dev.mailover.smtp;

import static dev.mailover.smtp.ScriptedSends.EMAIL;
import static dev.mailover.smtp.ScriptedSends.failure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailover.FailureKind;
import dev.mailover.MailException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A reply that carries a code is classified from that code in every phase, whatever exception class
 * Angus wraps it in: a typed SMTP exception (MAIL, RCPT, DATA, the dot), the reply as a plain
 * MessagingException's message (EHLO, HELO, STARTTLS), an AuthenticationFailedException (AUTH), or
 * only a code in "Got bad greeting" (the greeting). STARTTLS has its own test: any refusal there
 * is a TLS failure.
 */
class EveryPhaseReplyTest {

    private static SmtpMailer.Builder mailer(ScriptedSmtpServer server) {
        return SmtpMailer.builder().host("localhost").port(server.port())
                .credentials("app-user", ScriptedSends.PASSWORD)
                .trustedCertificates(TestCertificates.CA.certificate())
                .connectTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofSeconds(2));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "GREETING|451 4.3.0 Temporary failure", "GREETING|554 5.3.0 Permanent failure",
            "EHLO|451 4.3.0 Temporary failure", "EHLO|554 5.3.0 Permanent failure",
            "AUTH|451 4.3.0 Temporary failure", "AUTH|554 5.3.0 Permanent failure",
            "MAIL|451 4.3.0 Temporary failure", "MAIL|554 5.3.0 Permanent failure",
            "RCPT|451 4.3.0 Temporary failure", "RCPT|554 5.3.0 Permanent failure",
            "DATA|451 4.3.0 Temporary failure", "DATA|554 5.3.0 Permanent failure",
            "DOT|451 4.3.0 Temporary failure", "DOT|554 5.3.0 Permanent failure"})
    void aReplyWithACodeIsNeverUnknownInAnyPhase(String verb, String reply) throws Exception {
        ScriptedSmtpServer.Builder b = ScriptedSmtpServer.builder()
                .startTls(TestCertificates.serverContext(TestCertificates.LOCALHOST)).on(verb, reply);
        if (verb.equals("EHLO")) {
            b.on("HELO", reply);
        }
        try (ScriptedSmtpServer server = b.start()) {
            MailException e = failure(mailer(server), EMAIL);

            assertThat(e.kind()).as(e.getMessage()).isNotEqualTo(FailureKind.UNKNOWN);
            assertThat(e.code()).hasValue(Integer.parseInt(reply.substring(0, 3)));
            assertThat(e.detail()).contains(reply.substring(4));
            assertThat(e.kind().retryable()).as("a 4xx is worth retrying, a 5xx is not")
                    .isEqualTo(reply.startsWith("4"));
            assertThat(server.messages()).isEmpty();
        }
    }

    @Test
    void ehloAndHeloBothRefusedIsAConfigurationProblemWithTheCode() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                .on("EHLO", "500 5.3.0 EHLO unrecognized").on("HELO", "500 5.3.0 HELO unrecognized").start()) {
            MailException e = failure(server);

            assertThat(e.kind()).isEqualTo(FailureKind.INVALID_CONFIGURATION);
            assertThat(e.code()).hasValue(500);
            assertThat(e.detail()).contains("at EHLO").contains("500 5.3.0 HELO unrecognized");
            assertThat(e.hint()).contains("refused both EHLO and HELO").contains("is an SMTP server");
            assertThat(server.commands()).anyMatch(c -> c.startsWith("HELO"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "454 4.7.0 TLS not available due to local problem",
            "451 4.3.0 Temporary failure",
            "554 5.3.0 Permanent failure",
            "502 5.5.1 Error: command not implemented"})
    void aStartTlsRefusalIsATlsFailureOfTheServersSetup(String reply) throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                .startTls(TestCertificates.serverContext(TestCertificates.LOCALHOST))
                .on("STARTTLS", reply).start()) {
            MailException e = failure(mailer(server), EMAIL);

            assertThat(e.kind()).isEqualTo(FailureKind.TLS_FAILURE);
            assertThat(e.code()).hasValue(Integer.parseInt(reply.substring(0, 3)));
            assertThat(e.detail()).contains("at STARTTLS").contains(reply);
            assertThat(e.hint()).contains("refused to start it").contains("administrator");
            assertThat(e.connectionFailed()).isTrue();
            assertThat(server.commands()).noneMatch(c -> c.startsWith("AUTH") || c.startsWith("MAIL"));
        }
    }

    @Test
    void aBadGreetingIsClassifiedFromTheServersWholeReplyNotOnlyItsCode() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                .on("GREETING", "554 5.7.1 mail.example.test ESMTP not accepting messages from your network").start()) {
            MailException e = failure(server);

            assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION_REFUSED);
            assertThat(e.code()).hasValue(554);
            assertThat(e.detail()).contains("not accepting messages from your network");
            assertThat(e.connectionFailed()).isTrue();
        }
    }

    @Test
    void aTemporaryAuthenticationFailureIsATransientServiceProblem() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                .startTls(TestCertificates.serverContext(TestCertificates.LOCALHOST))
                .on("AUTH", "454 4.7.0 Temporary authentication failure").start()) {
            MailException e = failure(mailer(server), EMAIL);

            assertThat(e.kind()).isEqualTo(FailureKind.SERVICE_UNAVAILABLE);
            assertThat(e.code()).hasValue(454);
        }
    }
}
