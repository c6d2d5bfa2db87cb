package dev.mailover.smtp;

import dev.mailover.internal.Utf8;
import dev.mailover.mime.internal.EmailMimeMessage;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * Angus' SMTP transport, remembering which {@link SmtpPhase} the conversation is in, so that a
 * failure can be classified by where it happened (before or after the final dot, during the
 * greeting, …), and what the server last said ({@link #conversation()}).
 *
 * <p>It also carries a message that needs SMTPUTF8 (RFC 6531, {@link EmailMimeMessage#needsSmtpUtf8()})
 * the way the RFC asks: the {@code SMTPUTF8} parameter on MAIL FROM, and the commands as UTF-8. Angus
 * would do that only for a session with {@code mail.mime.allowutf8}, for every message and with an
 * INFO log on every server without SMTPUTF8; this transport does it per message. Any other command
 * with a non-ASCII character is refused before it is written: Angus would send the low byte of each
 * character, so that for example U+013E becomes {@code >}.
 */
final class PhaseTrackingTransport extends SMTPTransport {

    /** The start of the message with which a command holding a non-ASCII character is refused. */
    static final String NON_ASCII_COMMAND = "refusing to send a command with a non-ASCII character without SMTPUTF8";

    private volatile SmtpPhase phase = SmtpPhase.CONNECT;
    private volatile String envelopeFrom;
    private volatile int replyCode = -1;
    private volatile String reply;
    private boolean utf8Message;

    PhaseTrackingTransport(Session session, URLName url) {
        super(session, url);
    }

    SmtpPhase phase() {
        return phase;
    }

    /** The envelope sender and the reply to the command in progress, for classifying a failure. */
    Conversation conversation() {
        return new Conversation(envelopeFrom, replyCode, reply);
    }

    /** Marks the checks a message goes through before MAIL FROM (SIZE, SMTPUTF8). */
    void checking() {
        phase = SmtpPhase.CHECK;
    }

    @Override
    public synchronized void sendMessage(Message message, Address[] addresses) throws MessagingException {
        utf8Message = message instanceof EmailMimeMessage m && m.needsSmtpUtf8();
        envelopeFrom = null;
        try {
            super.sendMessage(message, addresses);
        } finally {
            utf8Message = false;
        }
    }

    @Override
    protected int readServerResponse() throws MessagingException {
        if (phase == SmtpPhase.CONNECT) {
            phase = SmtpPhase.GREETING;
        }
        int code = super.readServerResponse();
        replyCode = code;
        reply = getLastServerResponse();
        return code;
    }

    @Override
    protected void sendCommand(String command) throws MessagingException {
        track(command);
        super.sendCommand(encoded(command));
    }

    @Override
    protected int simpleCommand(byte[] command) throws MessagingException {
        if (command.length >= 4 && command[0] == 'A' && command[1] == 'U' && command[2] == 'T' && command[3] == 'H') {
            phase = SmtpPhase.AUTH;
        }
        forgetReply();
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
        forgetReply();
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
        if (next == SmtpPhase.MAIL) {
            int open = command.indexOf('<');
            int close = command.indexOf('>', open + 1);
            envelopeFrom = open >= 0 && close > open ? command.substring(open + 1, close) : null;
        }
        forgetReply();
    }

    private void forgetReply() {
        replyCode = -1;
        reply = null;
    }

    /**
     * The command as Angus' ASCII writer must see it: each character's low byte is what goes out, so
     * a UTF-8 command becomes one character per UTF-8 byte. MAIL FROM of a message that needs SMTPUTF8
     * gains the parameter.
     */
    private String encoded(String command) throws MessagingException {
        boolean ascii = Utf8.isAscii(command);
        if (!utf8Message) {
            if (!ascii) {
                throw new MessagingException(NON_ASCII_COMMAND + ": "
                        + command.chars().filter(c -> c >= 0x80).mapToObj(c -> String.format(Locale.ROOT, "U+%04X", c))
                        .findFirst().orElse(""));
            }
            return command;
        }
        String c = command.regionMatches(true, 0, "MAIL FROM:", 0, 10) ? command + " SMTPUTF8" : command;
        return ascii ? c : new String(c.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }
}
