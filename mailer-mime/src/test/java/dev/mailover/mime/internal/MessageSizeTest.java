package dev.mailover.mime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailover.Attachment;
import dev.mailover.Email;
import jakarta.mail.Session;
import java.util.Properties;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The size of a written message as SMTP's SIZE extension counts it (RFC 1870), and the cheap bound
 * that decides whether it must be measured. The SMTP transport's tests prove that a server receives
 * exactly the measured size.
 */
class MessageSizeTest {

    private static byte[] random(int bytes) {
        byte[] content = new byte[bytes];
        new Random(7).nextBytes(content);
        return content;
    }

    @Test
    void theCheapUpperBoundIsNeverBelowTheRealSize() throws Exception {
        Session session = Session.getInstance(new Properties());
        Email[] emails = {
                Email.builder().from("a@b.example").to("c@d.example").subject("s").text("x").build(),
                Email.builder().from("Zoë <a@b.example>").to("c@d.example").subject("€".repeat(300))
                        .text("€\n".repeat(5000)).html("<b>" + "ü".repeat(10000) + "</b>").build(),
                Email.builder().from("a@b.example").to("c@d.example").subject("s").text("\n".repeat(10000))
                        .attach(Attachment.of("ünïcødé name.bin", "application/octet-stream", new byte[1]))
                        .attach(Attachment.inline("logo", "logo.png", "image/png", new byte[76 * 3 * 100])).build(),
                Email.builder().from("orders@shop.example").to("bob@example.org").subject("Invoice").text("attached")
                        .attach(Attachment.of("invoice.pdf", "application/pdf", random(1_000_000))).build()};
        for (Email email : emails) {
            EmailMimeMessage message = (EmailMimeMessage) MimeMessages.toMimeMessage(email, session);

            assertThat(MessageSize.upperBound(message)).isGreaterThanOrEqualTo(MessageSize.measure(message));
        }
    }
}
