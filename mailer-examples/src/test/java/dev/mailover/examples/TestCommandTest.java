package dev.mailover.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailover.testing.BlackholedPort;
import jakarta.mail.internet.MimeMessage;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TestCommandTest {

    private final SmtpServers smtp = new SmtpServers();

    @AfterEach
    void stopServer() {
        smtp.close();
    }

    @Test
    void sendsTheStandardTestEmailFromMailFrom() throws Exception {
        CommandRun run = CommandRun.run(Map.of(
                        "MAILER_DSN", "smtp://127.0.0.1:" + smtp.plainPort() + "?security=none",
                        "MAIL_FROM", "ops@example.com"),
                "test", "--to", "me@example.org");

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("Sending a test email from ops@example.com to me@example.org", "Sent by smtp");
        MimeMessage[] received = smtp.greenMail().getReceivedMessages();
        assertThat(received).hasSize(1);
        assertThat(received[0].getSubject()).isEqualTo(TestCommand.SUBJECT);
        assertThat((String) received[0].getContent()).contains("If you can read this, the configuration works.");
    }

    @Test
    void aClosedPortExitsWith1AndTheHint() {
        CommandRun run = CommandRun.run("test", "--dsn", "smtp://127.0.0.1:" + ClosedPort.find() + "?security=none",
                "--from", "ops@example.com", "--to", "me@example.org");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("Not sent: CONNECTION_REFUSED on smtp").contains("Hint: ");
    }

    @Test
    void aBlackholedPortTimesOutWithinTheBudget() throws Exception {
        try (BlackholedPort blackholed = new BlackholedPort()) {
            CommandRun run = CommandRun.run("test", "--dsn", "smtp://127.0.0.1:" + blackholed.port()
                    + "?security=none&connect_timeout=1s", "--from", "ops@example.com", "--to", "me@example.org");

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).startsWith("Not sent: CONNECTION_TIMEOUT on smtp").contains("Hint: ");
        }
    }

    @Test
    void starttlsAgainstAnImplicitTlsPortSaysThePortExpectsSmtps() throws Exception {
        try (TlsSmtpServer smtps = new TlsSmtpServer()) {
            CommandRun run = CommandRun.run("test", "--dsn", "smtp://127.0.0.1:" + smtps.port() + "?read_timeout=1s",
                    "--from", "ops@example.com", "--to", "me@example.org");

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).startsWith("Not sent: CONNECTION_TIMEOUT on smtp").contains("implicit TLS");
        }
    }
}
