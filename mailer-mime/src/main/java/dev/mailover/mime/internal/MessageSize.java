package dev.mailover.mime.internal;

import dev.mailover.Attachment;
import dev.mailover.Email;
import dev.mailover.internal.UnreadableAttachmentException;
import dev.mailover.internal.Utf8;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Enumeration;
import java.util.Optional;

/**
 * The size of a message as SMTP's SIZE extension counts it (RFC 1870: the octets of the message with
 * CRLF line ends, before dot-stuffing), for refusing a message the server announced it would not take.
 *
 * <p>Measuring writes the whole message once more (it is counted, never stored), so it is done only
 * when a cheap {@link #upperBound(EmailMimeMessage) upper bound}, which reads no attachment, says the
 * message might be too large. Not API.
 */
public final class MessageSize {

    /** Room for MIME structure: boundaries, MIME-Version, multipart headers. */
    private static final long STRUCTURE = 4096;
    /** Room for one part's headers. */
    private static final long PART = 1024;
    /** Room for a DKIM-Signature header field (an RSA-4096 signature is 684 base64 characters). */
    private static final long DKIM = 2048;

    private MessageSize() {
    }

    /**
     * A size the written message cannot exceed: the header lines as set (and a DKIM-Signature), text at 4 bytes per UTF-8
     * byte (quoted-printable writes at most 3, plus soft line breaks), attachments base64-encoded
     * with line ends, and room for each part's headers.
     *
     * @throws MessagingException when an attachment's file is gone (its cause is an
     *                            {@link UnreadableAttachmentException} naming the file)
     */
    public static long upperBound(EmailMimeMessage message) throws MessagingException {
        long bound = STRUCTURE + (message.signed() ? DKIM : 0);
        for (Enumeration<String> lines = message.getAllHeaderLines(); lines.hasMoreElements(); ) {
            bound += utf8Length(lines.nextElement()) + 2;
        }
        Email email = message.email();
        bound += text(email.text()) + text(email.html());
        for (Attachment a : email.attachments()) {
            long n;
            try {
                n = a.size();
            } catch (UncheckedIOException e) {
                UnreadableAttachmentException unreadable = UnreadableAttachmentException.of(a, e.getCause());
                throw new MessagingException(unreadable.getMessage(), unreadable);
            }
            bound += (n + 2) / 3 * 4 / 76 * 78 + 78 + 6L * utf8Length(a.filename()) + PART;
        }
        return bound;
    }

    /** The exact size, by writing the message to a counter. */
    public static long measure(MimeMessage message) throws MessagingException {
        Counter counter = new Counter();
        try {
            message.writeTo(counter);
        } catch (IOException e) {
            throw new MessagingException("the message could not be written to measure its size: " + e, e);
        }
        return counter.total();
    }

    private static long text(Optional<String> body) {
        if (body.isEmpty()) {
            return 0;
        }
        String s = body.get();
        long lineFeeds = 0;
        for (int i = 0, n = s.length(); i < n; i++) {
            if (s.charAt(i) == '\n') {
                lineFeeds++;
            }
        }
        return 4L * utf8Length(s) + 2L * lineFeeds + PART;
    }

    /** Counted in place: a 10 MiB body is not copied to be measured. */
    private static long utf8Length(String s) {
        return Utf8.length(s);
    }

    /**
     * Counts what SMTP's CRLF output stream would send: a bare CR or LF becomes CRLF, and a message
     * that does not end with a line end gets one.
     */
    private static final class Counter extends OutputStream {
        private long count;
        private int last = '\n';

        @Override
        public void write(int b) {
            if (b == '\r') {
                count += 2;
            } else if (b == '\n') {
                count += last == '\r' ? 0 : 2;
            } else {
                count++;
            }
            last = b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            for (int i = off; i < off + len; i++) {
                write(b[i]);
            }
        }

        long total() {
            return count + (last == '\n' || last == '\r' ? 0 : 2);
        }
    }
}
