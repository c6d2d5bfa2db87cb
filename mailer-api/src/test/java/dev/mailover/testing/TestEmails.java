package dev.mailover.testing;

import dev.mailover.Attachment;
import dev.mailover.Email;
import java.nio.charset.StandardCharsets;

/** Emails the transport tests send, shared by every module through mailer-api's test jar. */
public final class TestEmails {

    public static final byte[] PDF = "%PDF-1.4 quarterly".getBytes(StandardCharsets.US_ASCII);
    public static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13};

    private TestEmails() {
    }

    /** Every field set: names, all recipient kinds, reply-to, both bodies, a file and an inline part, headers, tags, metadata. */
    public static Email fullyLoaded() {
        return Email.builder()
                .from("Ada Lovelace <ada@example.com>")
                .to("Bob Builder <bob@example.org>", "carol@example.org")
                .cc("Dan <dan@example.org>")
                .bcc("eve@example.org")
                .replyTo("support@example.com")
                .subject("Quarterly report")
                .text("Hello Bob")
                .html("<p>Hello Bob <img src=\"cid:logo\"></p>")
                .attach(Attachment.of("report.pdf", "application/pdf", PDF))
                .attach(Attachment.inline("logo", "logo.png", "image/png", PNG))
                .header("X-Campaign", "q3")
                .tag("reports")
                .tag("q3")
                .metadata("customer", "42")
                .messageId("<q3-report-1@example.com>")
                .build();
    }

    /** From, to, subject and a text body. */
    public static Email simple() {
        return Email.builder().from("ada@example.com").to("bob@example.org").subject("Hi").text("Hello").build();
    }
}
