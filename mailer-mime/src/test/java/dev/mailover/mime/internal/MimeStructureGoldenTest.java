package dev.mailover.mime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailover.Attachment;
import dev.mailover.Email;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimePart;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What users get on the wire stays the same when the MIME writer changes: each kind of email is
 * written, parsed back, and described (every header line in order, with the boundaries, Message-ID
 * and Date that differ from run to run normalised, each part's transfer encoding and its decoded
 * content), and the description is compared with a golden file written by the Jakarta Mail writer
 * that Mailover used before. Write the files again with {@code -Dgolden.write=true}, only on purpose.
 */
class MimeStructureGoldenTest {

    private static final Session SESSION = Session.getInstance(new Properties());
    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";\\s]+)\"?");

    private static final String LONG_ASCII_LINE = "x".repeat(1200) + "\nshort line\n";
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, 3, (byte) 0xff};

    private static final Map<String, Supplier<Email>> EMAILS = Map.of(
            "text", () -> base().text("Hello,\nthis is plain ASCII text.\n").build(),
            "html", () -> base().html("<p>Hello <b>world</b></p>").build(),
            "alternative", () -> base().text("plain body").html("<p>html body</p>").build(),
            "attachments", () -> base().text("see attached")
                    .attach(Attachment.of("notes.txt", "text/plain", "hello notes".getBytes(StandardCharsets.UTF_8)))
                    .attach(Attachment.of("Bericht für Jürgen.pdf", "application/pdf", PNG)).build(),
            "inline", () -> base().text("logo below").html("<p><img src=\"cid:logo\"></p>")
                    .attach(Attachment.inline("logo", "logo.png", "image/png", PNG))
                    .attach(Attachment.of("data.bin", "application/octet-stream", new byte[300])).build(),
            "inline-html-only", () -> base().html("<p><img src=\"cid:logo\"></p>")
                    .attach(Attachment.inline("logo", "logo.png", "image/png", PNG)).build(),
            "non-ascii", () -> Email.builder().from("Zoë Çelik <zoe@example.com>").to("Jürgen Groß <j@example.org>")
                    .cc("Ελένη <eleni@example.org>").replyTo("Åsa <asa@example.org>")
                    .subject("Grüße aus Köln ✓ — a subject long enough to be folded over more than one header line")
                    .header("X-Note", "naïve café").tag("wëlcome").metadata("user", "Zoë")
                    .text("Grüße aus Köln,\nmostly ASCII with a few umlauts: äöü.\n")
                    .html("<p>Привет, мир! Это письмо почти целиком на кириллице.</p>").build(),
            "long-line", () -> base().text(LONG_ASCII_LINE).build(),
            "control-chars", () -> base().text("tab\there, bell\u0007 and DEL\u007f, trailing space \nend").build());

    private static Email.Builder base() {
        return Email.builder().from("Sender <sender@example.com>").to("to@example.org").subject("Golden")
                .messageId("<golden@example.com>");
    }

    @ParameterizedTest
    @ValueSource(strings = {"text", "html", "alternative", "attachments", "inline", "inline-html-only",
            "non-ascii", "long-line", "control-chars"})
    void theWrittenMimeMatchesTheGoldenStructure(String name) throws Exception {
        String described = describe(write(EMAILS.get(name).get()));
        Path file = GOLDEN.resolve(name + ".txt");
        if (Boolean.getBoolean("golden.write")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(file, described);
        }
        assertThat(described).isEqualTo(Files.readString(file));
    }

    private static byte[] write(Email email) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MimeMessages.toMimeMessage(email, SESSION).writeTo(out);
        return out.toByteArray();
    }

    /** Every header line in order, then each part's headers, transfer encoding and decoded content. */
    private static String describe(byte[] raw) throws Exception {
        StringBuilder d = new StringBuilder();
        describe(new MimeMessage(SESSION, new ByteArrayInputStream(raw)), "", d, new Boundaries());
        return d.toString();
    }

    private static void describe(MimePart part, String indent, StringBuilder d, Boundaries boundaries)
            throws MessagingException, IOException {
        for (String line : Collections.list(part.getAllHeaderLines())) {
            d.append(indent).append(normalise(line, boundaries)).append('\n');
        }
        d.append(indent).append("[encoding ").append(part.getEncoding()).append("]\n");
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                d.append(indent).append("[part ").append(i).append("]\n");
                describe((MimePart) child, indent + "  ", d, boundaries);
            }
            return;
        }
        byte[] content;
        try (InputStream in = ((Part) part).getInputStream()) {
            content = in.readAllBytes();
        }
        if (part.isMimeType("text/*")) {
            String text = new String(content, StandardCharsets.UTF_8).replace("\r\n", "\n");
            d.append(indent).append("[text] ").append(text.replace("\n", "\\n")).append('\n');
        } else {
            d.append(indent).append("[bytes] ").append(Base64.getEncoder().encodeToString(content)).append('\n');
        }
    }

    private static String normalise(String line, Boundaries boundaries) {
        String unfolded = line.replaceAll("\r?\n[ \t]+", " ");
        String lower = unfolded.toLowerCase(Locale.ROOT);
        if (lower.startsWith("message-id:") && !lower.contains("golden@example.com")) {
            return "Message-ID: <generated>";
        }
        if (lower.startsWith("date:")) {
            return "Date: <date>";
        }
        Matcher m = BOUNDARY.matcher(unfolded);
        return m.find() ? unfolded.substring(0, m.start()) + "boundary=<" + boundaries.number(m.group(1)) + ">"
                + unfolded.substring(m.end()) : unfolded;
    }

    /** Numbers boundaries in the order they appear, so that two writes compare equal. */
    private static final class Boundaries {
        private final Map<String, Integer> numbers = new java.util.HashMap<>();

        int number(String boundary) {
            return numbers.computeIfAbsent(boundary, b -> numbers.size() + 1);
        }
    }
}
