package dev.mailover.ses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mailover.Attachment;
import dev.mailover.Email;
import dev.mailover.FailureKind;
import dev.mailover.MailException;
import dev.mailover.Mailer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An Email that SES cannot be given is a message problem: MESSAGE_REJECTED naming what is wrong, found
 * before the request, never a network kind and never a breaker count.
 */
class MessageProblemsTest {

    @TempDir
    Path dir;

    @RegisterExtension
    final MockSes ses = new MockSes();

    @Test
    void attachmentFileDeletedBeforeTheSendIsMessageRejectedNamingItBeforeAnyRequest() throws Exception {
        Path file = Files.writeString(dir.resolve("invoice-0042.pdf"), "%PDF-1.4 invoice");
        Email email = Email.builder().from("ada@example.com").to("bob@example.org").subject("Invoice").text("attached")
                .attach(Attachment.of("invoice-0042.pdf", "application/pdf", file)).build();
        Files.delete(file);
        try (Mailer mailer = ses.mailer(Duration.ofSeconds(10))) {
            MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(email));

            assertThat(e.kind()).isEqualTo(FailureKind.MESSAGE_REJECTED);
            assertThat(e.kind().transportFault()).as("never a breaker count").isFalse();
            assertThat(e.possiblyDelivered()).isFalse();
            assertThat(e.detail()).contains("invoice-0042.pdf");
            assertThat(e.hint()).contains("attachment files stay readable");
        }
        assertThat(ses.server().getRequestCount()).isZero();
    }
}
