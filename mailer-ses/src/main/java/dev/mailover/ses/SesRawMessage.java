package dev.mailover.ses;

import dev.mailover.Email;
import dev.mailover.mime.DkimSigner;
import dev.mailover.mime.internal.MimeMessages;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Properties;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sesv2.model.EmailContent;
import software.amazon.awssdk.services.sesv2.model.RawMessage;

/**
 * The email as raw MIME for SES's {@code Content.Raw}, written by the same {@link MimeMessages} that
 * the SMTP transport uses, so a message looks the same whichever transport delivers it: custom
 * headers, inline parts with their {@code Content-ID}, attachments, RFC 2047 names and the
 * {@code X-Mailover-Tag}/{@code X-Mailover-Meta-*} headers all travel. Bcc recipients are never
 * written; they reach SES in the request's destination.
 *
 * <p>The message is held in memory once, capped at SES's 40 MB; the SDK then base64-encodes it into
 * the JSON request, a second copy. (The SES API has no streaming upload.)
 */
final class SesRawMessage {

    /** Jakarta Mail needs a session for encoding settings only; nothing here connects anywhere. */
    private static final Session SESSION = Session.getInstance(new Properties());

    private SesRawMessage() {
    }

    /**
     * Writes the email as MIME, behind a DKIM-Signature when {@code dkim} is not null (the signer
     * hashes a first writing as it streams by; only the second is held).
     *
     * @throws TooLargeException        when the written message would exceed 40 MB
     * @throws IOException              when an attachment cannot be read
     * @throws MessagingException       when Jakarta Mail cannot build the message
     * @throws IllegalArgumentException when a metadata key cannot be a header name
     */
    static EmailContent of(Email email, DkimSigner dkim) throws IOException, MessagingException {
        CappedBuffer out = new CappedBuffer(SesLimits.MAX_MESSAGE_BYTES);
        MimeMessages.toMimeMessage(email, SESSION, dkim).writeTo(out);
        return EmailContent.builder()
                .raw(RawMessage.builder().data(SdkBytes.fromByteArrayUnsafe(out.toByteArray())).build())
                .build();
    }

    /** The message grew past SES's size limit while it was written. */
    static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        TooLargeException() {
            super("the message grew past 40 MB while it was written as MIME, over the 40 MB per message"
                    + " that Amazon SES accepts");
        }
    }

    /** A buffer that refuses to grow past a limit, so an oversized message is never held whole. */
    private static final class CappedBuffer extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
        private final long limit;

        CappedBuffer(long limit) {
            this.limit = limit;
        }

        @Override
        public void write(int b) throws TooLargeException {
            ensure(1);
            bytes.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws TooLargeException {
            ensure(len);
            bytes.write(b, off, len);
        }

        byte[] toByteArray() {
            return bytes.toByteArray();
        }

        private void ensure(int more) throws TooLargeException {
            if ((long) bytes.size() + more > limit) {
                throw new TooLargeException();
            }
        }
    }
}
