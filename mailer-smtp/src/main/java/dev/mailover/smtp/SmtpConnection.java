package dev.mailover.smtp;

import dev.mailover.MailException;
import jakarta.mail.MessagingException;
import jakarta.mail.URLName;
import jakarta.mail.internet.MimeMessage;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SMTP connection: an Angus transport (on the mailer's shared session, see
 * {@link TransportSessions}), its sockets and its usage counters.
 * Opened lazily by {@link #prepare(Deadline)}, so that a deadline watchdog can be armed before any
 * network I/O. Used by one thread at a time (the pool hands it out exclusively), except
 * {@link #abort()}, which any thread may call.
 */
final class SmtpConnection {

    private static final Logger log = LoggerFactory.getLogger(SmtpConnection.class);

    private final SmtpSettings settings;
    private final KnownSecrets secrets;
    private final TransportSessions sessions;
    private volatile ConnectionSockets sockets;
    private volatile boolean aborted;
    private PhaseTrackingTransport transport;
    private long lastUsedNanos = System.nanoTime();
    private int messagesSent;

    SmtpConnection(SmtpSettings settings, KnownSecrets secrets, TransportSessions sessions) {
        this.settings = settings;
        this.secrets = secrets;
        this.sessions = sessions;
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
        ConnectionSockets s = new ConnectionSockets();
        sockets = s;
        if (aborted) {
            s.abort();
        }
        PhaseTrackingTransport t = new PhaseTrackingTransport(sessions.forConnection(deadline),
                new URLName("smtp", settings.host(), settings.dialPort(), null, settings.user(), null));
        transport = t;
        if (settings.localHost() == null) {
            String name = sessions.ehloName();
            if (name != null) {
                t.setLocalHost(name);
            }
        }
        String secret = null;
        if (settings.hasCredentials()) {
            try {
                secret = settings.secret().get();
            } catch (MailException e) {
                throw e; // a token source's own classified failure (mailer-oauth2): it keeps its kind
            } catch (RuntimeException e) {
                throw new MissingSecretException(e);
            }
            if (secret == null || secret.isEmpty()) {
                throw new MissingSecretException(settings.oauth2());
            }
            secrets.add(secret);
        }
        try (ConnectionSockets.Binding bound = s.bindToThisThread()) {
            t.connect(settings.host(), settings.dialPort(), settings.user(), secret);
        }
        if (settings.hasCredentials() && !t.supportsExtension("AUTH") && !t.supportsExtension("AUTH=LOGIN")) {
            discard();
            throw new ServerLacksAuthException(String.valueOf(t.getExtensionParameter("AUTH")));
        }
        messagesSent = 0;
        lastUsedNanos = System.nanoTime();
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
            log.debug("closing the SMTP connection to {} failed", settings.endpoint(), secrets.masker().maskCause(e));
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
                log.debug("discarding the SMTP connection to {}: {}", settings.endpoint(), secrets.masker().mask(e.toString()));
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
