package dev.mailover.smtp;

import static dev.mailover.smtp.ScriptedSends.failure;
import static dev.mailover.smtp.ScriptedSends.mailer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailover.Attachment;
import dev.mailover.Email;
import dev.mailover.FailureKind;
import dev.mailover.MailException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An email the SMTP transport cannot express is a message problem (MESSAGE_REJECTED), never UNKNOWN
 * or CONNECTION_LOST and never a breaker count, and nothing is half-sent.
 */
class UnsendableEmailTest {

    @TempDir
    Path dir;

    private Email withFile(Path file) {
        return Email.builder().from("orders@shop.example").to("bob@example.org").subject("Invoice").text("attached")
                .attach(Attachment.of("invoice.pdf", "application/pdf", file)).build();
    }

    private Path file(String name, int bytes) throws IOException {
        return Files.write(dir.resolve(name), new byte[bytes]);
    }

    @Test
    void anAttachmentFileDeletedBeforeTheSendFailsBeforeConnectingNamingTheFile() throws Exception {
        Path invoice = file("invoice.pdf", 1000);
        Email email = withFile(invoice);
        Files.delete(invoice);
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().start()) {
            MailException e = failure(mailer(server), email);

            assertThat(e.kind()).isEqualTo(FailureKind.MESSAGE_REJECTED);
            assertThat(e.kind().transportFault()).isFalse();
            assertThat(e.connectionFailed()).isFalse();
            assertThat(e.hint()).contains(invoice.toString()).contains("no longer exists").contains("nothing was delivered");
            assertThat(e.detail()).contains("before connecting").contains("invoice.pdf");
            assertThat(server.connections()).as("nothing was sent, not even a connection").isZero();
        }
    }

    @Test
    void anAttachmentFileDeletedDuringTheSendNeverReachesTheServerHalfWritten() throws Exception {
        Path invoice = file("invoice.pdf", 1000);
        Email email = withFile(invoice);
        Runnable deleteAtData = () -> {
            try {
                Files.delete(invoice);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().before("DATA", deleteAtData).start()) {
            MailException e = failure(mailer(server), email);

            assertThat(e.kind()).as(e.getMessage()).isEqualTo(FailureKind.MESSAGE_REJECTED);
            assertThat(e.possiblyDelivered()).isFalse();
            assertThat(e.hint()).contains(invoice.toString()).contains("nothing was delivered");
            assertThat(server.messages()).as("no final dot, so nothing the server may accept").isEmpty();
            assertThat(server.unfinishedMessages()).hasSize(1);
            assertThat(server.unfinishedMessages().get(0)).doesNotContain("\r\n.\r\n");
        }
    }

    @Test
    void anUnreadableAttachmentFileIsRefusedNamingTheFile() throws Exception {
        Path invoice = file("invoice.pdf", 10);
        Email email = withFile(invoice);
        Files.delete(invoice);
        Files.createDirectory(invoice);
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().start()) {
            MailException e = failure(mailer(server), email);

            assertThat(e.kind()).isEqualTo(FailureKind.MESSAGE_REJECTED);
            assertThat(e.hint()).contains(invoice.toString()).contains("cannot be read");
            assertThat(server.connections()).isZero();
        }
    }
}
