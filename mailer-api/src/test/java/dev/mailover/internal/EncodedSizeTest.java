package dev.mailover.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mailover.Attachment;
import dev.mailover.Email;
import dev.mailover.FailureKind;
import dev.mailover.MailException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EncodedSizeTest {

    @Test
    void attachmentsCountAsBase64() {
        assertThat(EncodedSize.base64(0)).isZero();
        assertThat(EncodedSize.base64(1)).isEqualTo(4);
        assertThat(EncodedSize.base64(3)).isEqualTo(4);
        assertThat(EncodedSize.base64(4)).isEqualTo(8);
    }

    @Test
    void anEmailCountsItsTextAsUtf8AndItsAttachmentsAsBase64() {
        Email email = Email.builder().from("a@example.com").to("b@example.com").subject("Grüße")
                .text("日本").html("<p>é</p>").header("X-Tag", "ü")
                .attach(Attachment.of("r.pdf", "application/pdf", new byte[300])).build();

        long expected = 7 + 6 + 9 + (5 + 2 + 4) + (400 + 5 + 15);
        assertThat(EncodedSize.of(email, "ses")).isEqualTo(expected);
    }

    @Test
    void aDeletedAttachmentFileIsAMessageRejectionNamingIt(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("gone.txt"), "soon gone");
        Email email = Email.builder().from("a@example.com").to("b@example.com").subject("s").text("t")
                .attach(Attachment.of("gone.txt", "text/plain", file)).build();
        Files.delete(file);

        MailException e = catchThrowableOfType(MailException.class, () -> EncodedSize.of(email, "ses"));

        assertThat(e.kind()).isEqualTo(FailureKind.MESSAGE_REJECTED);
        assertThat(e.detail()).contains("gone.txt");
    }
}
