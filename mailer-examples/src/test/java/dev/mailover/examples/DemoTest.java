package dev.mailover.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoTest {

    /** The embedded demo takes several seconds: its tests share one run. */
    private static CommandRun embedded;

    private static synchronized CommandRun embeddedDemo() {
        if (embedded == null) {
            embedded = CommandRun.run("demo");
        }
        return embedded;
    }

    @Test
    void theDemoFailsOverToTheApiAndReturnsToSmtpOnceItRecovers() {
        CommandRun run = embeddedDemo();

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out())
                .containsPattern("1\\) Send while SMTP is blocked[\\s\\S]*smtp\\s+FAILED\\s+CONNECTION_REFUSED"
                        + "[\\s\\S]*sendgrid\\s+DELIVERED[\\s\\S]*=> delivered by sendgrid, message id demo-0001")
                .containsPattern("2\\) [\\s\\S]*smtp\\s+SKIPPED[\\s\\S]*=> delivered by sendgrid")
                .containsPattern("4\\) [\\s\\S]*=> delivered by smtp")
                .contains("the SMTP server received 1 message(s)",
                        "Done: SMTP failed, the API delivered, and traffic returned to SMTP once it recovered;");
    }

    @Test
    void withEveryTransportDownTheDemosOutboxKeepsTheEmailsAndDeliversThemWhenSmtpIsBack() {
        CommandRun run = embeddedDemo();

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out())
                .containsPattern("6\\) Every transport down[\\s\\S]*(=> stored by outbox, message id <[^>]+>\\s+){3}")
                .containsPattern("3 sends returned in \\d+ ms")
                .contains("the relay tried each once (CONNECTION_REFUSED)",
                        "outbox: PENDING 3, SENDING 0, SENT 0, FAILED 0",
                        "7) SMTP comes back",
                        "outbox: PENDING 0, SENDING 0, SENT 3, FAILED 0",
                        "the SMTP server received 3 message(s)",
                        "the outbox kept the emails and delivered them later.");
    }

    @Test
    void withMailerDsnButNoAddressesTheDemoSaysWhatIsMissing() {
        CommandRun run = CommandRun.run(Map.of("MAILER_DSN", "smtp://127.0.0.1:25"), "demo");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).contains("it also needs MAIL_FROM and MAIL_TO");
    }

    @Test
    void withMailerDsnAndARefusingServerTheDemoPrintsTheClassifiedFailure() {
        int closed = ClosedPort.find();

        CommandRun run = CommandRun.run(Map.of("MAILER_DSN", "smtp://127.0.0.1:" + closed + "?security=none",
                "MAIL_FROM", "me@example.com", "MAIL_TO", "you@example.org"), "demo");

        assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
        assertThat(run.out()).contains("sending one real email through smtp://127.0.0.1:" + closed,
                "Not sent: CONNECTION_REFUSED on smtp", "Hint: nothing accepts connections on 127.0.0.1:" + closed);
    }

    @Test
    void withMailerDsnTheDemoSendsOneRealEmailThroughIt() {
        try (SmtpServers smtp = new SmtpServers()) {
            CommandRun run = CommandRun.run(Map.of(
                    "MAILER_DSN", "smtp://127.0.0.1:" + smtp.plainPort() + "?security=none",
                    "MAIL_FROM", "me@example.com", "MAIL_TO", "you@example.org"), "demo");

            assertThat(run.exitCode()).as(run.all()).isZero();
            assertThat(run.out()).contains("MAILER_DSN is set: sending one real email through smtp://127.0.0.1:",
                    "Sent by smtp");
            assertThat(smtp.greenMail().getReceivedMessages()).hasSize(1);
        }
    }
}
