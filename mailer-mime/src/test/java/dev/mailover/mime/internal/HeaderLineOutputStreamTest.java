package dev.mailover.mime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailover.Attachment;
import dev.mailover.Email;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.eclipse.angus.mail.util.LineOutputStream;
import org.junit.jupiter.api.Test;

class HeaderLineOutputStreamTest {

    private final Session session = Session.getInstance(new Properties());

    @Test
    void writtenMessageIsByteForByteWhatJakartaMailWritesThroughItsOwnLineStream() throws Exception {
        Email email = Email.builder()
                .from("Zoë Sender <sender@example.com>")
                .to("rcpt@example.com")
                .bcc("hidden@example.com")
                .subject("Grüße, a subject long enough to be folded by the encoder when it is written out")
                .text("first line\r\nsecond line, ünïcödé\r\n")
                .html("<p>html</p>")
                .attach(Attachment.of("a.bin", "application/octet-stream", new byte[] {0, 1, 2, 3, 4, 5}))
                .build();
        MimeMessage message = MimeMessages.toMimeMessage(email, session);

        ByteArrayOutputStream viaHeaderLineStream = new ByteArrayOutputStream();
        message.writeTo(viaHeaderLineStream);
        ByteArrayOutputStream viaAngusLineStream = new ByteArrayOutputStream();
        LineOutputStream angus = new LineOutputStream(viaAngusLineStream, false);
        message.writeTo(angus);
        angus.flush();

        assertThat(viaHeaderLineStream.toString(StandardCharsets.ISO_8859_1))
                .isEqualTo(viaAngusLineStream.toString(StandardCharsets.ISO_8859_1))
                .doesNotContain("hidden@example.com");
    }
}
