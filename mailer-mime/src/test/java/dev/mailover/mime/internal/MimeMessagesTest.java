package dev.mailover.mime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailover.Attachment;
import dev.mailover.Email;
import dev.mailover.internal.UnreadableAttachmentException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MimeMessagesTest {

    private final Session session = Session.getInstance(new Properties());

    @Test
    void textOnlyEmailIsASingleTextPlainPart() throws Exception {
        MimeMessage parsed = roundTrip(base().text("Hello").build());

        assertThat(parsed.getContentType()).startsWith("text/plain").containsIgnoringCase("charset=UTF-8");
        assertThat(parsed.getContent()).isEqualTo("Hello");
    }

    @Test
    void textAndHtmlBecomeMultipartAlternativeWithTextFirst() throws Exception {
        MimeMessage parsed = roundTrip(base().text("plain body").html("<p>html body</p>").build());

        assertThat(parsed.getContentType()).startsWith("multipart/alternative");
        Multipart alt = (Multipart) parsed.getContent();
        assertThat(alt.getCount()).isEqualTo(2);
        assertThat(alt.getBodyPart(0).getContentType()).startsWith("text/plain");
        assertThat(alt.getBodyPart(0).getContent()).isEqualTo("plain body");
        assertThat(alt.getBodyPart(1).getContentType()).startsWith("text/html");
        assertThat(alt.getBodyPart(1).getContent()).isEqualTo("<p>html body</p>");
    }

    @Test
    void utf8SubjectAndDisplayNamesAreEncodedPerRfc2047() throws Exception {
        Email email = Email.builder().from("Zoë Çelik <zoe@example.com>").to("Jürgen Groß <j@example.org>")
                .subject("Grüße aus Köln ✓").text("ok").build();

        String raw = raw(email);
        MimeMessage parsed = parse(raw);

        assertThat(raw).contains("Subject: =?UTF-8?").doesNotContain("Grüße");
        assertThat(parsed.getSubject()).isEqualTo("Grüße aus Köln ✓");
        assertThat(((InternetAddress) parsed.getFrom()[0]).getPersonal()).isEqualTo("Zoë Çelik");
        assertThat(((InternetAddress) parsed.getFrom()[0]).getAddress()).isEqualTo("zoe@example.com");
        InternetAddress to = (InternetAddress) parsed.getRecipients(Message.RecipientType.TO)[0];
        assertThat(to.getPersonal()).isEqualTo("Jürgen Groß");
    }

    @Test
    void messageIdIsTheEmailsOwnAndStaysTheSameWhenSavedAgain() throws Exception {
        Email email = base().text("x").messageId("<fixed-123@example.com>").build();
        MimeMessage message = MimeMessages.toMimeMessage(email, session);

        message.saveChanges();

        assertThat(message.getMessageID()).isEqualTo("<fixed-123@example.com>");
        assertThat(parse(raw(email)).getMessageID()).isEqualTo("<fixed-123@example.com>");
        assertThat(MimeMessages.toMimeMessage(email, session).getMessageID()).isEqualTo(email.messageId());
    }

    @Test
    void bccRecipientsAreInTheEnvelopeButNeverInTheWrittenHeaders() throws Exception {
        Email email = base().text("x").cc("c@example.org").bcc("hidden@example.org").build();
        MimeMessage message = MimeMessages.toMimeMessage(email, session);

        assertThat(message.getAllRecipients()).extracting(a -> ((InternetAddress) a).getAddress())
                .containsExactly("to@example.org", "c@example.org", "hidden@example.org");
        String raw = raw(email);
        assertThat(raw).doesNotContainIgnoringCase("bcc").doesNotContain("hidden@example.org");
        assertThat(parse(raw).getHeader("Cc")[0]).isEqualTo("c@example.org");
    }

    @Test
    void customHeadersTagsAndMetadataBecomeHeaders() throws Exception {
        Email email = base().text("x").header("X-Campaign", "spring").header("X-Note", "naïve café")
                .replyTo("reply@example.com")
                .tag("welcome").tag("onboarding").metadata("user-id", "42").build();

        MimeMessage parsed = roundTrip(email);

        assertThat(parsed.getHeader("X-Campaign")).containsExactly("spring");
        assertThat(MimeUtility.decodeText(parsed.getHeader("X-Note")[0])).isEqualTo("naïve café");
        assertThat(parsed.getHeader("X-Mailover-Tag")).containsExactly("welcome", "onboarding");
        assertThat(parsed.getHeader("X-Mailover-Meta-user-id")).containsExactly("42");
        assertThat(((InternetAddress) parsed.getReplyTo()[0]).getAddress()).isEqualTo("reply@example.com");
        assertThat(parsed.getSentDate()).isNotNull();
    }

    @Test
    void inlinePartsAreRelatedToTheHtmlByContentIdAndAttachmentsWrapItAllInMixed() throws Exception {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, 3};
        byte[] pdf = "%PDF-1.4 fake".getBytes(StandardCharsets.US_ASCII);
        Email email = base().text("t").html("<img src=\"cid:logo\">")
                .attach(Attachment.inline("logo", "logo.png", "image/png", png))
                .attach(Attachment.of("report.pdf", "application/pdf", pdf)).build();

        MimeMessage parsed = roundTrip(email);

        assertThat(parsed.getContentType()).startsWith("multipart/mixed");
        Multipart mixed = (Multipart) parsed.getContent();
        assertThat(mixed.getCount()).isEqualTo(2);
        assertThat(mixed.getBodyPart(0).getContentType()).startsWith("multipart/related");
        Multipart related = (Multipart) mixed.getBodyPart(0).getContent();
        assertThat(related.getBodyPart(0).getContentType()).startsWith("multipart/alternative");
        MimeBodyPart logo = (MimeBodyPart) related.getBodyPart(1);
        assertThat(logo.getContentID()).isEqualTo("<logo>");
        assertThat(logo.getDisposition()).isEqualTo(Part.INLINE);
        assertThat(bytes(logo.getInputStream())).isEqualTo(png);
        MimeBodyPart report = (MimeBodyPart) mixed.getBodyPart(1);
        assertThat(report.getDisposition()).isEqualTo(Part.ATTACHMENT);
        assertThat(report.getFileName()).isEqualTo("report.pdf");
        assertThat(report.getContentType()).startsWith("application/pdf");
        assertThat(report.getEncoding()).isEqualTo("base64");
        assertThat(bytes(report.getInputStream())).isEqualTo(pdf);
    }

    @Test
    void htmlWithInlinePartsOnlyIsMultipartRelated() throws Exception {
        Email email = base().html("<img src=\"cid:a\">")
                .attach(Attachment.inline("a", "a.gif", "image/gif", new byte[] {1, 2})).build();

        MimeMessage parsed = roundTrip(email);

        assertThat(parsed.getContentType()).startsWith("multipart/related");
        Multipart related = (Multipart) parsed.getContent();
        assertThat(related.getBodyPart(0).getContentType()).startsWith("text/html");
    }

    @Test
    void fileAttachmentIsReadOnlyWhenTheMessageIsWritten(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("data.bin");
        Files.write(file, new byte[] {1, 2, 3});
        Email email = base().text("x").attach(Attachment.of("données.bin", "application/octet-stream", file)).build();
        MimeMessage message = MimeMessages.toMimeMessage(email, session);
        byte[] content = new byte[300_000];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) i;
        }
        Files.write(file, content); // changed after building: the bytes written are read at write time

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        MimeMessage parsed = parse(out.toString(StandardCharsets.US_ASCII));

        MimeBodyPart part = (MimeBodyPart) ((Multipart) parsed.getContent()).getBodyPart(1);
        assertThat(part.getFileName()).isEqualTo("données.bin");
        assertThat(bytes(part.getInputStream())).isEqualTo(content);
    }

    @Test
    void anInternationalizedDomainIsWrittenAsALabels() throws Exception {
        Email email = base().to("Ada <ada@bücher.example>").text("x").build();

        MimeMessage message = MimeMessages.toMimeMessage(email, session);

        assertThat(raw(email)).contains("ada@xn--bcher-kva.example").doesNotContain("bücher");
        assertThat(((InternetAddress) message.getAllRecipients()[1]).getAddress()).isEqualTo("ada@xn--bcher-kva.example");
        assertThat(MimeMessages.needsSmtpUtf8(email)).isFalse();
    }

    @Test
    void aNonAsciiLocalPartIsWrittenAsUtf8AndNeedsSmtpUtf8() throws Exception {
        Email email = base().replyTo("josé@example.test").text("x").build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        MimeMessages.toMimeMessage(email, session).writeTo(out);

        assertThat(MimeMessages.needsSmtpUtf8(email)).isTrue();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Reply-To: josé@example.test\r\n");
    }

    @Test
    void anAttachmentFileGoneSinceBuildIsRefusedNamingTheFile(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("report.pdf"), new byte[] {1});
        Email email = base().text("x").attach(Attachment.of("report.pdf", "application/pdf", file)).build();
        Files.delete(file);

        assertThatThrownBy(() -> MimeMessages.toMimeMessage(email, session))
                .isInstanceOf(MessagingException.class)
                .hasMessageContaining("attachment 'report.pdf'").hasMessageContaining(file.toString())
                .cause().isInstanceOfSatisfying(UnreadableAttachmentException.class,
                        u -> assertThat(u.file()).isEqualTo(file));
    }

    private static Email.Builder base() {
        return Email.builder().from("Sender <sender@example.com>").to("to@example.org").subject("Subject");
    }

    private MimeMessage roundTrip(Email email) throws Exception {
        return parse(raw(email));
    }

    private String raw(Email email) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MimeMessages.toMimeMessage(email, session).writeTo(out);
        String raw = out.toString(StandardCharsets.US_ASCII);
        assertThat(raw).doesNotContain("\n\n").as("lines end in CRLF");
        return raw;
    }

    private MimeMessage parse(String raw) throws Exception {
        return new MimeMessage(session, new ByteArrayInputStream(raw.getBytes(StandardCharsets.US_ASCII)));
    }

    private static byte[] bytes(InputStream in) throws Exception {
        try (in) {
            return in.readAllBytes();
        }
    }
}
