package dev.mailover.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mailover.Attachment;
import dev.mailover.FailureKind;
import dev.mailover.MailException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An attachment file that went away after the email was built is a message problem naming the file. */
class UnreadableAttachmentExceptionTest {

    @TempDir
    Path dir;

    @Test
    void aFileDeletedSinceTheEmailWasBuiltIsRefusedNamingIt() throws Exception {
        Path file = Files.writeString(dir.resolve("invoice-0042.pdf"), "%PDF-1.4");
        Attachment attachment = Attachment.of("invoice-0042.pdf", "application/pdf", file);
        Files.delete(file);

        UnreadableAttachmentException e = catchThrowableOfType(UnreadableAttachmentException.class,
                () -> UnreadableAttachmentException.requireReadable(attachment));

        assertThat(e.file()).isEqualTo(file);
        assertThat(e).hasMessage("attachment 'invoice-0042.pdf': cannot read " + file + " (NoSuchFileException)");
    }

    @Test
    void aDirectoryWhereTheFileWasIsNotARegularFile() throws Exception {
        Path file = Files.writeString(dir.resolve("report.pdf"), "%PDF-1.4");
        Attachment attachment = Attachment.of("report.pdf", "application/pdf", file);
        Files.delete(file);
        Files.createDirectory(file);

        UnreadableAttachmentException e = catchThrowableOfType(UnreadableAttachmentException.class,
                () -> UnreadableAttachmentException.requireReadable(attachment));

        assertThat(e).hasMessageContaining("not a regular file");
    }

    @Test
    void contentHeldInMemoryIsAlwaysReadable() {
        Attachment bytes = Attachment.of("a.txt", "text/plain", "x".getBytes(StandardCharsets.UTF_8));

        assertThatCode(() -> UnreadableAttachmentException.requireReadable(bytes)).doesNotThrowAnyException();
        assertThat(UnreadableAttachmentException.sizeOf(bytes, "ses")).isEqualTo(1);
    }

    @Test
    void theSizeOfAFileThatIsGoneIsAMessageRejectionWithTheHint() throws Exception {
        Path file = Files.writeString(dir.resolve("backup.tar"), "data");
        Attachment attachment = Attachment.of("backup.tar", "application/x-tar", file);
        Files.delete(file);

        MailException e = catchThrowableOfType(MailException.class, () -> UnreadableAttachmentException.sizeOf(attachment, "sendgrid"));

        assertThat(e.kind()).isEqualTo(FailureKind.MESSAGE_REJECTED);
        assertThat(e.transport()).isEqualTo("sendgrid");
        assertThat(e.detail()).contains("backup.tar");
        assertThat(e.hint()).isEqualTo(UnreadableAttachmentException.HINT);
        assertThat(e.getCause()).isInstanceOf(UnreadableAttachmentException.class);
    }

    @Test
    void aFileThatChangedMidSendSaysHow() throws Exception {
        Path file = Files.writeString(dir.resolve("backup.tar"), "data");

        UnreadableAttachmentException e = UnreadableAttachmentException.changed(
                Attachment.of("backup.tar", "application/x-tar", file), "0 bytes read of the 4 it had");

        assertThat(e).hasMessage("attachment 'backup.tar' changed while it was sent: 0 bytes read of the 4 it had");
        assertThat(e.file()).isEqualTo(file);
    }
}
