package dev.mailover.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.icegreen.greenmail.util.GreenMail;
import dev.mailover.Email;
import dev.mailover.FailureKind;
import dev.mailover.HealthCheck;
import dev.mailover.MailException;
import dev.mailover.Mailer;
import dev.mailover.Mailers;
import dev.mailover.SendResult;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DSN options {@code trusted_certificates=PATH} (a private CA, a self-signed server) and {@code name=NAME}. */
class DsnTrustAndNameTest {

    private static final Email EMAIL = Email.builder().from("sender@example.com").to("app-user@localhost")
            .subject("trusted").text("body").build();

    @Test
    void aPrivateCaInTrustedCertificatesLetsAnSmtpsDsnDeliver(@TempDir Path dir) throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), TestCertificates.CA.certificatePem());
        GreenMail greenMail = GreenMailServers.start(0, 0);
        try (Mailer m = Mailers.fromDsn("smtps://" + GreenMailServers.USER + ":" + GreenMailServers.PASSWORD
                + "@localhost:" + greenMail.getSmtps().getPort() + "?trusted_certificates=" + ca)) {
            SendResult r = m.send(EMAIL);

            assertThat(r.transport()).isEqualTo("smtp");
            assertThat(greenMail.getReceivedMessages()).hasSize(1);
            assertThat(greenMail.getReceivedMessages()[0].getSubject()).isEqualTo("trusted");
        } finally {
            greenMail.stop();
        }
    }

    @Test
    void withoutTrustedCertificatesTheSameServerIsRefusedWithAHintNamingTheOption() {
        GreenMail greenMail = GreenMailServers.start(0, 0);
        try (Mailer m = Mailers.fromDsn("smtps://localhost:" + greenMail.getSmtps().getPort())) {
            MailException e = catchThrowableOfType(MailException.class, () -> m.send(EMAIL));

            assertThat(e.kind()).isEqualTo(FailureKind.TLS_FAILURE);
            assertThat(e.hint()).contains("trusted_certificates=PATH");
            assertThat(greenMail.getReceivedMessages()).isEmpty();
        } finally {
            greenMail.stop();
        }
    }

    @Test
    void aSelfSignedServerGivenAsTrustedCertificatesIsTrusted(@TempDir Path dir) throws Exception {
        Path pem = Files.writeString(dir.resolve("relay.pem"), TestCertificates.SELF_SIGNED.certificatePem());
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                .startTls(TestCertificates.selfSignedContext(TestCertificates.SELF_SIGNED)).start();
             Mailer m = Mailers.fromDsn("smtp://localhost:" + server.port() + "?trusted_certificates=" + pem)) {
            m.send(EMAIL);

            assertThat(server.messageIds()).containsExactly(EMAIL.messageId());
        }
    }

    @Test
    void anExpiredSelfSignedServerGivenAsTrustedCertificatesStillFails(@TempDir Path dir) throws Exception {
        Path pem = Files.writeString(dir.resolve("relay.pem"), TestCertificates.SELF_SIGNED_EXPIRED.certificatePem());
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                .startTls(TestCertificates.selfSignedContext(TestCertificates.SELF_SIGNED_EXPIRED)).start();
             Mailer m = Mailers.fromDsn("smtp://localhost:" + server.port() + "?trusted_certificates=" + pem)) {
            HealthCheck check = m.check();

            assertThat(check.failure()).contains(FailureKind.TLS_FAILURE);
            assertThat(check.hint()).contains("expired on 2024-03-01 12:00 UTC");
        }
    }

    @Test
    void twoSmtpTransportsOfOneFailoverDsnAreToldApartByTheirNames() throws Exception {
        try (ScriptedSmtpServer refusing = ScriptedSmtpServer.builder().on("MAIL", "451 4.3.0 try later").start();
             Mailer primary = Mailers.fromDsn("smtp://localhost:" + refusing.port() + "?security=none&name=primary-relay");
             Mailer backup = Mailers.fromDsn("smtp://localhost:" + refusing.port() + "?security=none&name=backup-relay")) {
            MailException e = catchThrowableOfType(MailException.class, () -> primary.send(EMAIL));

            assertThat(primary.name()).isEqualTo("primary-relay");
            assertThat(backup.name()).isEqualTo("backup-relay");
            assertThat(e.transport()).isEqualTo("primary-relay");
            assertThat(backup.check().transport()).isEqualTo("backup-relay");
        }
    }

    @Test
    void aTransportNameFollowsTheRuleOfEveryTransport() {
        assertThatThrownBy(() -> SmtpMailer.builder().name("-relay")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("name: '-relay'").hasMessageContaining("starting with a letter or digit");
        assertThatThrownBy(() -> Mailers.fromDsn("smtp://localhost:2525?security=none&name=_relay"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DSN option name: '_relay'");
    }
}
