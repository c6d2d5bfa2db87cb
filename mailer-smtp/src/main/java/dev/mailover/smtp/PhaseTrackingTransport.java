package dev.mailover.smtp;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import java.io.IOException;
import java.io.OutputStream;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * Angus' SMTP transport, remembering which {@link SmtpPhase} the conversation is in, so that a
 * failure can be classified by where it happened (before or after the final dot, during the
 * greeting, …).
 */
final class PhaseTrackingTransport extends SMTPTransport {

    private volatile SmtpPhase phase = SmtpPhase.CONNECT;

    PhaseTrackingTransport(Session session, URLName url) {
        super(session, url);
    }

    SmtpPhase phase() {
        return phase;
    }

    @Override
    protected int readServerResponse() throws MessagingException {
        if (phase == SmtpPhase.CONNECT) {
            phase = SmtpPhase.GREETING;
        }
        return super.readServerResponse();
    }

    @Override
    protected void sendCommand(String command) throws MessagingException {
        track(command);
        super.sendCommand(command);
    }

    @Override
    protected int simpleCommand(byte[] command) throws MessagingException {
        if (command.length >= 4 && command[0] == 'A' && command[1] == 'U' && command[2] == 'T' && command[3] == 'H') {
            phase = SmtpPhase.AUTH;
        }
        return super.simpleCommand(command);
    }

    @Override
    protected boolean ehlo(String domain) throws MessagingException {
        phase = SmtpPhase.EHLO;
        return super.ehlo(domain);
    }

    @Override
    protected void startTLS() throws MessagingException {
        phase = SmtpPhase.STARTTLS;
        super.startTLS();
    }

    @Override
    protected void mailFrom() throws MessagingException {
        phase = SmtpPhase.MAIL;
        super.mailFrom();
    }

    @Override
    protected void rcptTo() throws MessagingException {
        phase = SmtpPhase.RCPT;
        super.rcptTo();
    }

    @Override
    protected OutputStream data() throws MessagingException {
        phase = SmtpPhase.DATA;
        OutputStream out = super.data();
        phase = SmtpPhase.MESSAGE;
        return out;
    }

    @Override
    protected void finishData() throws IOException, MessagingException {
        phase = SmtpPhase.DOT;
        super.finishData();
        phase = SmtpPhase.IDLE;
    }

    /** Marks the end of a successful send, so that later failures are not taken for this one's. */
    void idle() {
        phase = SmtpPhase.IDLE;
    }

    private void track(String command) {
        SmtpPhase next = SmtpPhase.ofCommand(command);
        if (next != null) {
            phase = next;
        }
    }
}
