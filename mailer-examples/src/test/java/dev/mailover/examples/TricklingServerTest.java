package dev.mailover.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailover.Email;
import dev.mailover.Mailer;
import dev.mailover.SendResult;
import dev.mailover.failover.FailoverMailer;
import dev.mailover.smtp.SmtpMailer;
import dev.mailover.smtp.SmtpSecurity;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Nothing blocks forever: a server that trickles its greeting byte by byte is cut off by the bound
 * on the whole conversation (connect timeout + 10 read timeouts; 1 s + 10 × 300 ms = 4 s here), in
 * the doctor, in a failover mailer's startup probe, and in {@code check()}.
 */
class TricklingServerTest {

    /** The bound plus generous slack for a loaded machine: it catches a hang, not slowness. */
    private static final Duration WITHIN = Duration.ofSeconds(25);

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    @Test
    void theDoctorOfADsnFinishesAndSaysTheServerIsTooSlow() throws Exception {
        try (TricklingSmtpServer tarpit = new TricklingSmtpServer()) {
            long start = System.nanoTime();

            CommandRun run = CommandRun.run("doctor", "--dsn", "smtp://127.0.0.1:" + tarpit.port()
                    + "?security=none&connect_timeout=1s&read_timeout=300ms");

            assertThat(since(start)).isLessThan(WITHIN);
            assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
            assertThat(run.out()).contains("  smtp", "[FAIL] check        CONNECTION_TIMEOUT", "too slow", "trickles", "4 s");
        }
    }

    @Test
    void theDoctorProbingAHostFinishesAndSaysTheServerIsTooSlow() throws Exception {
        try (TricklingSmtpServer tarpit = new TricklingSmtpServer()) {
            long start = System.nanoTime();

            CommandRun run = CommandRun.run("doctor", "127.0.0.1", "--port", String.valueOf(tarpit.port()),
                    "--timeout", "300ms");

            assertThat(since(start)).isLessThan(WITHIN);
            assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
            assertThat(run.out()).contains("[FAIL] greeting", "too slow");
        }
    }

    @Test
    void aFailoverMailerProbingATarpitOnStartupIsBuiltAndTheNextTransportDelivers() throws Exception {
        try (TricklingSmtpServer tarpit = new TricklingSmtpServer(); SmtpServers relay = new SmtpServers()) {
            long start = System.nanoTime();
            try (Mailer mailer = FailoverMailer.builder()
                    .transport(SmtpMailer.builder().name("tarpit").host("127.0.0.1").port(tarpit.port())
                            .security(SmtpSecurity.NONE).connectTimeout(Duration.ofSeconds(1))
                            .readTimeout(Duration.ofMillis(300)).build())
                    .transport(SmtpMailer.builder().host("127.0.0.1").port(relay.plainPort())
                            .security(SmtpSecurity.NONE).build())
                    .probeOnStartup(true)
                    .build()) {
                assertThat(since(start)).as("building probes the tarpit once, bounded").isLessThan(WITHIN);

                SendResult result = mailer.send(Email.builder().from("ops@example.com").to("me@example.org")
                        .subject("through the relay").text("Hello").build());

                assertThat(result.transport()).isEqualTo("smtp");
                assertThat(relay.greenMail().getReceivedMessages()).hasSize(1);
            }
        }
    }
}
