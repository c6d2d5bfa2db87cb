package dev.mailover.bench;

import dev.mailover.Attachment;
import dev.mailover.Email;
import dev.mailover.mime.DkimSigner;
import dev.mailover.mime.internal.MimeMessages;
import jakarta.mail.Session;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Random;

/**
 * Writes messages signed by Mailover's DkimSigner, with RSA and Ed25519 keys, for an independent
 * verifier (benchmarks/dkim-verify.sh runs Debian's dkimpy over them): one file per message kind and
 * algorithm, and {@code records.txt} with the DNS TXT record of each selector.
 */
public final class DkimSamples {

    private DkimSamples() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createDirectories(Path.of(args.length > 0 ? args[0] : "target/dkim-samples"));
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        Map<String, DkimSigner> signers = new LinkedHashMap<>();
        signers.put("rsa", DkimSigner.builder().domain("shop.example").selector("rsa2026")
                .privateKey(rsa.generateKeyPair().getPrivate()).build());
        signers.put("ed25519", DkimSigner.builder().domain("shop.example").selector("ed2026")
                .privateKey(KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate()).build());
        StringBuilder records = new StringBuilder();
        Session session = Session.getInstance(new Properties());
        for (Map.Entry<String, DkimSigner> s : signers.entrySet()) {
            records.append(s.getValue().recordName()).append(' ').append(s.getValue().publicKeyRecord().orElseThrow()).append('\n');
            for (Map.Entry<String, Email> e : emails().entrySet()) {
                Path file = dir.resolve(e.getKey() + "-" + s.getKey() + ".eml");
                try (OutputStream out = Files.newOutputStream(file)) {
                    MimeMessages.toMimeMessage(e.getValue(), session, s.getValue()).writeTo(out);
                }
            }
        }
        Files.writeString(dir.resolve("records.txt"), records, StandardCharsets.US_ASCII);
        System.out.println("wrote " + 4 * signers.size() + " signed messages to " + dir);
    }

    private static Map<String, Email> emails() {
        byte[] pdf = new byte[150_000];
        new Random(1).nextBytes(pdf);
        Map<String, Email> m = new LinkedHashMap<>();
        m.put("text", base().text("Your order 1234 has shipped.\n\nThanks,\n  the shop  ").build());
        m.put("html", base().html("<p>Your order <b>1234</b> has shipped.</p>").build());
        m.put("multipart", base().text("See the invoice.").html("<p>See the <img src=\"cid:logo\"> invoice.</p>")
                .attach(Attachment.of("invoice.pdf", "application/pdf", pdf))
                .attach(Attachment.inline("logo", "logo.png", "image/png", new byte[] {1, 2, 3})).build());
        m.put("non-ascii", Email.builder().from("Zoë Çelik <orders@shop.example>").to("Jürgen Groß <j@example.org>")
                .cc("Ævar <ae@example.org>").subject("Grüße — Ihre Rechnung ✓").text("Grüße aus Köln").build());
        return m;
    }

    private static Email.Builder base() {
        return Email.builder().from("orders@shop.example").to("alice@example.org").subject("Your order 1234");
    }
}
