package dev.mailover.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailover.Attachment;
import dev.mailover.Email;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A send has one timer task however many writes it makes: Angus' write timeout scheduled a task for
 * each write. The write timeout itself still holds (see SmtpConnectionFaultTest's server that stops
 * reading), and so does the conversation bound (ConversationBoundTest).
 */
class SendWatchdogTest {

    private static final int SENDS = 10;

    @Test
    void aSendWithManyWritesSchedulesOneTimerTask() throws Exception {
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
            assertThat(m.timerTasks()).isEqualTo(SENDS);
        }
    }
}
