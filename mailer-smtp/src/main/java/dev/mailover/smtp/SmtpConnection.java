package dev.mailover.smtp;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ScheduledExecutorService;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SMTP connection: an Angus transport with its own session, its sockets and its usage counters.
 * Opened lazily by {@link #prepare(Deadline)}, so that a deadline watchdog can be armed before any
 * network I/O. Used by one thread at a time (the pool hands it out exclusively), except
 * {@link #abort()}, which any thread may call.
 */
final class SmtpConnection {

    private static final Logger log = LoggerFactory.getLogger(SmtpConnection.class);

    private final SmtpSettings settings;
    private final KnownSecrets secrets;
    private final ScheduledExecutorService writeTimeouts;
    private volatile ConnectionSockets sockets;
    private volatile boolean aborted;
    private PhaseTrackingTransport transport;
    private long lastUsedNanos = System.nanoTime();
    private int messagesSent;

    SmtpConnection(SmtpSettings settings, KnownSecrets secrets, ScheduledExecutorService writeTimeouts) {
        this.settings = settings;
        this.secrets = secrets;
        this.writeTimeouts = writeTimeouts;
    }

    /**
     * Makes the connection ready to send: opens it when it is not open, and replaces it when it was
     * idle for a while and no longer answers NOOP.
     *
     * @return true when an already open connection is reused
     */
    boolean prepare(Deadline deadline) throws MessagingException {
        if (transport != null) {
            boolean idleLong = System.nanoTime() - lastUsedNanos > settings.validateAfterIdle().toNanos();
            if (!idleLong || transport.isConnected()) {
                return true;
            }
            log.debug("pooled SMTP connection to {} no longer answers; opening a new one", settings.endpoint());
            discard();
        }
        open(deadline);
        return false;
    }

    private void open(Deadline deadline) throws MessagingException {
        ConnectionSockets s = new ConnectionSockets(settings.tls().socketFactory());
        sockets = s;
        if (aborted) {
            s.abort();
        }
        Session session = Session.getInstance(properties(s, deadline));
        if (SmtpDialogueLog.LOG.isDebugEnabled()) {
            session.setDebugOut(new SmtpDialogueLog(settings.endpoint(), secrets::all).printStream());
            session.setDebug(true);
        }
        PhaseTrackingTransport t = new PhaseTrackingTransport(session,
                new URLName("smtp", settings.host(), settings.dialPort(), null, settings.user(), null));
        transport = t;
        String secret = null;
        if (settings.hasCredentials()) {
            try {
                secret = settings.secret().get();
            } catch (RuntimeException e) {
                throw new MissingSecretException(e);
            }
            if (secret == null || secret.isEmpty()) {
                throw new MissingSecretException(settings.oauth2());
            }
            secrets.add(secret);
        }
        t.connect(settings.host(), settings.dialPort(), settings.user(), secret);
        if (settings.hasCredentials() && !t.supportsExtension("AUTH") && !t.supportsExtension("AUTH=LOGIN")) {
            discard();
            throw new ServerLacksAuthException(String.valueOf(t.getExtensionParameter("AUTH")));
        }
        messagesSent = 0;
        lastUsedNanos = System.nanoTime();
    }

    private Properties properties(ConnectionSockets s, Deadline deadline) {
        Properties p = new Properties();
        p.setProperty("mail.smtp.host", settings.host());
        p.setProperty("mail.smtp.port", Integer.toString(settings.dialPort()));
        p.setProperty("mail.smtp.connectiontimeout", millis(deadline.cap(settings.connectTimeout())));
        p.setProperty("mail.smtp.timeout", millis(deadline.cap(settings.readTimeout())));
        p.setProperty("mail.smtp.writetimeout", millis(deadline.cap(settings.readTimeout())));
        p.put("mail.smtp.executor.writetimeout", writeTimeouts);
        p.put("mail.smtp.socketFactory", s.plainFactory());
        p.put("mail.smtp.ssl.socketFactory", s.tlsFactory());
        // Without this, Angus retries a failed connect (plain or TLS) with a default socket: twice the connect
        // timeout, and a socket that the deadline watchdog cannot abort.
        p.setProperty("mail.smtp.socketFactory.fallback", "false");
        p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
        p.setProperty("mail.smtp.ssl.protocols", "TLSv1.3 TLSv1.2");
        p.setProperty("mail.smtp.sendpartial", "false");
        p.setProperty("mail.smtp.quitwait", "true");
        // AUTH is traced so that its replies can be seen; SmtpDialogueLog masks the credentials.
        p.setProperty("mail.debug.auth", "true");
        switch (settings.security()) {
            case STARTTLS:
                p.setProperty("mail.smtp.starttls.enable", "true");
                p.setProperty("mail.smtp.starttls.required", "true");
                break;
            case SMTPS:
                p.setProperty("mail.smtp.ssl.enable", "true");
                break;
            case NONE:
                p.setProperty("mail.smtp.starttls.enable", "false");
                break;
            default:
                throw new IllegalStateException(settings.security().toString());
        }
        if (settings.hasCredentials()) {
            p.setProperty("mail.smtp.auth", "true");
            p.setProperty("mail.smtp.auth.mechanisms", settings.oauth2() ? "XOAUTH2" : "PLAIN LOGIN");
        }
        if (settings.localHost() != null) {
            p.setProperty("mail.smtp.localhost", settings.localHost());
        }
        return p;
    }

    private static String millis(Duration d) {
        return Long.toString(Math.max(1, d.toMillis()));
    }

    /** Sends one message; blocks until the server accepted it after the final dot. */
    void send(MimeMessage message) throws MessagingException {
        transport.sendMessage(message, message.getAllRecipients());
        transport.idle();
        messagesSent++;
        lastUsedNanos = System.nanoTime();
    }

    /** The phase the conversation was in (where the last failure happened). */
    SmtpPhase phase() {
        return transport == null ? SmtpPhase.CONNECT : transport.phase();
    }

    /** The server's last reply, for the send result's detail. */
    String lastServerResponse() {
        return transport == null ? "" : transport.getLastServerResponse();
    }

    int messagesSent() {
        return messagesSent;
    }

    /** The TLS socket, when TLS is on. */
    SSLSocket tlsSocket() {
        ConnectionSockets s = sockets;
        return s == null ? null : s.tlsSocket();
    }

    /** The transport, for capability queries (EHLO extensions) in health checks. */
    PhaseTrackingTransport transport() {
        return transport;
    }

    /** True when {@link #abort()} was called. */
    boolean aborted() {
        return aborted;
    }

    /** Breaks the connection at once, from any thread; the blocked send fails. */
    void abort() {
        aborted = true;
        ConnectionSockets s = sockets;
        if (s != null) {
            s.abort();
        }
    }

    /** Sends QUIT and closes. Never throws; a failure is logged at debug. */
    void close() {
        PhaseTrackingTransport t = transport;
        transport = null;
        if (t == null) {
            return;
        }
        try {
            t.close();
        } catch (MessagingException | RuntimeException e) {
            log.debug("closing the SMTP connection to {} failed", settings.endpoint(), e);
            abortSockets();
        }
    }

    /** Closes without QUIT, for a connection in an unknown state. */
    void discard() {
        abortSockets();
        PhaseTrackingTransport t = transport;
        transport = null;
        if (t != null) {
            try {
                t.close();
            } catch (MessagingException | RuntimeException e) {
                log.debug("discarding the SMTP connection to {}: {}", settings.endpoint(), e.toString());
            }
        }
    }

    private void abortSockets() {
        ConnectionSockets s = sockets;
        if (s != null) {
            s.abort();
        }
    }
}
