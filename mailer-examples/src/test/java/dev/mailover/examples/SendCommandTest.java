package dev.mailover.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailover.testing.BlackholedPort;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SendCommandTest {

    private final SmtpServers smtp = new SmtpServers();

    @AfterEach
    void stopServers() {
        smtp.close();
    }

    private static String[] send(String dsn, String... extra) {
        String[] base = {"send", "--dsn", dsn, "--from", "Shop <shop@example.com>", "--to", "ann@example.org",
                "--subject", "Your order", "--text", "Thanks!"};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return all;
    }

    @Test
    void aHealthyServerAcceptsTheMessageAndTheResultNamesTheTransport(@TempDir Path dir) throws Exception {
        Path invoice = Files.writeString(dir.resolve("invoice.txt"), "total: 42");

        CommandRun run = CommandRun.run(send("smtp://127.0.0.1:" + smtp.plainPort() + "?security=none",
                "--attach", invoice.toString()));

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("Sent by smtp in ", "Message id: <", "1. smtp  DELIVERED");
        MimeMessage[] received = smtp.greenMail().getReceivedMessages();
        assertThat(received).hasSize(1);
        assertThat(received[0].getSubject()).isEqualTo("Your order");
        assertThat(run.out()).contains(received[0].getMessageID());
    }

    @Test
    void aClosedPortFailsAsConnectionRefusedWithAHintAndExitCode1() {
        int closed = ClosedPort.find();

        CommandRun run = CommandRun.run(send("smtp://127.0.0.1:" + closed + "?security=none"));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("Not sent: CONNECTION_REFUSED on smtp").contains("Hint: ");
        assertThat(run.err()).doesNotContain("\tat ");
    }

    @Test
    void aBlackholedPortFailsAsConnectionTimeout() throws Exception {
        try (BlackholedPort blackholed = new BlackholedPort()) {
            CommandRun run = CommandRun.run(send("smtp://127.0.0.1:" + blackholed.port()
                    + "?security=none&connect_timeout=1s", "--timeout", "10s"));

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).startsWith("Not sent: CONNECTION_TIMEOUT on smtp").contains("Hint: ");
        }
    }

    @Test
    void implicitTlsAgainstAPlainPortFailsAsTlsFailure() {
        CommandRun run = CommandRun.run(send("smtps://127.0.0.1:" + smtp.plainPort() + "?connect_timeout=2s&read_timeout=2s"));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("Not sent: TLS_FAILURE on smtp").contains("Hint: ");
    }

    @Test
    void aFailoverDsnShowsTheFailedSmtpAttemptAndTheApiDelivery() throws Exception {
        int closed = ClosedPort.find();
        try (MockWebServer sendgrid = new MockWebServer()) {
            sendgrid.enqueue(new MockResponse.Builder().code(202).addHeader("X-Message-Id", "sg-4711").build());
            sendgrid.start(java.net.InetAddress.getLoopbackAddress(), 0);

            CommandRun run = CommandRun.run(Map.of("MAILER_DSN", "failover(smtp://127.0.0.1:" + closed
                    + "?security=none sendgrid+api://SG.test-key@127.0.0.1:" + sendgrid.getPort() + ")"),
                    "send", "--from", "shop@example.com", "--to", "ann@example.org", "--subject", "Hi", "--text", "Hello");

            assertThat(run.exitCode()).as(run.all()).isZero();
            assertThat(run.out()).contains("Sent by sendgrid", "Message id: sg-4711")
                    .containsPattern("1\\. smtp\\s+FAILED\\s+CONNECTION_REFUSED")
                    .containsPattern("2\\. sendgrid\\s+DELIVERED");
            assertThat(run.all()).doesNotContain("SG.test-key");
        }
    }
}
