package dev.mailover.smtp;

import static dev.mailover.smtp.ScriptedSends.failure;
import static dev.mailover.smtp.ScriptedSends.mailer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mailover.Attachment;
import dev.mailover.Email;
import dev.mailover.FailureKind;
import dev.mailover.MailException;
import dev.mailover.mime.internal.MessageSize;
import dev.mailover.mime.internal.MimeMessages;
import jakarta.mail.Session;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A server that announces {@code SIZE n} in EHLO (RFC 1870) is never given a larger message: the
 * send fails before MAIL FROM as MESSAGE_REJECTED, naming both sizes, and the server receives nothing.
 */
class MessageSizeLimitTest {

    private static Email withAttachment(int bytes) {
        byte[] content = new byte[bytes];
        new Random(7).nextBytes(content);
        return Email.builder().from("orders@shop.example").to("bob@example.org").subject("Invoice")
                .text("Your invoice is attached.").attach(Attachment.of("invoice.pdf", "application/pdf", content)).build();
    }

    private static long sizeOf(Email email) throws Exception {
        return MessageSize.measure(MimeMessages.toMimeMessage(email, Session.getInstance(new Properties())));
    }

    @Test
    void aMessageOverPostfixsAnnouncedSizeFailsBeforeMailFromNamingBothSizes() throws Exception {
        Email big = withAttachment(200_000);
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().capabilities("PIPELINING", "SIZE 100000", "8BITMIME")
                .on("DOT", "552 5.3.4 Error: message file too big").start()) {
            MailException e = failure(mailer(server), big);

            assertThat(e.kind()).isEqualTo(FailureKind.MESSAGE_REJECTED);
            assertThat(e.kind().transportFault()).isFalse();
            assertThat(e.code()).isEmpty();
            assertThat(e.hint()).containsPattern("the message is 2\\d\\d\\.\\d KB \\(2\\d{5} bytes\\)")
                    .contains("larger than the 97.7 KB (100000 bytes) that localhost accepts")
                    .contains("nothing was sent");
            assertThat(e.detail()).contains("before MAIL FROM");
            assertThat(server.commands()).noneMatch(c -> c.startsWith("MAIL") || c.startsWith("DATA"));
        }
    }

    /** Text only, so that no MIME boundary (whose length varies between builds) is part of the size. */
    private static Email textOnly(int lines) {
        return Email.builder().from("orders@shop.example").to("bob@example.org").subject("Grüße")
                .text("line one\nline two\r\n.a line with a leading dot\nünïcødé\n".repeat(lines)).build();
    }

    @Test
    void theSizeIsMeasuredExactlyAsTheServerReceivesIt() throws Exception {
        Email email = textOnly(100);
        long size = sizeOf(email);
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().capabilities("SIZE " + size).start();
             SmtpMailer m = mailer(server).build()) {
            m.send(email);

            String received = server.rawMessages().get(0).replace("\r\n..", "\r\n.");
            assertThat(received.getBytes(StandardCharsets.ISO_8859_1).length).as("what the server received, unstuffed")
                    .isEqualTo(size);
        }
    }

    @Test
    void aMessageOneByteOverTheLimitIsRefusedAndTheConnectionServesTheNextSend() throws Exception {
        Email big = textOnly(1000);
        long size = sizeOf(big);
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().capabilities("SIZE " + (size - 1)).start();
             SmtpMailer m = mailer(server).build()) {
            MailException e = catchThrowableOfType(MailException.class, () -> m.send(big));
            m.send(ScriptedSends.EMAIL);

            assertThat(e.kind()).isEqualTo(FailureKind.MESSAGE_REJECTED);
            assertThat(e.hint()).contains("(" + size + " bytes)").contains("(" + (size - 1) + " bytes)");
            assertThat(server.messageIds()).containsExactly(ScriptedSends.EMAIL.messageId());
            assertThat(server.connections()).as("the refused message left the connection usable").isEqualTo(1);
        }
    }

    @Test
    void withoutSizeOrWithSizeZeroTheMessageGoesToTheServer() throws Exception {
        Email big = withAttachment(200_000);
        try (ScriptedSmtpServer none = ScriptedSmtpServer.builder().capabilities("8BITMIME").start();
             ScriptedSmtpServer zero = ScriptedSmtpServer.builder().capabilities("SIZE 0").start();
             SmtpMailer toNone = mailer(none).build(); SmtpMailer toZero = mailer(zero).build()) {
            toNone.send(big);
            toZero.send(big);

            assertThat(none.messageIds()).containsExactly(big.messageId());
            assertThat(zero.messageIds()).containsExactly(big.messageId());
        }
    }
}
