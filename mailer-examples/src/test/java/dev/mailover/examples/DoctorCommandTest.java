package dev.mailover.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DoctorCommandTest {

    private final SmtpServers smtp = new SmtpServers();

    @AfterEach
    void stopServer() {
        smtp.close();
    }

    @Test
    void aHealthyDsnExitsWith0() {
        CommandRun run = CommandRun.run("doctor", "--dsn", "smtp://127.0.0.1:" + smtp.plainPort() + "?security=none");

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("[ OK ] smtp", "Result: HEALTHY");
        assertThat(smtp.greenMail().getReceivedMessages()).isEmpty();
    }

    @Test
    void aClosedPortInTheDsnIsAProblemWithAHint() {
        int closed = ClosedPort.find();

        CommandRun run = CommandRun.run(Map.of("MAILER_DSN", "smtp://127.0.0.1:" + closed + "?security=none"), "doctor");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("[FAIL] smtp CONNECTION_REFUSED", "-> ", "Result: PROBLEMS FOUND");
    }

    @Test
    void implicitTlsAgainstAPlainPortIsATlsFailure() {
        CommandRun run = CommandRun.run("doctor", "--dsn", "smtps://127.0.0.1:" + smtp.plainPort() + "?read_timeout=2s");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("[FAIL] smtp TLS_FAILURE", "Result: PROBLEMS FOUND");
    }

    @Test
    void aFailoverDsnListsEachTransportAndFlagsTheBrokenOneWhileMailStillFlows() throws Exception {
        int closed = ClosedPort.find();
        try (MockWebServer sendgrid = new MockWebServer()) {
            sendgrid.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                    .body("{\"scopes\":[\"mail.send\"]}").build());
            sendgrid.start(InetAddress.getLoopbackAddress(), 0);

            CommandRun run = CommandRun.run(Map.of("MAILER_DSN", "failover(smtp://127.0.0.1:" + closed
                    + "?security=none sendgrid+api://SG.test-key@127.0.0.1:" + sendgrid.getPort() + ")"), "doctor");

            assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
            assertThat(run.out()).contains("[ OK ] failover", "1 of 2 transports healthy",
                    "  [FAIL] smtp CONNECTION_REFUSED", "  [ OK ] sendgrid",
                    "Result: PROBLEMS FOUND (mail still flows through the healthy transports)");
            assertThat(run.all()).doesNotContain("SG.test-key");
            assertThat(sendgrid.takeRequest().getUrl().encodedPath()).isEqualTo("/v3/scopes");
        }
    }
}
