package dev.mailover.smtp;

import dev.mailover.AccessTokenSupplier;
import dev.mailover.MailException;
import dev.mailover.internal.TimeLimit;
import dev.mailover.mime.internal.EmailMimeMessage;
import dev.mailover.mime.internal.MessageSize;
import dev.mailover.mime.internal.MimeMessages;
import jakarta.mail.MessagingException;
import jakarta.mail.URLName;
import jakarta.mail.internet.MimeMessage;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SMTP connection: an Angus transport (on the mailer's shared session, see
 * {@link TransportSessions}), its sockets and its usage counters.
 * Opened lazily by {@link #prepare(TimeLimit)}, so that a watchdog can be armed before any
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
     * idle for a while and no longer answers NOOP. A new connection's timeouts are capped to the
     * time left of {@code limit} when it is shorter.
     *
     * @return true when an already open connection is reused
     */
    boolean prepare(TimeLimit limit) throws MessagingException {
        if (transport != null) {
            boolean idleLong = System.nanoTime() - lastUsedNanos > settings.validateAfterIdle().toNanos();
            if (!idleLong || transport.isConnected()) {
                return true;
            }
            log.debug("pooled SMTP connection to {} no longer answers; opening a new one", settings.endpoint());
            discard();
        }
        open(limit);
        return false;
    }

    private void open(TimeLimit limit) throws MessagingException {
        ConnectionSockets s = new ConnectionSockets();
        sockets = s;
        if (aborted) {
            s.abort();
        }
        PhaseTrackingTransport t = new PhaseTrackingTransport(sessions.forConnection(limit),
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
            secret = secret(limit);
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

    /**
     * The password, or an OAuth2 access token; a token source that caches its tokens waits for one at
     * most the time left of {@code limit}. A {@link MailException} of the token source (mailer-oauth2's
     * classified token endpoint failure) passes through with its kind; any other failure, or nothing,
     * is a {@link MissingSecretException}.
     */
    private String secret(TimeLimit limit) throws MissingSecretException {
        String secret;
        try {
            secret = settings.secret() instanceof AccessTokenSupplier tokens ? tokens.get(limit.remaining())
                    : settings.secret().get();
        } catch (MailException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new MissingSecretException(e);
        }
        if (secret == null || secret.isEmpty()) {
            throw new MissingSecretException(settings.oauth2());
        }
        return secret;
    }

    /**
     * Sends one message; blocks until the server accepted it after the final dot. A message the
     * server announced it cannot take fails before MAIL FROM, with nothing sent.
     *
     * @throws MessageTooLargeException      when it is larger than the server's SIZE
     * @throws ServerLacksSmtpUtf8Exception  when an address needs SMTPUTF8 and the server lacks it
     */
    void send(MimeMessage message) throws MessagingException {
        checkServerCanTake(message);
        transport.sendMessage(message, message.getAllRecipients());
        transport.idle();
        messagesSent++;
        lastUsedNanos = System.nanoTime();
    }

    private void checkServerCanTake(MimeMessage message) throws MessagingException {
        if (!(message instanceof EmailMimeMessage m)) {
            return;
        }
        transport.checking();
        if (m.needsSmtpUtf8() && !transport.supportsExtension("SMTPUTF8")) {
            throw new ServerLacksSmtpUtf8Exception(MimeMessages.firstSmtpUtf8Address(m.email()));
        }
        long limit = sizeLimit();
        if (limit > 0 && MessageSize.upperBound(m) > limit) {
            long size = MessageSize.measure(m);
            if (size > limit) {
                throw new MessageTooLargeException(size, limit);
            }
        }
    }

    /** The SIZE the server announced in EHLO, or 0 when it announced none or no fixed limit (RFC 1870). */
    private long sizeLimit() {
        String size = transport.getExtensionParameter("SIZE");
        if (size == null || size.isBlank()) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(size.strip()));
        } catch (NumberFormatException e) {
            log.debug("ignoring the unreadable SIZE '{}' announced by {}", size.strip(), settings.endpoint());
            return 0;
        }
    }

    /** The phase the conversation was in (where the last failure happened). */
    SmtpPhase phase() {
        return transport == null ? SmtpPhase.CONNECT : transport.phase();
    }

    /** What the transport saw last, for classifying a failure. */
    Conversation conversation() {
        PhaseTrackingTransport t = transport;
        return t == null ? Conversation.NONE : t.conversation();
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

    /** How long the write in progress has been blocked at {@code now}; 0 when none is. Any thread. */
    long writeStalledNanos(long now) {
        ConnectionSockets s = sockets;
        return s == null ? 0 : s.writeStalledNanos(now);
    }

    /** Breaks a write that did not complete within the write timeout; the send fails as a write timeout. */
    void breakStalledWrite() {
        ConnectionSockets s = sockets;
        if (s != null) {
            s.breakStalledWrite();
        }
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
