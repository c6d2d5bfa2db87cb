package dev.mailover.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import dev.mailover.Email;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** TLS material (the trust store, the SSLContext) is loaded only by a mailer whose mode uses TLS. */
class LazyTlsTest {

    private static GreenMail greenMail;

    @BeforeAll
    static void startServer() {
        greenMail = GreenMailServers.start(0, 0);
    }

    @AfterAll
    static void stopServer() {
        greenMail.stop();
    }

    @Test
    void aMailerWithoutTlsNeverLoadsTheTrustStoreNorBuildsAnSslContext() {
        try (SmtpMailer mailer = SmtpMailer.builder().host("localhost").port(greenMail.getSmtp().getPort())
                .security(SmtpSecurity.NONE).build()) {

            mailer.send(Email.builder().from("sender@example.com").to("to@localhost").subject("s").text("t").build());

            assertThat(greenMail.getReceivedMessages()).isNotEmpty();
            assertThat(mailer.trust().loaded()).isFalse();
        }
    }

    @Test
    void aMailerWithTlsLoadsItsTrustWhenBuiltSoThatBadTrustFailsTheBuildNotTheFirstSend() {
        try (SmtpMailer mailer = SmtpMailer.builder().host("localhost").port(greenMail.getSmtps().getPort())
                .security(SmtpSecurity.SMTPS).trustedCertificates(TestCertificates.CA.certificate()).build()) {

            assertThat(mailer.trust().loaded()).isTrue();
        }
    }
}
