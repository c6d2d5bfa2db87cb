package dev.mailover.mime;

import dev.mailover.Attachment;
import dev.mailover.Email;
import dev.mailover.mime.internal.MimeMessages;
import jakarta.mail.Session;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The child JVM of {@link LargeSignedMessageMemoryTest}: signs and writes an email with the given
 * attachment to a stream that counts the bytes and keeps only the first line.
 */
public final class LargeSignedMessageWriter {

    private LargeSignedMessageWriter() {
    }

    public static void main(String[] args) throws Exception {
        DkimSigner dkim = DkimSigner.builder().domain("shop.example").selector("s2026").privateKeyPem(Path.of(args[1])).build();
        Email email = Email.builder().from("orders@shop.example").to("alice@example.org").subject("big")
                .text("attached").attach(Attachment.of("big.bin", "application/octet-stream", Path.of(args[0]))).build();
        Counter out = new Counter();
        MimeMessages.toMimeMessage(email, Session.getInstance(new Properties()), dkim).writeTo(out);
        System.out.println("signed " + out.count + " bytes; " + out.firstLine.toString(StandardCharsets.US_ASCII));
    }

    private static final class Counter extends OutputStream {
        long count;
        final ByteArrayOutputStream firstLine = new ByteArrayOutputStream();

        @Override
        public void write(int b) {
            if (count++ < 60) {
                firstLine.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            int head = (int) Math.max(0, Math.min(len, 60 - count));
            firstLine.write(b, off, head);
            count += len;
        }
    }
}
