package dev.mailover.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mailover.Email;
import dev.mailover.FailureKind;
import dev.mailover.HealthCheck;
import dev.mailover.MailException;
import java.security.KeyStore;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** STARTTLS, certificate checks and scripted replies, against SubEthaSMTP. */
class SmtpMailerSubEthaTest {

    private static final Email EMAIL = Email.builder().from("sender@example.com")
            .to("to@example.org", "unknown-user@example.org").subject("s").text("body").build();

    private static SmtpMailer.Builder mailer(SubEthaServer server) {
        return SmtpMailer.builder().host("localhost").port(server.port())
                .credentials(SubEthaServer.USER, SubEthaServer.PASSWORD)
                .trustedCertificates(TestCertificates.CA.certificate())
                .connectTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofSeconds(2));
    }

    private static MailException sendFails(SmtpMailer.Builder builder, Email email) {
        try (SmtpMailer m = builder.build()) {
            return catchThrowableOfType(MailException.class, () -> m.send(email));
        }
    }

    private static SubEthaServer startTls() {
        return SubEthaServer.startTls(TestCertificates.serverContext(TestCertificates.LOCALHOST));
    }

    @Test
    void deliversOverStartTlsWithAuthAndAVerifiedCertificate() {
        try (SubEthaServer server = startTls(); SmtpMailer m = mailer(server).build()) {
            m.send(EMAIL);

            assertThat(server.delivered()).hasSize(1);
            assertThat(server.delivered().get(0)).contains("Message-ID: " + EMAIL.messageId());
        }
    }

    @Test
    void checkReportsStartTlsProtocolAndAuthWithoutSending() {
        try (SubEthaServer server = startTls(); SmtpMailer m = mailer(server).build()) {
            HealthCheck check = m.check();

            assertThat(check.healthy()).as(check.toString()).isTrue();
            assertThat(check.detail()).contains("STARTTLS").contains("TLSv1.").contains("AUTH").contains("app-user");
            assertThat(server.delivered()).isEmpty();
        }
    }

    @Test
    void trustStoreIsAnAlternativeToTrustedCertificates() throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        store.setCertificateEntry("ca", TestCertificates.CA.certificate());
        try (SubEthaServer server = startTls();
             SmtpMailer m = SmtpMailer.builder().host("localhost").port(server.port())
                     .credentials(SubEthaServer.USER, SubEthaServer.PASSWORD).trustStore(store).build()) {
            m.send(EMAIL);

            assertThat(server.delivered()).hasSize(1);
        }
    }

    @Test
    void serverWithoutStartTlsIsRefusedAndNothingIsSentInPlaintext() {
        try (SubEthaServer server = SubEthaServer.withoutStartTls()) {
            MailException e = sendFails(mailer(server), EMAIL);

            assertThat(e.kind()).isEqualTo(FailureKind.TLS_FAILURE);

            assertThat(e.code()).isEmpty();
            assertThat(e.hint()).contains("does not offer STARTTLS").contains("never falls back to plaintext");
            assertThat(e.possiblyDelivered()).isFalse();
            assertThat(server.delivered()).isEmpty();
        }
    }

    @Test
    void expiredCertificateIsATlsFailureNamingTheExpiryDate() {
        try (SubEthaServer server = SubEthaServer.startTls(TestCertificates.serverContext(TestCertificates.EXPIRED))) {
            MailException e = sendFails(mailer(server), EMAIL);

            assertThat(e.kind()).isEqualTo(FailureKind.TLS_FAILURE);

            assertThat(e.code()).isEmpty();
            assertThat(e.hint()).contains("expired on 2024-03-01 12:00 UTC");
            assertThat(e.possiblyDelivered()).isFalse();
        }
    }

    @Test
    void certificateForAnotherHostIsRefused() {
        try (SubEthaServer server = SubEthaServer.startTls(TestCertificates.serverContext(TestCertificates.WRONG_HOST))) {
            MailException e = sendFails(mailer(server), EMAIL);

            assertThat(e.kind()).isEqualTo(FailureKind.TLS_FAILURE);

            assertThat(e.possiblyDelivered()).isFalse();

            assertThat(e.code()).isEmpty();
            assertThat(e.hint()).contains("does not match the host name localhost");
        }
    }

    @Test
    void certificateFromAnUnknownIssuerIsRefusedUntilItIsTrusted() {
        try (SubEthaServer server = SubEthaServer.startTls(TestCertificates.serverContext(TestCertificates.UNKNOWN_ISSUER))) {
            MailException e = sendFails(mailer(server), EMAIL);

            assertThat(e.kind()).isEqualTo(FailureKind.TLS_FAILURE);

            assertThat(e.possiblyDelivered()).isFalse();

            assertThat(e.code()).isEmpty();
            assertThat(e.hint()).contains("not issued by a trusted authority").contains("trustedCertificates");

            try (SmtpMailer trusting = mailer(server).trustedCertificates(TestCertificates.OTHER_CA.certificate()).build()) {
                trusting.send(EMAIL);
            }
            assertThat(server.delivered()).hasSize(1);
        }
    }

    @Test
    void appPasswordReply534SaysTheProviderRequiresAnAppPassword() {
        try (SubEthaServer server = SubEthaServer.authReplying(TestCertificates.serverContext(TestCertificates.LOCALHOST),
                534, "5.7.9 Application-specific password required. Learn more at https://support.google.com/mail/?p=InvalidSecondFactor")) {
            MailException e = sendFails(mailer(server), EMAIL);

            assertThat(e.kind()).isEqualTo(FailureKind.AUTHENTICATION_FAILED);
            assertThat(e.code()).hasValue(534);
            assertThat(e.hint()).contains("the provider requires an app password");
            assertThat(e.possiblyDelivered()).isFalse();
        }
    }

    @Test
    void wrongPasswordOverStartTlsIsAuthenticationFailed() {
        try (SubEthaServer server = startTls()) {
            MailException e = sendFails(mailer(server).credentials(SubEthaServer.USER, "not-the-Passw0rd"), EMAIL);

            assertThat(e.kind()).isEqualTo(FailureKind.AUTHENTICATION_FAILED);

            assertThat(e.possiblyDelivered()).isFalse();
            assertThat(e.code()).hasValue(535);
            assertThat(e.getMessage()).doesNotContain("not-the-Passw0rd");
        }
    }

    @Test
    void mail550IsSenderRejectedWithItsEnhancedCode() {
        try (SubEthaServer server = startTls().refuseMail(550, "5.7.1 Sender address not allowed")) {
            MailException e = sendFails(mailer(server), EMAIL);

            assertThat(e.kind()).isEqualTo(FailureKind.SENDER_REJECTED);
            assertThat(e.code()).hasValue(550);
            assertThat(e.detail()).contains("at MAIL FROM").contains("5.7.1 Sender address not allowed");
            assertThat(e.hint()).contains("from-address");
            assertThat(e.possiblyDelivered()).isFalse();
        }
    }

    @Test
    void mail451RateLimitIsRateLimitedWithTheRetryAfterTheServerGave() {
        try (SubEthaServer server = startTls().refuseMail(451, "4.7.1 Rate limit exceeded, try again in 30 seconds")) {
            MailException e = sendFails(mailer(server), EMAIL);

            assertThat(e.kind()).isEqualTo(FailureKind.RATE_LIMITED);
            assertThat(e.code()).hasValue(451);
            assertThat(e.retryAfter()).contains(Duration.ofSeconds(30));
            assertThat(e.hint()).contains("throttling");
            assertThat(e.possiblyDelivered()).isFalse();
        }
    }

    @Test
    void rcpt550RefusesTheWholeSendAndNamesTheRefusedRecipient() {
        try (SubEthaServer server = startTls().refuseRecipients("unknown", 550, "5.1.1 The email account does not exist")) {
            MailException e = sendFails(mailer(server), EMAIL);

            assertThat(e.kind()).isEqualTo(FailureKind.RECIPIENT_REJECTED);
            assertThat(e.code()).hasValue(550);
            assertThat(e.rejectedRecipients()).containsExactly("unknown-user@example.org");
            assertThat(e.hint()).contains("unknown-user@example.org");
            assertThat(e.possiblyDelivered()).isFalse();
            assertThat(server.delivered()).as("no partial delivery").isEmpty();
        }
    }

    @Test
    void rcpt450IsADeferralOfThatRecipientAndNothingIsSent() {
        try (SubEthaServer server = startTls().refuseRecipients("unknown", 450, "4.2.1 Mailbox temporarily unavailable")) {
            MailException e = sendFails(mailer(server), EMAIL);

            assertThat(e.kind()).isEqualTo(FailureKind.RECIPIENT_DEFERRED);

            assertThat(e.possiblyDelivered()).isFalse();
            assertThat(e.code()).hasValue(450);
            assertThat(e.rejectedRecipients()).containsExactly("unknown-user@example.org");
            assertThat(e.hint()).contains("deferred unknown-user@example.org").contains("nothing was sent to anyone");
            assertThat(server.delivered()).isEmpty();
        }
    }

    @Test
    void data554IsMessageRejected() {
        try (SubEthaServer server = startTls().refuseData(554, "5.7.1 Message rejected as spam")) {
            MailException e = sendFails(mailer(server), EMAIL);

            assertThat(e.kind()).isEqualTo(FailureKind.MESSAGE_REJECTED);
            assertThat(e.code()).hasValue(554);
            assertThat(e.hint()).contains("refused the message");
            assertThat(e.possiblyDelivered()).as("a refusal after the dot is an answer").isFalse();
        }
    }

    @Test
    void data552IsMessageTooLarge() {
        try (SubEthaServer server = startTls().refuseData(552, "5.3.4 Message size exceeds fixed maximum message size")) {
            MailException e = sendFails(mailer(server), EMAIL);

            assertThat(e.kind()).isEqualTo(FailureKind.MESSAGE_REJECTED);

            assertThat(e.possiblyDelivered()).isFalse();
            assertThat(e.code()).hasValue(552);
            assertThat(e.hint()).contains("larger than the server accepts");
        }
    }
}
