package dev.mailover.smtp;

import dev.mailover.internal.TimeLimit;
import jakarta.mail.Session;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Properties;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Jakarta Mail sessions a mailer's connections use. Creating a {@link Session} loads Jakarta
 * Mail's providers with class-path scans, which cost most of the time spent opening a connection, so
 * one session made at construction serves every connection: its socket factories hand each socket to
 * the connection being opened on the calling thread ({@link ConnectionSockets}), and a send's time
 * limit is enforced by the watchdog, which can abort any socket once it exists.
 *
 * <p>A connection gets a session of its own only in two rare cases: when its time limit leaves less
 * than the connect timeout (the connect timeout is then capped, because Angus creates the TCP socket
 * of an SMTPS connection itself, out of the watchdog's reach until it is connected), and when the SMTP
 * dialogue is logged (the log is per connection and Jakarta Mail takes it from the session).
 *
 * <p>Also remembers the name this client gives in EHLO when none is configured: Angus would look it up
 * (local host, then a reverse lookup of its address) for every connection.
 *
 * <p>Thread-safe.
 */
final class TransportSessions {

    private static final Logger log = LoggerFactory.getLogger(TransportSessions.class);

    private final SmtpSettings settings;
    private final KnownSecrets secrets;
    private final SocketFactory plainFactory = ConnectionSockets.plainFactory();
    private final SSLSocketFactory tlsFactory;
    private final Session shared;
    private volatile String ehloName;

    TransportSessions(SmtpSettings settings, KnownSecrets secrets) {
        this.settings = settings;
        this.secrets = secrets;
        this.tlsFactory = ConnectionSockets.tlsFactory(settings.tls()::socketFactory);
        this.shared = Session.getInstance(properties(settings.connectTimeout(), settings.readTimeout()));
    }

    /**
     * The session made at construction. Messages are built in it too: its properties only concern SMTP,
     * none of them changes how a message is written.
     */
    Session shared() {
        return shared;
    }

    /**
     * The session for a connection opened now under {@code limit}. Its sockets belong to the
     * {@link ConnectionSockets} bound to the opening thread.
     */
    Session forConnection(TimeLimit limit) {
        boolean capped = limit.remaining().compareTo(settings.connectTimeout()) < 0;
        boolean dialogue = SmtpDialogueLog.LOG.isDebugEnabled();
        if (!capped && !dialogue) {
            return shared;
        }
        Session session = capped
                ? Session.getInstance(properties(limit.cap(settings.connectTimeout()), limit.cap(settings.readTimeout())))
                : Session.getInstance(properties(settings.connectTimeout(), settings.readTimeout()));
        if (dialogue) {
            session.setDebugOut(new SmtpDialogueLog(settings.endpoint(), secrets::masker).printStream());
            session.setDebug(true);
        }
        return session;
    }

    /**
     * The name to give in EHLO when none is configured, looked up once as Angus would (the local
     * host's canonical name, else its address literal); null when it cannot be found, leaving Angus
     * to fall back to the socket's address.
     */
    String ehloName() {
        String name = ehloName;
        if (name == null) {
            try {
                InetAddress local = InetAddress.getLocalHost();
                name = local.getCanonicalHostName();
                if (name == null || name.isEmpty()) {
                    name = "[" + local.getHostAddress() + "]";
                }
                ehloName = name;
            } catch (UnknownHostException e) {
                log.debug("the local host name is unknown; Jakarta Mail will use the socket's address in EHLO", e);
            }
        }
        return name;
    }

    private Properties properties(Duration connectTimeout, Duration readTimeout) {
        Properties p = new Properties();
        p.setProperty("mail.smtp.host", settings.host());
        p.setProperty("mail.smtp.port", Integer.toString(settings.dialPort()));
        p.setProperty("mail.smtp.connectiontimeout", millis(connectTimeout));
        p.setProperty("mail.smtp.timeout", millis(readTimeout));
        // No mail.smtp.writetimeout: Angus would schedule a timer task for every write. The send's one
        // watchdog (SendWatchdog) enforces the write timeout instead.
        p.put("mail.smtp.socketFactory", plainFactory);
        p.put("mail.smtp.ssl.socketFactory", tlsFactory);
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
}
