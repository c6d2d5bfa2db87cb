package dev.mailover.mime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailover.Attachment;
import dev.mailover.Email;
import dev.mailover.mime.internal.MimeMessages;
import dev.mailover.mime.testing.DkimTesting;
import jakarta.mail.Session;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.james.jdkim.api.SignatureRecord;
import dev.mailover.mime.testing.DkimTesting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Messages written and signed by Mailover verify with Apache James jDKIM, and stop verifying once altered. */
class DkimVerificationTest {

    private static final Session SESSION = Session.getInstance(new Properties());

    private final DkimSigner dkim = DkimSigner.builder().domain("shop.example").selector("s2026")
            .privateKey(DkimTesting.RSA.getPrivate())
            .clock(Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC)).build();
    private final DkimTesting.Verifier verifier = DkimTesting.verifier(Map.of(dkim.recordName(), dkim.publicKeyRecord().orElseThrow()));

    @Test
    void textEmailVerifies() throws Exception {
        byte[] signed = sign(base().text("Your order 1234 has shipped.\n\nThanks,\n  the shop  ").build());

        List<SignatureRecord> records = verifier.verify(signed);

        assertThat(records).hasSize(1);
        assertThat(records.get(0).getDToken().toString()).isEqualTo("shop.example");
        assertThat(records.get(0).getSelector().toString()).isEqualTo("s2026");
    }

    @Test
    void htmlEmailVerifies() throws Exception {
        assertThat(verifier.verifies(sign(base().html("<p>Your order <b>1234</b> has shipped.</p>").build()))).isTrue();
    }

    @Test
    void multipartWithAttachmentsAndNonAsciiHeadersVerifies(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("Rechnung-März.pdf");
        byte[] content = new byte[300_000];
        new Random(7).nextBytes(content);
        Files.write(file, content);
        Email email = Email.builder().from("Zoë Çelik <orders@shop.example>").to("Jürgen Groß <j@example.org>")
                .cc("Ævar <ae@example.org>").subject("Grüße — Ihre Rechnung ✓").text("Guten Tag, anbei die Rechnung.")
                .html("<p>Guten Tag, anbei die <i>Rechnung</i>.</p>")
                .attach(Attachment.of("Rechnung-März.pdf", "application/pdf", file))
                .attach(Attachment.inline("logo", "logo.png", "image/png", new byte[] {1, 2, 3, 4}))
                .header("X-Campaign", "Frühling").tag("invoice").build();

        byte[] signed = sign(email);

        assertThat(verifier.verifies(signed)).isTrue();
        assertThat(new String(signed, StandardCharsets.ISO_8859_1))
                .startsWith("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=shop.example; s=s2026;\r\n\tt=1772359200;")
                .contains("h=From:To:Cc:Subject:Date:Message-ID:MIME-Version:Content-Type:")
                .doesNotContain("l=");
    }

    @Test
    void alteredBodyFailsVerification() throws Exception {
        String signed = new String(sign(base().text("Pay 10 EUR to the shop.").build()), StandardCharsets.ISO_8859_1);

        byte[] altered = signed.replace("Pay 10 EUR", "Pay 99 EUR").getBytes(StandardCharsets.ISO_8859_1);

        assertThat(verifier.verifies(altered)).isFalse();
    }

    @Test
    void alteredSubjectFailsVerification() throws Exception {
        String signed = new String(sign(base().text("hi").build()), StandardCharsets.ISO_8859_1);

        byte[] altered = signed.replace("Subject: Your order", "Subject: Our order").getBytes(StandardCharsets.ISO_8859_1);

        assertThat(verifier.verifies(altered)).isFalse();
    }

    @Test
    void secondFromAddedAfterSigningFailsVerificationBecauseFromIsOversigned() throws Exception {
        String signed = new String(sign(base().text("hi").build()), StandardCharsets.ISO_8859_1);
        int end = signed.indexOf("\r\n\r\n");

        byte[] altered = (signed.substring(0, end) + "\r\nFrom: ceo@shop.example" + signed.substring(end))
                .getBytes(StandardCharsets.ISO_8859_1);

        assertThat(verifier.verifies(altered)).isFalse();
    }

    private Email.Builder base() {
        return Email.builder().from("orders@shop.example").to("alice@example.org").subject("Your order");
    }

    private byte[] sign(Email email) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MimeMessages.toMimeMessage(email, SESSION, dkim).writeTo(out);
        return out.toByteArray();
    }
}
