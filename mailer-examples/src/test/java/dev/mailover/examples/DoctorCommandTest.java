package dev.mailover.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
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
}
