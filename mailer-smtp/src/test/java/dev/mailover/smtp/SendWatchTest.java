package dev.mailover.smtp;

import static dev.mailover.smtp.ScriptedSmtpServer.TRICKLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.mailover.Attachment;
import dev.mailover.Email;
import dev.mailover.FailureKind;
import dev.mailover.MailException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A mailer's sends share one timer task: a send with many writes schedules one, and sends in a row
 * schedule no more (Angus' write timeout scheduled a task for each write; one task per send woke the
 * timer thread on every send). The write timeout itself still holds (see SmtpConnectionFaultTest's
 * server that stops reading), and so does the conversation bound (ConversationBoundTest).
 */
class SendWatchTest {

    private static final int SENDS = 10;

    @Test
    void sendsInARowShareOneTimerTask() throws Exception {
        // 512 KiB of attachment: dozens of socket writes per message.
        Email email = Email.builder().from("sender@example.com").to("to@example.org").subject("s").text("body")
                .attach(Attachment.of("a.bin", "application/octet-stream", new byte[512 * 1024])).build();
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().start();
             SmtpMailer m = SmtpMailer.builder().host("localhost").dialPort(server.port()).port(25)
                     .security(SmtpSecurity.NONE).readTimeout(Duration.ofSeconds(30)).build()) {

            for (int i = 0; i < SENDS; i++) {
                m.send(email);
            }

            assertThat(server.messageIds()).hasSize(SENDS);
            assertThat(m.timerTasks()).as("the first send's task, due a write timeout later, serves them all")
                    .isEqualTo(1);
        }
    }

    @Test
    void aSendWhoseLimitComesFirstGetsAnEarlierRunAndTheOthersStillEndOnTime() throws Exception {
        // Both sends wait for a trickled reply to DATA, which the 30 s read timeout never ends: only their
        // limits do. The first send's run is due at its 4 s limit; the second's 1 s limit replaces it with an
        // earlier run, which must then schedule the first send's check again.
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().on("DATA", "354" + TRICKLE).start();
             SmtpMailer m = SmtpMailer.builder().host("localhost").port(server.port()).security(SmtpSecurity.NONE)
                     .readTimeout(Duration.ofSeconds(30)).poolSize(2).build()) {
            Email email = Email.builder().from("sender@example.com").to("to@example.org").subject("s").text("body")
                    .build();
            long firstStart = System.nanoTime();
            CompletableFuture<MailException> first = CompletableFuture.supplyAsync(
                    () -> catchThrowableOfType(MailException.class, () -> m.send(email, Duration.ofSeconds(4))));
            await().atMost(Duration.ofSeconds(10)).until(() -> m.timerTasks() == 1);
            long secondStart = System.nanoTime();

            MailException second = catchThrowableOfType(MailException.class,
                    () -> m.send(email, Duration.ofSeconds(1)));

            assertThat(since(secondStart)).isLessThan(Duration.ofSeconds(3));
            assertThat(second.kind()).isEqualTo(FailureKind.CONNECTION_TIMEOUT);
            assertThat(second.hint()).contains("time limit of 1 s");
            MailException firstFailure = first.get(20, TimeUnit.SECONDS);
            assertThat(since(firstStart)).isGreaterThanOrEqualTo(Duration.ofMillis(3900))
                    .isLessThan(Duration.ofSeconds(20));
            assertThat(firstFailure.kind()).isEqualTo(FailureKind.CONNECTION_TIMEOUT);
            assertThat(firstFailure.hint()).contains("time limit of 4 s");
            assertThat(server.messageIds()).isEmpty();
        }
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
