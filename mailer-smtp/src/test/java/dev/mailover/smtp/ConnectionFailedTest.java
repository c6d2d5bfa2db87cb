package dev.mailover.smtp;

import static dev.mailover.smtp.ScriptedSends.EMAIL;
import static dev.mailover.smtp.ScriptedSends.failure;
import static dev.mailover.smtp.ScriptedSends.mailer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailover.FailureKind;
import dev.mailover.MailException;
import dev.mailover.testing.BlackholedPort;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@link MailException#connectionFailed()} is true exactly when no working connection came about
 * (DNS, refused, connect timeout, TLS, a greeting that never came or refused this client), so that
 * failover does not retry such a transport while another is untried; anything after a working
 * connection is not.
 */
class ConnectionFailedTest {

    private static SmtpMailer.Builder to(int port) {
        return SmtpMailer.builder().host("localhost").port(port).security(SmtpSecurity.NONE)
                .connectTimeout(Duration.ofSeconds(1)).readTimeout(Duration.ofSeconds(1));
    }

    @Test
    void aRefusedConnectIsAFailedConnection() {
        MailException e = failure(to(GreenMailServers.freePort()), EMAIL);

        assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION_REFUSED);
        assertThat(e.connectionFailed()).isTrue();
    }

    @Test
    void anUnknownHostIsAFailedConnection() {
        MailException e = failure(SmtpMailer.builder().host("no-such-host.invalid").security(SmtpSecurity.NONE)
                .connectTimeout(Duration.ofSeconds(1)), EMAIL);

        assertThat(e.kind()).isEqualTo(FailureKind.DNS_FAILURE);
        assertThat(e.connectionFailed()).isTrue();
    }

    @Test
    void aBlackholedPortIsAFailedConnection() throws Exception {
        try (BlackholedPort hole = new BlackholedPort()) {
            MailException e = failure(to(hole.port()), EMAIL);

            assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION_TIMEOUT);
            assertThat(e.connectionFailed()).isTrue();
        }
    }

    @Test
    void aGreetingThatNeverComesIsAFailedConnection() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().on("GREETING", ScriptedSmtpServer.HANG).start()) {
            MailException e = failure(to(server.port()), EMAIL);

            assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION_TIMEOUT);
            assertThat(e.connectionFailed()).isTrue();
        }
    }

    @Test
    void anUntrustedCertificateIsAFailedConnection() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                .startTls(TestCertificates.serverContext(TestCertificates.UNKNOWN_ISSUER)).start()) {
            MailException e = failure(SmtpMailer.builder().host("localhost").port(server.port())
                    .trustedCertificates(TestCertificates.CA.certificate()).readTimeout(Duration.ofSeconds(2)), EMAIL);

            assertThat(e.kind()).isEqualTo(FailureKind.TLS_FAILURE);
            assertThat(e.connectionFailed()).isTrue();
        }
    }

    @Test
    void aRefusingGreetingIsAFailedConnectionButAThrottlingOneIsNot() throws Exception {
        try (ScriptedSmtpServer refusing = ScriptedSmtpServer.builder()
                .on("GREETING", "554 5.7.1 Service unavailable; client host blocked").start();
             ScriptedSmtpServer throttling = ScriptedSmtpServer.builder()
                     .on("GREETING", "421 4.7.0 mail.example.test Error: too many connections from 127.0.0.1").start()) {
            MailException refused = failure(refusing);
            MailException throttled = failure(throttling);

            assertThat(refused.kind()).isEqualTo(FailureKind.CONNECTION_REFUSED);
            assertThat(refused.connectionFailed()).isTrue();
            assertThat(throttled.kind()).isEqualTo(FailureKind.RATE_LIMITED);
            assertThat(throttled.connectionFailed()).isFalse();
        }
    }

    @Test
    void failuresOnAWorkingConnectionAreNotFailedConnections() throws Exception {
        try (ScriptedSmtpServer silentAtRcpt = ScriptedSmtpServer.builder().on("RCPT", ScriptedSmtpServer.HANG).start();
             ScriptedSmtpServer dropAfterDot = ScriptedSmtpServer.builder().on("DOT", ScriptedSmtpServer.DROP).start();
             ScriptedSmtpServer refusesRecipient = ScriptedSmtpServer.builder()
                     .on("RCPT", "550 5.1.1 <bob@example.org>: Recipient address rejected: User unknown").start()) {
            MailException timeout = failure(to(silentAtRcpt.port()), EMAIL);
            MailException dropped = failure(mailer(dropAfterDot), EMAIL);
            MailException refused = failure(refusesRecipient);

            assertThat(timeout.kind()).isEqualTo(FailureKind.CONNECTION_TIMEOUT);
            assertThat(dropped.kind()).isEqualTo(FailureKind.CONNECTION_LOST);
            assertThat(refused.kind()).isEqualTo(FailureKind.RECIPIENT_REJECTED);
            assertThat(timeout.connectionFailed()).isFalse();
            assertThat(dropped.connectionFailed()).isFalse();
            assertThat(refused.connectionFailed()).isFalse();
        }
    }
}
