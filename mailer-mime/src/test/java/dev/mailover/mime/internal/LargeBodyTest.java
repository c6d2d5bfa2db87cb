package dev.mailover.mime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailover.Email;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * A large text body is encoded once, a chunk at a time, as it is written: neither building the
 * message, nor sizing it, nor writing it copies the body whole (Jakarta Mail's text handler encoded
 * a body twice, 22 MiB for a 10 MiB text).
 */
class LargeBodyTest {

    private static final int TEN_MIB = 10 << 20;
    private static final Session SESSION = Session.getInstance(new Properties());

    private static String tenMibOfText() {
        StringBuilder b = new StringBuilder(TEN_MIB + 80);
        while (b.length() < TEN_MIB) {
            b.append("The quick brown fox jumps over the lazy dog, again and again and again.\n");
        }
        return b.toString();
    }

    private static long allocatedByThisThread() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    @Test
    void aTenMibTextBodyIsBuiltSizedAndWrittenWithoutCopyingIt() throws Exception {
        Email email = Email.builder().from("sender@example.com").to("to@example.org").subject("big")
                .text(tenMibOfText()).build();
        MimeMessages.toMimeMessage(email, SESSION).writeTo(OutputStream.nullOutputStream()); // warm up

        long before = allocatedByThisThread();
        EmailMimeMessage message = (EmailMimeMessage) MimeMessages.toMimeMessage(email, SESSION);
        long bound = MessageSize.upperBound(message);
        long size = MessageSize.measure(message);
        message.writeTo(OutputStream.nullOutputStream());
        long allocated = allocatedByThisThread() - before;

        assertThat(size).isGreaterThan(TEN_MIB).isLessThanOrEqualTo(bound);
        assertThat(allocated).as("bytes allocated for a %d-byte body", TEN_MIB).isLessThan(TEN_MIB / 2);
    }

    @Test
    void aSurrogatePairAcrossAnEncodingChunkIsWrittenWhole() throws Exception {
        String text = "ä".repeat(4095) + "a\uD83D\uDE00" + " end, and a lone \uD83D surrogate";
        Email email = Email.builder().from("sender@example.com").to("to@example.org").subject("emoji")
                .text(text).build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MimeMessages.toMimeMessage(email, SESSION).writeTo(out);

        MimeMessage parsed = new MimeMessage(SESSION, new ByteArrayInputStream(out.toByteArray()));
        assertThat(parsed.getContent()).isEqualTo(text.replace(" \uD83D ", " ? "));
    }
}
