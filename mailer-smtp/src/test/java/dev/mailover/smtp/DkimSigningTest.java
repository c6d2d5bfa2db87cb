package dev.mailover.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import dev.mailover.Attachment;
import dev.mailover.Email;
import dev.mailover.Mailer;
import dev.mailover.Mailers;
import dev.mailover.mime.DkimSigner;
import dev.mailover.mime.testing.DkimTesting;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a real SMTP server (GreenMail) receives from a signing SmtpMailer verifies with jDKIM. */
class DkimSigningTest {

    private static GreenMail greenMail;
    private static final DkimSigner DKIM = DkimSigner.builder().domain("shop.example").selector("s2026")
            .privateKey(DkimTesting.RSA.getPrivate()).build();
    private static final DkimTesting.Verifier VERIFIER =
            DkimTesting.verifier(Map.of(DKIM.recordName(), DKIM.publicKeyRecord().orElseThrow()));

    @BeforeAll
    static void startServer() {
        greenMail = GreenMailServers.start(0, 0);
    }

    @AfterAll
    static void stopServer() {
        greenMail.stop();
    }

    @BeforeEach
    void purge() throws Exception {
        greenMail.purgeEmailFromAllMailboxes();
    }

    @Test
    void multipartMessageWithAttachmentsAndNonAsciiHeadersArrivesVerifiable(@TempDir Path dir) throws Exception {
        Path pdf = dir.resolve("Rechnung.pdf");
        byte[] content = new byte[200_000];
        new Random(3).nextBytes(content);
        Files.write(pdf, content);
        Email email = Email.builder().from("Zoë Çelik <orders@shop.example>").to("Jürgen <to@localhost>")
                .subject("Grüße ✓ Ihre Rechnung").text("Guten Tag,\nanbei die Rechnung.\n").html("<p>Guten Tag</p>")
                .attach(Attachment.of("Rechnung.pdf", "application/pdf", pdf))
                .attach(Attachment.inline("logo", "logo.png", "image/png", new byte[] {1, 2, 3})).build();

        try (SmtpMailer mailer = plain().dkim(DKIM).build()) {
            mailer.send(email);
        }

        byte[] received = raw(greenMail.getReceivedMessages()[0]);
        assertThat(VERIFIER.verifies(received)).isTrue();
    }

    @Test
    void messageAlteredAfterSigningNoLongerVerifies() throws Exception {
        try (SmtpMailer mailer = plain().dkim(DKIM).build()) {
            mailer.send(Email.builder().from("orders@shop.example").to("to@localhost").subject("Refund")
                    .text("We refund 10 EUR.").build());
        }

        String received = new String(raw(greenMail.getReceivedMessages()[0]), StandardCharsets.ISO_8859_1);
        byte[] altered = received.replace("10 EUR", "90 EUR").getBytes(StandardCharsets.ISO_8859_1);

        assertThat(VERIFIER.verifies(received.getBytes(StandardCharsets.ISO_8859_1))).isTrue();
        assertThat(VERIFIER.verifies(altered)).isFalse();
    }

    @Test
    void dsnOptionsSignWithTheKeyFile(@TempDir Path dir) throws Exception {
        Path key = dir.resolve("dkim.pem");
        Files.writeString(key, DkimTesting.pem(DkimTesting.RSA.getPrivate()));
        String dsn = "smtp://localhost:" + greenMail.getSmtp().getPort() + "?security=none&dkim_domain=shop.example"
                + "&dkim_selector=s2026&dkim_key=" + key;

        try (Mailer mailer = Mailers.fromDsn(dsn)) {
            mailer.send(Email.builder().from("orders@shop.example").to("to@localhost").subject("hi").text("hello").build());
        }

        assertThat(VERIFIER.verifies(raw(greenMail.getReceivedMessages()[0]))).isTrue();
    }

    @Test
    void dsnWithPartOfTheDkimOptionsNamesTheMissingOne() {
        assertThatThrownBy(() -> Mailers.fromDsn("smtp://localhost:2525?security=none&dkim_domain=shop.example&dkim_key=/x.pem"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dkim_selector is missing");
    }

    @Test
    void dsnWithAnUnreadableKeyFileNamesTheOption(@TempDir Path dir) {
        String dsn = "smtp://localhost:2525?security=none&dkim_domain=shop.example&dkim_selector=s1&dkim_key="
                + dir.resolve("missing.pem");

        assertThatThrownBy(() -> Mailers.fromDsn(dsn))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("DSN option dkim_key:");
    }

    private static SmtpMailer.Builder plain() {
        return SmtpMailer.builder().host("localhost").port(greenMail.getSmtp().getPort()).security(SmtpSecurity.NONE)
                .connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(5));
    }

    private static byte[] raw(MimeMessage m) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.writeTo(out);
        return out.toByteArray();
    }
}
