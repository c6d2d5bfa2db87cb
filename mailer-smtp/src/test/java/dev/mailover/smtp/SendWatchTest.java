package dev.mailover.smtp;

import static dev.mailover.smtp.ScriptedSmtpServer.TRICKLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mailover.Attachment;
import dev.mailover.Email;
import dev.mailover.FailureKind;
import dev.mailover.MailException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
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
    void sendsInARowWithManyWritesEachScheduleOneTimerTaskBetweenThem() throws Exception {
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
    void aSendWhoseLimitComesBeforeTheTaskToComeGetsAnEarlierOne() throws Exception {
        // The first send waits for a trickled reply to DATA: the mailer's one task is due a write timeout
        // (30 s) after it began. The second send's 1 s limit must not wait for that task.
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().on("DATA", "354" + TRICKLE).start();
             SmtpMailer m = SmtpMailer.builder().host("localhost").port(server.port()).security(SmtpSecurity.NONE)
                     .readTimeout(Duration.ofSeconds(30)).poolSize(2).build()) {
            Email email = Email.builder().from("sender@example.com").to("to@example.org").subject("s").text("body")
                    .build();
            CompletableFuture<MailException> first = CompletableFuture.supplyAsync(
                    () -> catchThrowableOfType(MailException.class, () -> m.send(email)));
            while (m.timerTasks() == 0) {
                Thread.sleep(10);
            }
            long start = System.nanoTime();

            MailException e = catchThrowableOfType(MailException.class, () -> m.send(email, Duration.ofSeconds(1)));

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
            assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION_TIMEOUT);
            assertThat(e.hint()).contains("time limit of 1 s");
            assertThat(first).isNotDone();
            m.close();
            assertThat(first.get().possiblyDelivered()).as("broken by close() before the final dot").isFalse();
            assertThat(server.messageIds()).isEmpty();
        }
    }
}
