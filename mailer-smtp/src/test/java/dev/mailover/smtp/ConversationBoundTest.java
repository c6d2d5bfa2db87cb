package dev.mailover.smtp;

import static dev.mailover.smtp.ScriptedSmtpServer.TRICKLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mailover.Diagnosis;
import dev.mailover.Email;
import dev.mailover.FailureKind;
import dev.mailover.Finding;
import dev.mailover.HealthCheck;
import dev.mailover.MailException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Nothing blocks forever, even without a time limit: a server that trickles a reply one byte at a
 * time, each byte well within the read timeout, is cut off by the bound on the whole conversation
 * (connect timeout + 10 read timeouts; 1 s + 10 × 700 ms = 8 s here).
 */
class ConversationBoundTest {

    private static final Email EMAIL = Email.builder().from("sender@example.com").to("to@example.org")
            .subject("s").text("body").build();
    /**
     * The read timeout: many times the trickle's pause, and long enough that a loaded machine still
     * delivers the greeting within it.
     */
    private static final Duration READ_TIMEOUT = Duration.ofMillis(700);
    /** Connect timeout plus ten read timeouts. */
    private static final Duration BOUND = Duration.ofSeconds(1).plus(READ_TIMEOUT.multipliedBy(10));
    /** Generous: the bound plus slack for a loaded machine, far below "forever". */
    private static final Duration WITHIN = BOUND.plusSeconds(20);

    private static SmtpMailer.Builder mailer(ScriptedSmtpServer server) {
        return SmtpMailer.builder().host("localhost").port(server.port()).security(SmtpSecurity.NONE)
                .connectTimeout(Duration.ofSeconds(1)).readTimeout(READ_TIMEOUT);
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    @Test
    void aTrickledEhloReplyEndsTheSendAtTheConversationBoundAsAConnectionFailure() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().on("EHLO", "250" + TRICKLE).start();
             SmtpMailer m = mailer(server).build()) {
            long start = System.nanoTime();

            MailException e = catchThrowableOfType(MailException.class, () -> m.send(EMAIL));

            assertThat(since(start)).isGreaterThanOrEqualTo(BOUND.minusMillis(100)).isLessThan(WITHIN);
            assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION_TIMEOUT);
            assertThat(e.hint()).contains("too slow").contains("trickles").contains("8 s")
                    .contains("nothing was delivered").doesNotContain("time limit of");
            assertThat(e.detail()).contains("at EHLO");
            assertThat(e.connectionFailed()).as("the connection never became usable").isTrue();
            assertThat(e.possiblyDelivered()).isFalse();
            assertThat(server.commands()).noneMatch(c -> c.startsWith("MAIL"));
        }
    }

    @Test
    void aTrickledGreetingEndsTheSendAtTheConversationBound() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().on("GREETING", "220" + TRICKLE).start();
             SmtpMailer m = mailer(server).build()) {
            long start = System.nanoTime();

            MailException e = catchThrowableOfType(MailException.class, () -> m.send(EMAIL));

            assertThat(since(start)).isLessThan(WITHIN);
            assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION_TIMEOUT);
            assertThat(e.hint()).contains("too slow").contains("waiting for the greeting");
            assertThat(e.connectionFailed()).isTrue();
            assertThat(server.commands()).isEmpty();
        }
    }

    @Test
    void aReplyTrickledMidSendIsATimeoutButNotAConnectionFailure() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().on("RCPT", "250" + TRICKLE).start();
             SmtpMailer m = mailer(server).build()) {
            long start = System.nanoTime();

            MailException e = catchThrowableOfType(MailException.class, () -> m.send(EMAIL));

            assertThat(since(start)).isLessThan(WITHIN);
            assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION_TIMEOUT);
            assertThat(e.detail()).contains("at RCPT TO");
            assertThat(e.hint()).contains("too slow").contains("nothing was delivered");
            assertThat(e.connectionFailed()).as("the connection worked up to RCPT").isFalse();
            assertThat(server.messages()).isEmpty();
        }
    }

    @Test
    void aCallersTimeLimitStillWinsOverTheBoundAndSaysSo() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().on("EHLO", "250" + TRICKLE).start();
             SmtpMailer m = mailer(server).build()) {
            MailException e = catchThrowableOfType(MailException.class, () -> m.send(EMAIL, Duration.ofMillis(1500)));

            assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION_TIMEOUT);
            assertThat(e.hint()).contains("time limit of 1.5 s");
            assertThat(e.connectionFailed()).as("the caller's budget ended, not the path").isFalse();
        }
    }

    @Test
    void aTrickledEhloReplyEndsTheCheckAtTheConversationBound() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().on("EHLO", "250" + TRICKLE).start();
             SmtpMailer m = mailer(server).build()) {
            long start = System.nanoTime();

            HealthCheck check = m.check();

            assertThat(since(start)).isLessThan(WITHIN);
            assertThat(check.healthy()).isFalse();
            assertThat(check.failure()).contains(FailureKind.CONNECTION_TIMEOUT);
            assertThat(check.hint()).contains("too slow").contains("trickles");
        }
    }

    @Test
    void theDoctorCutsOffATrickledGreetingAndSaysTheServerIsTooSlow() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().on("GREETING", "220" + TRICKLE).start()) {
            long start = System.nanoTime();

            Diagnosis d = SmtpProbe.builder().host("localhost").ports(587).dial(587, server.port())
                    .timeout(READ_TIMEOUT).build().run();

            // One walk: 700 ms + 10 × 700 ms = 7.7 s.
            assertThat(since(start)).isLessThan(WITHIN);
            Finding greeting = d.findings().stream().filter(f -> f.step().equals("greeting")).findFirst().orElseThrow();
            assertThat(greeting.status()).as(d.report()).isEqualTo(Finding.Status.FAIL);
            assertThat(greeting.detail()).contains("CONNECTION_TIMEOUT");
            assertThat(greeting.hint()).contains("too slow").contains("trickles");
            assertThat(d.healthy()).isFalse();
        }
    }

    @Test
    void theDoctorCutsOffATrickledEhloReplyToo() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().on("EHLO", "250" + TRICKLE).start()) {
            long start = System.nanoTime();

            Diagnosis d = SmtpProbe.builder().host("localhost").ports(587).dial(587, server.port())
                    .timeout(READ_TIMEOUT).build().run();

            assertThat(since(start)).isLessThan(WITHIN);
            Finding ehlo = d.findings().stream().filter(f -> f.step().equals("EHLO")).findFirst().orElseThrow();
            assertThat(ehlo.status()).as(d.report()).isEqualTo(Finding.Status.FAIL);
            assertThat(ehlo.hint()).contains("too slow");
        }
    }
}
