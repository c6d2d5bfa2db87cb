package dev.mailover.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mailover.Email;
import dev.mailover.FailureKind;
import dev.mailover.MailException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The exact replies real providers send, scripted byte for byte. */
class SmtpReplyClassificationTest {

    private static final String PASSWORD = "scripted-Passw0rd!";
    private static final Email EMAIL = Email.builder().from("sender@example.com").to("to@example.org")
            .subject("s").text("body").build();

    private static ScriptedSmtpServer.Builder tlsServer() {
        return ScriptedSmtpServer.builder().startTls(TestCertificates.serverContext(TestCertificates.LOCALHOST));
    }

    private static MailException sendFails(ScriptedSmtpServer server, boolean credentials) {
        SmtpMailer.Builder b = SmtpMailer.builder().host("localhost").port(server.port())
                .trustedCertificates(TestCertificates.CA.certificate())
                .connectTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofSeconds(2));
        if (credentials) {
            b.credentials("app-user", PASSWORD);
        }
        try (SmtpMailer m = b.build()) {
            return catchThrowableOfType(MailException.class, () -> m.send(EMAIL));
        }
    }

    @Test
    void gmailMultiLine535IsAuthenticationFailed() throws Exception {
        try (ScriptedSmtpServer server = tlsServer().on("AUTH",
                "535-5.7.8 Username and Password not accepted. For more information, go to\r\n"
                        + "535 5.7.8  https://support.google.com/mail/?p=BadCredentials d75a77b69052e-4").start()) {
            MailException e = sendFails(server, true);

            assertThat(e.kind()).isEqualTo(FailureKind.AUTHENTICATION_FAILED);
            assertThat(e.code()).hasValue(535);
            assertThat(e.detail()).contains("5.7.8 Username and Password not accepted");
            assertThat(e.hint()).contains("user name or password").contains("app password");
            assertThat(e.possiblyDelivered()).isFalse();
        }
    }

    @Test
    void microsoftSmtpClientAuthenticationDisabledPointsToOAuth2() throws Exception {
        try (ScriptedSmtpServer server = tlsServer().on("AUTH", "535 5.7.139 Authentication unsuccessful, "
                + "SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled").start()) {
            MailException e = sendFails(server, true);

            assertThat(e.kind()).isEqualTo(FailureKind.AUTHENTICATION_FAILED);

            assertThat(e.possiblyDelivered()).isFalse();
            assertThat(e.code()).hasValue(535);
            assertThat(e.hint()).contains("Microsoft 365").contains("OAuth2 (XOAUTH2").contains("HTTP API");
        }
    }

    @Test
    void microsoftBasicAuthNotSupportedPointsToOAuth2() throws Exception {
        try (ScriptedSmtpServer server = tlsServer().on("AUTH",
                "550 5.7.30 Basic authentication is not supported for Client Submission.").start()) {
            MailException e = sendFails(server, true);

            assertThat(e.kind()).isEqualTo(FailureKind.AUTHENTICATION_FAILED);

            assertThat(e.possiblyDelivered()).isFalse();
            assertThat(e.code()).hasValue(550);
            assertThat(e.hint()).contains("OAuth2 (XOAUTH2").contains("HTTP API");
        }
    }

    @Test
    void authenticationRequired530AtMailFromAsksForCredentials() throws Exception {
        try (ScriptedSmtpServer server = tlsServer().on("MAIL", "530 5.7.0 Authentication Required").start()) {
            MailException e = sendFails(server, false);

            assertThat(e.kind()).isEqualTo(FailureKind.AUTHENTICATION_FAILED);

            assertThat(e.possiblyDelivered()).isFalse();
            assertThat(e.code()).hasValue(530);
            assertThat(e.hint()).contains("requires authentication").contains("credentials(user, password)");
        }
    }

    @Test
    void encryptionRequired538IsATlsFailure() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                .on("AUTH", "538 5.7.11 Encryption required for requested authentication mechanism").start();
             SmtpMailer m = SmtpMailer.builder().host("localhost").port(server.port()).security(SmtpSecurity.NONE)
                     .credentials("app-user", PASSWORD).allowPlaintextAuth(true)
                     .readTimeout(Duration.ofSeconds(2)).build()) {
            MailException e = catchThrowableOfType(MailException.class, () -> m.send(EMAIL));

            assertThat(e.kind()).isEqualTo(FailureKind.TLS_FAILURE);

            assertThat(e.possiblyDelivered()).isFalse();
            assertThat(e.code()).hasValue(538);
            assertThat(e.hint()).contains("requires encryption before AUTH");
        }
    }

    @Test
    void credentialsForAServerThatOffersNoAuthAreAConfigurationError() throws Exception {
        try (ScriptedSmtpServer server = tlsServer().capabilities("SIZE 1000000").start()) {
            MailException e = sendFails(server, true);

            assertThat(e.kind()).isEqualTo(FailureKind.INVALID_CONFIGURATION);

            assertThat(e.possiblyDelivered()).isFalse();

            assertThat(e.code()).isEmpty();
            assertThat(e.hint()).contains("does not offer AUTH");
            assertThat(server.commands()).noneMatch(c -> c.startsWith("MAIL"));
        }
    }

    @Test
    void failingTokenSupplierIsAConfigurationErrorAndNothingIsSent() throws Exception {
        try (ScriptedSmtpServer server = tlsServer().capabilities("AUTH XOAUTH2").start();
             SmtpMailer m = SmtpMailer.builder().host("localhost").port(server.port())
                     .trustedCertificates(TestCertificates.CA.certificate())
                     .oauth2("app-user", () -> {
                         throw new IllegalStateException("identity provider unavailable");
                     }).build()) {
            MailException e = catchThrowableOfType(MailException.class, () -> m.send(EMAIL));

            assertThat(e.kind()).isEqualTo(FailureKind.INVALID_CONFIGURATION);
            assertThat(e.code()).isEmpty();
            assertThat(e.detail()).contains("identity provider unavailable");
            assertThat(e.hint()).contains("token supplier returned nothing or failed");
            assertThat(e.possiblyDelivered()).isFalse();
            assertThat(server.connections()).isZero();
        }
    }

    @Test
    void gmail421TryAgainLaterIsRateLimited() throws Exception {
        try (ScriptedSmtpServer server = tlsServer().on("MAIL",
                "421-4.7.0 Try again later, closing connection. (MAIL)\r\n"
                        + "421 4.7.0  https://support.google.com/mail/answer/7720 - gsmtp").start()) {
            MailException e = sendFails(server, true);

            assertThat(e.kind()).isEqualTo(FailureKind.RATE_LIMITED);

            assertThat(e.possiblyDelivered()).isFalse();
            assertThat(e.code()).hasValue(421);
            assertThat(e.hint()).contains("throttling");
            assertThat(e.kind().retryable()).isTrue();
        }
    }

    @Test
    void sesThrottling454AfterTheDotIsRateLimitedAndNotDelivered() throws Exception {
        try (ScriptedSmtpServer server = tlsServer().on("DOT",
                "454 Throttling failure: Maximum sending rate exceeded.").start()) {
            MailException e = sendFails(server, true);

            assertThat(e.kind()).isEqualTo(FailureKind.RATE_LIMITED);
            assertThat(e.code()).hasValue(454);
            assertThat(e.possiblyDelivered()).isFalse();
        }
    }

    @Test
    void closing421AtDataIsServiceUnavailable() throws Exception {
        try (ScriptedSmtpServer server = tlsServer().on("DATA", "421 4.3.2 System not accepting network messages").start()) {
            MailException e = sendFails(server, true);

            assertThat(e.kind()).isEqualTo(FailureKind.SERVICE_UNAVAILABLE);

            assertThat(e.possiblyDelivered()).isFalse();
            assertThat(e.code()).hasValue(421);
            assertThat(e.hint()).contains("closing the connection");
        }
    }

    @Test
    void transient451AfterTheDotIsServiceUnavailable() throws Exception {
        try (ScriptedSmtpServer server = tlsServer().on("DOT", "451 4.3.0 Temporary local problem, try later").start()) {
            MailException e = sendFails(server, true);

            assertThat(e.kind()).isEqualTo(FailureKind.SERVICE_UNAVAILABLE);
            assertThat(e.code()).hasValue(451);
            assertThat(e.detail()).contains("4.3.0");
            assertThat(e.possiblyDelivered()).isFalse();
        }
    }

    @Test
    void rcpt452TooManyRecipientsIsTransientNotThrottling() throws Exception {
        try (ScriptedSmtpServer server = tlsServer().on("RCPT", "452 4.5.3 Too many recipients").start()) {
            MailException e = sendFails(server, true);

            assertThat(e.kind()).isEqualTo(FailureKind.SERVICE_UNAVAILABLE);

            assertThat(e.possiblyDelivered()).isFalse();
            assertThat(e.code()).hasValue(452);
        }
    }

    @Test
    void data554NoValidRecipientsIsMessageRejectedBeforeAnythingWasSent() throws Exception {
        try (ScriptedSmtpServer server = tlsServer().on("DATA", "554 5.5.1 Error: no valid recipients").start()) {
            MailException e = sendFails(server, true);

            assertThat(e.kind()).isEqualTo(FailureKind.MESSAGE_REJECTED);
            assertThat(e.code()).hasValue(554);
            assertThat(e.detail()).contains("at DATA").contains("5.5.1");
            assertThat(e.possiblyDelivered()).isFalse();
        }
    }

    @Test
    void rcpt553IsRecipientRejected() throws Exception {
        try (ScriptedSmtpServer server = tlsServer().on("RCPT", "553 5.1.3 The recipient address is not a valid RFC 5321 address").start()) {
            MailException e = sendFails(server, true);

            assertThat(e.kind()).isEqualTo(FailureKind.RECIPIENT_REJECTED);

            assertThat(e.possiblyDelivered()).isFalse();
            assertThat(e.code()).hasValue(553);
            assertThat(e.rejectedRecipients()).containsExactly("to@example.org");
            assertThat(server.messages()).isEmpty();
        }
    }
}
