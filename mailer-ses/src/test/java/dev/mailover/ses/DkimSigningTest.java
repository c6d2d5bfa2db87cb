package dev.mailover.ses;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.mailover.Attachment;
import dev.mailover.Email;
import dev.mailover.Mailer;
import dev.mailover.Mailers;
import dev.mailover.mime.DkimSigner;
import dev.mailover.mime.testing.DkimTesting;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The raw MIME that SesMailer hands SES (the stub's request body) carries a signature jDKIM verifies. */
class DkimSigningTest {

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    private final SesStub ses = new SesStub(wm);
    private final DkimSigner dkim = DkimSigner.builder().domain("shop.example").selector("s2026")
            .privateKey(DkimTesting.RSA.getPrivate()).build();
    private final DkimTesting.Verifier verifier =
            DkimTesting.verifier(Map.of(dkim.recordName(), dkim.publicKeyRecord().orElseThrow()));

    @Test
    void rawMessageWithAttachmentAndNonAsciiHeadersVerifies() throws Exception {
        ses.acceptSend("0100-signed");
        Email email = Email.builder().from("Zoë <orders@shop.example>").to("Jürgen <j@example.org>")
                .subject("Grüße ✓").text("Hallo").html("<p>Hallo</p>")
                .attach(Attachment.of("notes.txt", "text/plain", "Notizen äöü".getBytes(StandardCharsets.UTF_8))).build();

        try (SesMailer mailer = ses.mailer().dkim(dkim).build()) {
            mailer.send(email);
        }

        byte[] raw = sentRaw();
        assertThat(new String(raw, StandardCharsets.ISO_8859_1)).startsWith("DKIM-Signature: v=1; a=rsa-sha256;");
        assertThat(verifier.verifies(raw)).isTrue();
    }

    @Test
    void rawMessageAlteredAfterSigningNoLongerVerifies() throws Exception {
        ses.acceptSend("0100-signed");
        try (SesMailer mailer = ses.mailer().dkim(dkim).build()) {
            mailer.send(Email.builder().from("orders@shop.example").to("j@example.org").subject("Refund")
                    .text("We refund 10 EUR.").build());
        }

        String raw = new String(sentRaw(), StandardCharsets.ISO_8859_1);

        assertThat(verifier.verifies(raw.replace("10 EUR", "90 EUR").getBytes(StandardCharsets.ISO_8859_1))).isFalse();
    }

    @Test
    void dsnOptionsSignTheRawMessage(@TempDir Path dir) throws Exception {
        ses.acceptSend("0100-signed");
        Path key = dir.resolve("dkim.pem");
        Files.writeString(key, DkimTesting.pem(DkimTesting.RSA.getPrivate()));
        String dsn = "ses+api://" + SesStub.ACCESS_KEY_ID + ":" + SesStub.SECRET_ACCESS_KEY.replace("/", "%2F") + "@"
                + ses.endpoint().getAuthority() + "?region=" + SesStub.REGION
                + "&dkim_domain=shop.example&dkim_selector=s2026&dkim_key=" + key;

        try (Mailer mailer = Mailers.fromDsn(dsn)) {
            mailer.send(Email.builder().from("orders@shop.example").to("j@example.org").subject("hi").text("hello").build());
        }

        assertThat(verifier.verifies(sentRaw())).isTrue();
    }

    private byte[] sentRaw() {
        return Base64.getDecoder().decode(ses.onlySendBody().path("Content").path("Raw").path("Data").asText());
    }
}
