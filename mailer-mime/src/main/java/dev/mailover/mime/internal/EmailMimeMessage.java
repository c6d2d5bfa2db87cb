package dev.mailover.mime.internal;

import dev.mailover.Email;
import dev.mailover.mime.DkimSigner;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Enumeration;

/**
 * A {@link MimeMessage} whose Message-ID is fixed to the email's own id, so that sending the same
 * email again (a retry, a failover attempt) carries the same id, and whose written form never
 * contains a Bcc header, while {@link #getAllRecipients()} still includes the Bcc recipients for
 * the SMTP envelope.
 *
 * <p>An email with a non-ASCII local part ({@link #needsSmtpUtf8()}) has its header lines written as
 * UTF-8 (RFC 6532), whatever the session says; only a server that offers SMTPUTF8 may be given it.
 * The body is a {@link MimeEntity} tree written directly by {@link #writeTo(OutputStream, String[])}:
 * it is not held as Jakarta Mail content, so {@code getContent()} of this message is not its body;
 * write it, or parse what was written. Given a {@link DkimSigner}, it is written behind a
 * DKIM-Signature (the one place signing hooks in: {@link #writeTo(OutputStream, String[])} hands the
 * signer its own unsigned writing). Made by {@link MimeMessages#toMimeMessage}. Not API.
 */
public final class EmailMimeMessage extends MimeMessage {

    private final Email email;
    private final boolean smtpUtf8;
    private final MimeEntity body;
    private final DkimSigner dkim;

    EmailMimeMessage(Session session, Email email, boolean smtpUtf8, MimeEntity body, DkimSigner dkim) {
        super(session);
        this.email = email;
        this.smtpUtf8 = smtpUtf8;
        this.body = body;
        this.dkim = dkim;
    }

    /** The email this message was made from. */
    public Email email() {
        return email;
    }

    /** True when an address has a non-ASCII local part, so the message can travel only with SMTPUTF8. */
    public boolean needsSmtpUtf8() {
        return smtpUtf8;
    }

    /** True when the message is written behind a DKIM-Signature. */
    boolean signed() {
        return dkim != null;
    }

    @Override
    protected void updateMessageID() throws MessagingException {
        setHeader("Message-ID", email.messageId());
    }

    /**
     * The headers Jakarta Mail's own update sets (MIME-Version, Date when unset, see {@link DateField}, Message-ID), with the
     * body's Content-Type and Content-Transfer-Encoding taken from the {@link MimeEntity} instead of
     * scanning the content.
     */
    @Override
    protected void updateHeaders() throws MessagingException {
        setHeader("Content-Type", body.contentType());
        if (body.transferEncoding() == null) {
            removeHeader("Content-Transfer-Encoding");
        } else {
            setHeader("Content-Transfer-Encoding", body.transferEncoding());
        }
        setHeader("MIME-Version", "1.0");
        if (getHeader("Date") == null) {
            setHeader("Date", DateField.now());
        }
        updateMessageID();
    }

    @Override
    public void writeTo(OutputStream out, String[] ignoreList) throws IOException, MessagingException {
        if (dkim == null) {
            writeUnsigned(out, ignoreList);
            return;
        }
        try {
            dkim.writeSigned(o -> {
                try {
                    writeUnsigned(o, ignoreList);
                } catch (MessagingException e) {
                    throw new MessagingIOException(e);
                }
            }, out);
        } catch (MessagingIOException e) {
            throw e.messagingException();
        }
    }

    /** The header lines (never Bcc), a blank line, and the body written by its {@link MimeEntity}. */
    private void writeUnsigned(OutputStream out, String[] ignoreList) throws IOException, MessagingException {
        String[] ignore;
        if (ignoreList == null) {
            ignore = new String[] {"Bcc"};
        } else {
            ignore = Arrays.copyOf(ignoreList, ignoreList.length + 1);
            ignore[ignoreList.length] = "Bcc";
        }
        if (!saved) {
            saveChanges();
        }
        HeaderLineOutputStream lines = new HeaderLineOutputStream(out,
                smtpUtf8 || Boolean.parseBoolean(session.getProperty("mail.mime.allowutf8")));
        for (Enumeration<String> e = getNonMatchingHeaderLines(ignore); e.hasMoreElements(); ) {
            lines.writeln(e.nextElement());
        }
        lines.writeln();
        body.writeBody(lines);
        lines.flush();
    }

    /** Carries a MessagingException through the signer's writer, which may throw only IOException. */
    private static final class MessagingIOException extends IOException {
        private static final long serialVersionUID = 1L;

        MessagingIOException(MessagingException cause) {
            super(cause);
        }

        MessagingException messagingException() {
            return (MessagingException) getCause();
        }
    }
}
