package dev.mailover.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MailoverCommandTest {

    @ParameterizedTest
    @ValueSource(strings = {"send", "test", "doctor", "demo"})
    void everyCommandExplainsItselfWithHelp(String command) {
        CommandRun run = CommandRun.run(command, "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: mailover " + command);
    }

    @Test
    void helpListsTheCommandsAndTheExitCodes() {
        CommandRun run = CommandRun.run("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("send", "test", "doctor", "demo", "Exit codes: 0 sent or healthy, 1 failed or problems found, 2 bad usage");
    }

    @Test
    void noCommandIsBadUsage() {
        CommandRun run = CommandRun.run();

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("a command is required");
    }

    @Test
    void anUnknownOptionIsBadUsageInOneLineWithAPointerToHelp() {
        CommandRun run = CommandRun.run("doctor", "--dsn", "smtp://127.0.0.1:25", "--frobnicate");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines()).containsExactly(
                "mailover: Unknown option: '--frobnicate'",
                "Try 'mailover doctor --help' for more information.");
    }

    @Test
    void anUnknownSchemeIsOneReadableLineListingTheKnownSchemes() {
        CommandRun run = CommandRun.run("send", "--dsn", "carrier+pigeon://coop", "--from", "a@example.com",
                "--to", "b@example.com", "--subject", "Hi", "--text", "Hello");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines()).hasSize(1).first().asString()
                .startsWith("mailover: unknown DSN scheme 'carrier+pigeon'; schemes on the classpath:");
        assertThat(run.err()).doesNotContain("Exception", "\tat ");
    }

    @Test
    void verboseAddsTheStackTrace() {
        CommandRun run = CommandRun.run("send", "--verbose", "--dsn", "carrier+pigeon://coop", "--from", "a@example.com",
                "--to", "b@example.com", "--subject", "Hi", "--text", "Hello");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("java.lang.IllegalArgumentException: unknown DSN scheme", "\tat ");
    }

    @Test
    void withoutAnyDsnTheCommandSaysWhereItLooked() {
        CommandRun run = CommandRun.run("send", "--from", "a@example.com", "--to", "b@example.com",
                "--subject", "Hi", "--text", "Hello");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("no DSN: set MAILER_DSN or pass --dsn-env VAR (or --dsn DSN)");
    }

    @Test
    void aNamedDsnVariableThatIsNotSetIsBadUsage() {
        CommandRun run = CommandRun.run(Map.of("MAILER_DSN", "smtp://127.0.0.1:25"), "doctor", "--dsn-env", "PROD_MAIL");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("the environment variable PROD_MAIL is not set");
    }

    @Test
    void aMalformedDsnNeverEchoesItsPassword() {
        CommandRun run = CommandRun.run(Map.of("MAILER_DSN", "smtp://user:hunter2@host:notaport"), "doctor");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("mailover: ").doesNotContain("hunter2");
    }

    @Test
    void aMalformedAddressNamesTheField() {
        CommandRun run = CommandRun.run("send", "--dsn", "smtp://127.0.0.1:25", "--from", "not-an-address",
                "--to", "b@example.com", "--subject", "Hi", "--text", "Hello");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("mailover: from: ");
    }

    @Test
    void sendWithoutABodyIsBadUsage() {
        CommandRun run = CommandRun.run("send", "--dsn", "smtp://127.0.0.1:25", "--from", "a@example.com",
                "--to", "b@example.com", "--subject", "Hi");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("a body is required: --text, --html or both");
    }

    @Test
    void aMissingAttachmentIsBadUsage() {
        CommandRun run = CommandRun.run("send", "--dsn", "smtp://127.0.0.1:25", "--from", "a@example.com",
                "--to", "b@example.com", "--subject", "Hi", "--text", "Hello", "--attach", "/nonexistent/report.pdf");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--attach: '/nonexistent/report.pdf' is not a readable file");
    }

    @Test
    void aBadTimeoutIsBadUsage() {
        CommandRun run = CommandRun.run("test", "--dsn", "smtp://127.0.0.1:25", "--to", "b@example.com", "--timeout", "soon");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("'soon' is not a duration");
    }

    @Test
    void testNeedsASenderWhenTheDsnUserIsNotAnAddress() {
        CommandRun run = CommandRun.run("test", "--dsn", "smtp://apikey:secret@127.0.0.1:25", "--to", "b@example.com");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("no sender: pass --from ADDR or set MAIL_FROM").doesNotContain("secret");
    }

    @Test
    void aDirectoryIsNotAnAttachment(@TempDir Path dir) {
        CommandRun run = CommandRun.run("send", "--dsn", "smtp://127.0.0.1:25", "--from", "a@example.com",
                "--to", "b@example.com", "--subject", "Hi", "--text", "Hello", "--attach", dir.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines()).first().asString().isEqualTo("mailover: --attach: '" + dir + "' is not a readable file");
    }
}
