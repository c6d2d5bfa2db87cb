package dev.mailover.smtp;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.util.LineOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * A {@link MimeMessage} whose Message-ID is fixed to the email's own id, so that sending the same
 * email again (a retry, a failover attempt) carries the same id, and whose written form never
 * contains a Bcc header, while {@link #getAllRecipients()} still includes the Bcc recipients for
 * the SMTP envelope.
 */
final class EmailMimeMessage extends MimeMessage {

    private final String messageId;

    EmailMimeMessage(Session session, String messageId) {
        super(session);
        this.messageId = messageId;
    }

    @Override
    protected void updateMessageID() throws MessagingException {
        setHeader("Message-ID", messageId);
    }

    @Override
    public void writeTo(OutputStream out, String[] ignoreList) throws IOException, MessagingException {
        String[] ignore;
        if (ignoreList == null) {
            ignore = new String[] {"Bcc"};
        } else {
            ignore = Arrays.copyOf(ignoreList, ignoreList.length + 1);
            ignore[ignoreList.length] = "Bcc";
        }
        if (out instanceof LineOutputStream) {
            super.writeTo(out, ignore);
            return;
        }
        HeaderLineOutputStream lines = new HeaderLineOutputStream(out,
                Boolean.parseBoolean(session.getProperty("mail.mime.allowutf8")));
        super.writeTo(lines, ignore);
        lines.flush();
    }
}
