package dev.mailover.http;

import dev.mailover.Attachment;
import dev.mailover.Email;
import dev.mailover.SendResult;
import java.nio.file.Path;

/**
 * Run in a child JVM with a small heap by {@link LargeAttachmentMemoryTest}: sends one email with the
 * given file attached through SendGrid at the given base URL, and prints the message id.
 */
public final class LargeAttachmentSender {

    private LargeAttachmentSender() {
    }

    public static void main(String[] args) {
        String baseUrl = args[0];
        Path file = Path.of(args[1]);
        Email email = Email.builder().from("ada@example.com").to("bob@example.org").subject("Big file").text("attached")
                .attach(Attachment.of("big.bin", "application/octet-stream", file)).build();
        try (SendGridMailer mailer = SendGridMailer.builder().apiKey("SG.memory-test").baseUrl(baseUrl).build()) {
            SendResult result = mailer.send(email);
            System.out.println("sent " + result.messageId() + " max heap " + Runtime.getRuntime().maxMemory());
        }
    }
}
