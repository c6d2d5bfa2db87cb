package dev.mailover.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mailover.Diagnosis;
import dev.mailover.Email;
import dev.mailover.FailureKind;
import dev.mailover.Finding;
import dev.mailover.HealthCheck;
import dev.mailover.MailException;
import java.security.KeyStore;
import java.time.Duration;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;

/**
 * A certificate's dates count even when it is itself the trusted certificate (a self-signed server),
 * or when the trusted private CA has expired: the JDK's PKIX does not check a trust anchor's dates.
 */
class TrustAnchorDatesTest {

    private static final Email EMAIL = Email.builder().from("sender@example.com").to("to@example.org")
            .subject("s").text("body").build();

    private static ScriptedSmtpServer startTls(HeldCertificate selfSigned) throws Exception {
        return ScriptedSmtpServer.builder().startTls(TestCertificates.selfSignedContext(selfSigned)).start();
    }

    private static SmtpMailer.Builder trusting(ScriptedSmtpServer server, HeldCertificate trusted) {
        return SmtpMailer.builder().host("localhost").port(server.port()).credentials("app-user", "Anchor-Passw0rd")
                .trustedCertificates(trusted.certificate())
                .connectTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofSeconds(2));
    }

    private static SmtpProbe.Builder probe(ScriptedSmtpServer server, HeldCertificate trusted) {
        return SmtpProbe.builder().host("localhost").ports(587).dial(587, server.port()).timeout(Duration.ofSeconds(2))
                .trustedCertificates(trusted.certificate());
    }

    private static Finding finding(Diagnosis d, String step) {
        return d.findings().stream().filter(f -> f.step().equals(step)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + step + " finding in\n" + d.report()));
    }

    @Test
    void aTrustedSelfSignedCertificateWithinItsDatesDelivers() throws Exception {
        try (ScriptedSmtpServer server = startTls(TestCertificates.SELF_SIGNED);
             SmtpMailer m = trusting(server, TestCertificates.SELF_SIGNED).build()) {
            m.send(EMAIL);

            assertThat(server.messageIds()).containsExactly(EMAIL.messageId());
        }
    }

    @Test
    void anExpiredSelfSignedCertificateFailsTheSendEvenThoughItIsTheTrustedOne() throws Exception {
        try (ScriptedSmtpServer server = startTls(TestCertificates.SELF_SIGNED_EXPIRED);
             SmtpMailer m = trusting(server, TestCertificates.SELF_SIGNED_EXPIRED).build()) {
            MailException e = catchThrowableOfType(MailException.class, () -> m.send(EMAIL));

            assertThat(e.kind()).isEqualTo(FailureKind.TLS_FAILURE);
            assertThat(e.hint()).contains("expired on 2024-03-01 12:00 UTC").contains("renew");
            assertThat(e.detail()).contains("expired on 2024-03-01 12:00 UTC");
            assertThat(e.connectionFailed()).isTrue();
            assertThat(server.commands()).as("nothing after STARTTLS").noneMatch(c -> c.startsWith("AUTH") || c.startsWith("MAIL"));
            assertThat(server.messages()).isEmpty();
        }
    }

    @Test
    void anExpiredSelfSignedCertificateMakesTheCheckUnhealthy() throws Exception {
        try (ScriptedSmtpServer server = startTls(TestCertificates.SELF_SIGNED_EXPIRED);
             SmtpMailer m = trusting(server, TestCertificates.SELF_SIGNED_EXPIRED).build()) {
            HealthCheck check = m.check();

            assertThat(check.healthy()).isFalse();
            assertThat(check.failure()).contains(FailureKind.TLS_FAILURE);
            assertThat(check.hint()).contains("expired on 2024-03-01 12:00 UTC");
            assertThat(server.commands()).noneMatch(c -> c.startsWith("AUTH"));
        }
    }

    @Test
    void theDoctorFailsAnExpiredSelfSignedCertificateEvenThoughItIsTheTrustedOne() throws Exception {
        try (ScriptedSmtpServer server = startTls(TestCertificates.SELF_SIGNED_EXPIRED)) {
            Diagnosis d = probe(server, TestCertificates.SELF_SIGNED_EXPIRED).build().run();

            assertThat(d.healthy()).as(d.report()).isFalse();
            assertThat(finding(d, "certificate").status()).isEqualTo(Finding.Status.FAIL);
            assertThat(finding(d, "certificate").detail()).contains("expired 2024-03-01");
            assertThat(finding(d, "TLS").hint()).contains("expired on 2024-03-01 12:00 UTC");
            assertThat(d.recommendation()).contains("expired on 2024-03-01");
        }
    }

    @Test
    void aSelfSignedCertificateNotValidYetFailsSendCheckAndDoctorNamingItsStartDate() throws Exception {
        try (ScriptedSmtpServer server = startTls(TestCertificates.SELF_SIGNED_NOT_YET_VALID);
             SmtpMailer m = trusting(server, TestCertificates.SELF_SIGNED_NOT_YET_VALID).build()) {
            MailException e = catchThrowableOfType(MailException.class, () -> m.send(EMAIL));
            HealthCheck check = m.check();
            Diagnosis d = probe(server, TestCertificates.SELF_SIGNED_NOT_YET_VALID).build().run();

            assertThat(e.kind()).isEqualTo(FailureKind.TLS_FAILURE);
            assertThat(e.hint()).contains("not valid before 2099-06-01 08:30 UTC").contains("clock");
            assertThat(check.failure()).contains(FailureKind.TLS_FAILURE);
            assertThat(check.hint()).contains("not valid before 2099-06-01 08:30 UTC");
            assertThat(d.healthy()).as(d.report()).isFalse();
            assertThat(finding(d, "certificate").status()).isEqualTo(Finding.Status.FAIL);
            assertThat(finding(d, "certificate").detail()).contains("not valid before 2099-06-01");
            assertThat(server.messages()).isEmpty();
        }
    }

    @Test
    void anExpiredTrustedPrivateCaFailsEvenWhenTheServerCertificateIsCurrent() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                .startTls(TestCertificates.serverContext(TestCertificates.SIGNED_BY_EXPIRED_CA)).start();
             SmtpMailer m = trusting(server, TestCertificates.EXPIRED_CA).build()) {
            MailException e = catchThrowableOfType(MailException.class, () -> m.send(EMAIL));
            Diagnosis d = probe(server, TestCertificates.EXPIRED_CA).build().run();

            assertThat(e.kind()).isEqualTo(FailureKind.TLS_FAILURE);
            assertThat(e.detail()).contains("CN=Expired Private CA");
            assertThat(e.hint()).contains("expired on 2024-03-01 12:00 UTC");
            assertThat(d.healthy()).as(d.report()).isFalse();
            assertThat(finding(d, "certificate").detail()).contains("CN=Expired Private CA expired on 2024-03-01");
            assertThat(server.messages()).isEmpty();
        }
    }

    @Test
    void anExpiredSelfSignedCertificateInATrustStoreFailsOverImplicitTls() throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        store.setCertificateEntry("relay", TestCertificates.SELF_SIGNED_EXPIRED.certificate());
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                .implicitTls(TestCertificates.selfSignedContext(TestCertificates.SELF_SIGNED_EXPIRED)).start();
             SmtpMailer m = SmtpMailer.builder().host("localhost").port(server.port()).security(SmtpSecurity.SMTPS)
                     .trustStore(store).connectTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofSeconds(2)).build()) {
            MailException e = catchThrowableOfType(MailException.class, () -> m.send(EMAIL));

            assertThat(e.kind()).isEqualTo(FailureKind.TLS_FAILURE);
            assertThat(e.hint()).contains("expired on 2024-03-01 12:00 UTC");
            assertThat(server.commands()).isEmpty();
        }
    }
}
