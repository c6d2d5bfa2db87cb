package dev.mailover.smtp;

import dev.mailover.AccessTokenSupplier;
import dev.mailover.Email;
import dev.mailover.FailureKind;
import dev.mailover.HealthCheck;
import dev.mailover.MailException;
import dev.mailover.Mailer;
import dev.mailover.SendResult;
import dev.mailover.internal.Durations;
import dev.mailover.SendingPath;
import dev.mailover.internal.TimeLimit;
import dev.mailover.internal.TransportName;
import dev.mailover.mime.DkimSigner;
import dev.mailover.mime.DkimSigned;
import dev.mailover.mime.internal.MimeMessages;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends email over SMTP with Jakarta Mail (Eclipse Angus), through a small pool of reused
 * connections.
 *
 * <pre>{@code
 * SmtpMailer smtp = SmtpMailer.builder()
 *     .host("smtp.example.com")                 // port 587 and STARTTLS by default
 *     .credentials("app-user", "app-password")
 *     .build();
 * smtp.send(email);
 * }</pre>
 *
 * <p>Safe by default: STARTTLS is required (never a silent plaintext fallback), the server's
 * certificate and host name are always verified, AUTH over an unencrypted connection is refused,
 * and connect, read and write timeouts are always set. Every failure is a {@link MailException}
 * classified into a {@link FailureKind}, with the reply code, whether the message may have been
 * delivered, the refused recipients, and a hint specific to the port and security mode. A reply is
 * classified by what it says (its enhanced status code and its words, such as Postfix's "Sender
 * address rejected" in reply to RCPT TO), not only by the command it answers.
 *
 * <p>Nothing is half-sent: a refused or deferred recipient delivers the message to nobody. A message
 * larger than the SIZE the server announces, or one with a non-ASCII local part for a server without
 * SMTPUTF8, fails before MAIL FROM as {@link FailureKind#MESSAGE_REJECTED}; with SMTPUTF8 such an
 * address is sent as UTF-8, never mangled.
 *
 * <p>With {@link Builder#dkim(DkimSigner)} every message is DKIM-signed as it is written.
 *
 * <p>Thread-safe: one instance is shared by the whole application and {@link #close() closed} when
 * it stops.
 */
public final class SmtpMailer implements Mailer, SendingPath.Source, DkimSigned {

    /** The transport name in attempts and exceptions, unless the builder gives another. */
    static final String NAME = "smtp";

    private static final Logger log = LoggerFactory.getLogger(SmtpMailer.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final SmtpSettings settings;
    /** {@link SmtpSettings#conversationBound()}, worked out once: every send without a time limit needs it. */
    private final Duration conversationBound;
    private final boolean passwordAuth;
    private final int poolSize;
    private final int maxMessagesPerConnection;
    private final KnownSecrets secrets = new KnownSecrets();
    private final ScheduledThreadPoolExecutor timers;
    private final TransportSessions sessions;
    private final ConnectionPool pool;
    /** The session messages are built in: the connections' shared one, as a second would cost another class-path scan. */
    private final Session mimeSession;
    private final LongAdder timerTasks = new LongAdder();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Bounds the sends in progress in time; close() has it break them. */
    private final SendWatch watch;
    private final String threadName;
    private final DkimSigner dkim;

    private SmtpMailer(Builder b, SmtpSettings settings) {
        this.settings = settings;
        this.conversationBound = settings.conversationBound();
        this.dkim = b.dkim;
        this.passwordAuth = b.password != null;
        this.poolSize = b.poolSize;
        this.maxMessagesPerConnection = b.maxMessagesPerConnection;
        if (b.password != null) {
            secrets.add(b.password);
        }
        this.threadName = "mailover-smtp-" + INSTANCES.incrementAndGet();
        this.timers = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        }) {
            @Override
            protected <V> RunnableScheduledFuture<V> decorateTask(Runnable r, RunnableScheduledFuture<V> task) {
                timerTasks.increment();
                return task;
            }
        };
        // A cancelled task (a watch run replaced by an earlier one, check()'s watchdog) leaves the queue at once.
        timers.setRemoveOnCancelPolicy(true);
        this.watch = new SendWatch(timers);
        this.sessions = new TransportSessions(settings, secrets);
        this.mimeSession = sessions.shared();
        this.pool = new ConnectionPool(poolSize, maxMessagesPerConnection,
                () -> new SmtpConnection(settings, secrets, sessions));
    }

    /** Starts a builder with safe defaults: STARTTLS on port 587, 10 s connect and 30 s read timeouts, 2 connections. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Sends the email and blocks until the server accepted it after the final dot. Uses a pooled
     * connection when one is free, and replaces a connection that went stale while idle without
     * resending anything the server accepted. When every pooled connection is busy, waits for one at
     * most the connect timeout plus the read timeout, then fails with
     * {@link FailureKind#CONNECTION_TIMEOUT} without having sent anything.
     *
     * <p>Never blocks forever, even against a server that trickles its replies one byte at a time
     * within the read timeout: the whole conversation is bounded by the connect timeout plus 10 read
     * timeouts (5 min 10 s with the defaults), then fails with {@link FailureKind#CONNECTION_TIMEOUT}.
     * A message that needs longer to upload (tens of megabytes over a slow link) needs
     * {@link #send(Email, Duration)} with a longer limit.
     *
     * @return the result, whose id is the email's Message-ID
     * @throws MailException classified, with a hint; {@link MailException#possiblyDelivered()} is true
     *                       when the connection failed after the final dot
     */
    @Override
    public SendResult send(Email email) {
        return send(email, TimeLimit.none());
    }

    /**
     * Sends the email within {@code timeLimit} (instead of the bound {@link #send(Email)} sets on the
     * conversation): a watchdog breaks the connection when the limit passes, failing with
     * {@link FailureKind#CONNECTION_TIMEOUT}, and a new connection's timeouts are capped to the time
     * left when it is shorter than the connect timeout.
     */
    @Override
    public SendResult send(Email email, Duration timeLimit) {
        Objects.requireNonNull(timeLimit, "timeLimit");
        return send(email, TimeLimit.of(timeLimit));
    }

    /**
     * Sends within the caller's {@code limit}, or, when it is none, within the bound on a whole
     * conversation ({@link SmtpSettings#conversationBound()}).
     */
    private SendResult send(Email email, TimeLimit limit) {
        Objects.requireNonNull(email, "email");
        long start = System.nanoTime();
        MimeMessage message;
        try {
            message = MimeMessages.toMimeMessage(email, mimeSession, dkim);
        } catch (MessagingException e) {
            throw SmtpFailureClassifier.classify(e, SmtpPhase.BUILD, limit, false, settings, Conversation.NONE)
                    .toException(settings.name(), secrets.all(), e);
        }
        boolean retriedStale = false;
        boolean retriedToken = false;
        while (true) {
            SmtpConnection connection = acquire(limit, retriedStale);
            // Without a time limit, the conversation still ends: a server trickling bytes within the
            // read timeout would otherwise hold this thread forever.
            TimeLimit bound = limit.isSet() ? limit : TimeLimit.of(conversationBound);
            SendWatchdog watchdog;
            try {
                watchdog = watch.start(connection, bound, settings.readTimeout());
            } catch (RejectedExecutionException e) {
                pool.release(connection, false);
                throw closedDuringSend(e);
            }
            if (closed.get()) {
                watchdog.closeMailer(); // close() may have looked at the sends in progress before this one
            }
            boolean reused = false;
            try {
                reused = connection.prepare(bound);
                connection.send(message);
                String reply = connection.lastServerResponse();
                watch.stop(watchdog); // before another send may take the connection, which a late check would break
                pool.release(connection, true);
                Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
                return SendResult.delivered(email.messageId(), settings.name(),
                        secrets.masker().mask(settings.endpoint() + " " + (reply == null ? "" : reply.strip())), elapsed);
            } catch (MessagingException | RuntimeException e) {
                watch.stop(watchdog); // first: no late check may change what the connection says below
                SmtpPhase phase = connection.phase();
                Conversation conversation = connection.conversation();
                boolean aborted = connection.aborted();
                // A message refused by the checks before MAIL FROM left the connection as it was.
                pool.release(connection, phase == SmtpPhase.CHECK && !aborted);
                if (reused && !retriedStale && !aborted && staleConnection(e, phase)) {
                    log.debug("pooled SMTP connection to {} was closed by the server {}; retrying on a new one",
                            settings.endpoint(), phase.description());
                    retriedStale = true;
                    pool.evictIdle();
                    continue;
                }
                if (e instanceof IllegalArgumentException iae) {
                    throw iae;
                }
                if (e instanceof MailException tokenSourceFailure) {
                    throw fromTokenSource(tokenSourceFailure);
                }
                if (watchdog.closedByMailer() && phase != SmtpPhase.DOT) {
                    // close() broke this send before the final dot: nothing was delivered.
                    throw closedDuringSend(e);
                }
                SmtpFailure failure = SmtpFailureClassifier.classify(e, phase, limit, aborted, settings, conversation);
                if (!retriedToken && freshTokenMayHelp(failure)) {
                    retriedToken = true;
                    continue;
                }
                throw failure.toException(settings.name(), secrets.all(), e);
            } finally {
                watch.stop(watchdog); // after an Error; the other paths stopped it before releasing the connection
            }
        }
    }

    /**
     * True when the server refused an XOAUTH2 token that came from an {@link AccessTokenSupplier}:
     * the supplier drops its cached token, so that one more try signs in with a fresh one. A plain
     * supplier's token is not tried again.
     */
    private boolean freshTokenMayHelp(SmtpFailure failure) {
        if (!failure.reason().refusesToken() || !(settings.secret() instanceof AccessTokenSupplier tokens)) {
            return false;
        }
        log.debug("{} refused the OAuth2 access token ({}); dropping it and signing in with a fresh one",
                settings.endpoint(), failure.reason());
        tokens.invalidate();
        return true;
    }

    /**
     * A token source's own classified failure (mailer-oauth2: its token endpoint refused the client,
     * is down or throttles), reported on this transport with its kind, code, retry-after, hint and
     * connection-failed flag: SMTP has nothing to add, and nothing was sent. The source masked its
     * secrets; this transport's are masked too.
     */
    private MailException fromTokenSource(MailException e) {
        MailException.Builder b = MailException.builder(e.kind(), settings.name())
                .detail(settings.endpoint() + ": no OAuth2 access token for XOAUTH2: " + e.detail())
                .hint(e.hint()).connectionFailed(e.connectionFailed()).cause(e);
        e.code().ifPresent(b::code);
        e.retryAfter().ifPresent(b::retryAfter);
        secrets.all().forEach(b::secret);
        return b.build();
    }

    private SmtpConnection acquire(TimeLimit limit, boolean fresh) {
        if (closed.get()) {
            throw closedMailer(null);
        }
        try {
            // Without a time limit the wait is still finite: a connection busy for longer than the
            // connect and read timeouts together is stuck, and waiting forever would hang the caller.
            Duration wait = limit.isSet() ? limit.remaining() : poolWait();
            SmtpConnection c = pool.acquire(wait, fresh);
            if (c == null) {
                Duration waited = limit.isSet() ? limit.limit() : wait;
                throw SmtpFailureClassifier.known(limit.isSet() ? SmtpReason.POOL_BUSY_DEADLINE : SmtpReason.POOL_BUSY,
                                settings, settings.endpoint(), "all " + poolSize + " pooled connections stayed busy for "
                                        + Durations.human(waited),
                                Map.of("wait", Durations.human(wait), "limit", Durations.human(waited)))
                        .toException(settings.name(), secrets.all(), null);
            }
            return c;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SmtpFailureClassifier.known(SmtpReason.POOL_WAIT_INTERRUPTED, settings, "",
                    "interrupted while waiting for a pooled connection", Map.of())
                    .toException(settings.name(), secrets.all(), e);
        } catch (IllegalStateException e) {
            throw closedMailer(e);
        }
    }

    /** What {@code send} throws after {@link #close()}: it never touches the network. */
    private MailException closedMailer(Exception cause) {
        return SmtpFailureClassifier.known(SmtpReason.CLOSED, settings, "", "the mailer is closed", Map.of())
                .toException(settings.name(), secrets.all(), cause);
    }

    private MailException closedDuringSend(Exception e) {
        return SmtpFailureClassifier.known(SmtpReason.CLOSED_DURING_SEND, settings, "",
                        "the mailer was closed while this send was in progress; nothing was delivered", Map.of())
                .toException(settings.name(), secrets.all(), e);
    }

    /**
     * True when a reused connection failed before the server accepted anything, in a way that means
     * the server had closed it while idle (EOF, reset, or a 421 "closing" reply at MAIL FROM). Such a
     * send is retried once on a new connection; nothing can be duplicated.
     */
    private static boolean staleConnection(Exception e, SmtpPhase phase) {
        if (phase != SmtpPhase.MAIL && phase != SmtpPhase.IDLE) {
            return false;
        }
        SmtpObservation o = new SmtpObservation(e, phase, false, null, null, Conversation.NONE);
        return o.code == 421 || (o.code < 0 && !o.has(SocketTimeoutException.class)
                && (o.has(IOException.class) || o.mentions("Exception reading response") || o.endOfStream
                || e instanceof IllegalStateException));
    }

    /**
     * Connects, says EHLO, starts TLS, authenticates and quits, sending nothing. Uses its own
     * connection, not the pool's. Never throws: a failure is in the returned check, classified as a
     * send failure would be. Takes at most the connect timeout plus 10 read timeouts, like a send
     * without a time limit, even against a server that trickles its replies (twice that when the
     * server refuses a cached OAuth2 token and a fresh one is tried).
     */
    @Override
    public HealthCheck check() {
        long start = System.nanoTime();
        boolean retriedToken = false;
        while (true) {
            if (closed.get()) {
                return HealthCheck.unhealthy(closedMailer(null), Duration.ofNanos(System.nanoTime() - start));
            }
            SmtpConnection c = new SmtpConnection(settings, secrets, sessions);
            TimeLimit bound = TimeLimit.of(conversationBound);
            ScheduledFuture<?> watchdog;
            try {
                watchdog = timers.schedule(c::abort, bound.remaining().toNanos(), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                return HealthCheck.unhealthy(closedMailer(e), Duration.ofNanos(System.nanoTime() - start));
            }
            try {
                c.prepare(bound);
                String detail = describe(c);
                c.close();
                return HealthCheck.healthy(settings.name(), detail, Duration.ofNanos(System.nanoTime() - start));
            } catch (MessagingException | RuntimeException e) {
                SmtpPhase phase = c.phase();
                boolean aborted = c.aborted();
                Conversation conversation = c.conversation();
                c.discard();
                if (e instanceof MailException tokenSourceFailure) {
                    return HealthCheck.unhealthy(fromTokenSource(tokenSourceFailure),
                            Duration.ofNanos(System.nanoTime() - start));
                }
                SmtpFailure failure = SmtpFailureClassifier.classify(e, phase, TimeLimit.none(), aborted, settings,
                        conversation);
                if (!retriedToken && freshTokenMayHelp(failure)) {
                    retriedToken = true;
                    continue;
                }
                return HealthCheck.unhealthy(failure.toException(settings.name(), secrets.all(), e),
                        Duration.ofNanos(System.nanoTime() - start));
            } finally {
                watchdog.cancel(false);
            }
        }
    }

    private String describe(SmtpConnection c) {
        StringBuilder d = new StringBuilder(settings.endpoint()).append(' ').append(settings.security());
        SSLSocket tls = c.tlsSocket();
        if (tls != null) {
            SSLSession s = tls.getSession();
            d.append(", ").append(s.getProtocol());
        }
        PhaseTrackingTransport t = c.transport();
        String auth = t.getExtensionParameter("AUTH");
        if (auth != null) {
            d.append(", AUTH ").append(auth.strip());
        }
        if (settings.hasCredentials()) {
            d.append(", authenticated as ").append(settings.user());
        }
        String size = t.getExtensionParameter("SIZE");
        if (size != null && !size.isBlank()) {
            d.append(", SIZE ").append(size.strip());
        }
        return secrets.masker().mask(d.toString());
    }

    /** How long a send without a time limit waits for a busy pooled connection: connect + read timeout. */
    private Duration poolWait() {
        return settings.connectTimeout().plus(settings.readTimeout());
    }

    /** {@code smtp}, or the name given to {@link Builder#name(String)} (or the DSN option {@code name}). */
    @Override
    public String name() {
        return settings.name();
    }

    /** The SMTP server, for the sender domain's SPF check. */
    @Override
    public SendingPath sendingPath() {
        return SendingPath.smtp(settings.host());
    }

    /** The DKIM signer of {@link Builder#dkim(DkimSigner)}, if any. */
    @Override
    public Optional<DkimSigner> dkim() {
        return Optional.ofNullable(dkim);
    }

    /** What this mailer connects with, for {@link SmtpProbe#forMailer(SmtpMailer)}. */
    SmtpSettings settings() {
        return settings;
    }

    /** How many tasks were scheduled on this mailer's timer thread so far; for tests. */
    long timerTasks() {
        return timerTasks.sum();
    }

    /** The trust this mailer verifies servers with; for tests. */
    TrustedTls trust() {
        return settings.tls();
    }

    /** The name of this mailer's timer thread (deadline watchdogs and write timeouts). */
    String threadName() {
        return threadName;
    }

    /**
     * Sends QUIT on every idle connection, breaks the sends in progress (they fail as closed, or, after
     * the final dot, as possibly delivered) and stops the timer thread. Idempotent.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            pool.close();
            // Without the timer thread nothing would bound them any more.
            watch.closeMailer();
            timers.shutdownNow();
        }
    }

    /** For example {@code SmtpMailer{smtp.example.com:587 STARTTLS user=app-user password=****}}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("SmtpMailer{");
        if (!NAME.equals(settings.name())) {
            b.append(settings.name()).append(' ');
        }
        b.append(settings.endpoint()).append(' ').append(settings.security());
        if (settings.user() != null) {
            b.append(" user=").append(settings.user()).append(passwordAuth ? " password=****" : " oauth2=****");
        }
        return b.append('}').toString();
    }

    /**
     * Builds an {@link SmtpMailer}. Only {@link #host(String)} is required. Not thread-safe.
     */
    public static final class Builder {
        private String host;
        private int port = -1;
        private int dialPort = -1;
        private SmtpSecurity security = SmtpSecurity.STARTTLS;
        private String user;
        private String password;
        private Supplier<String> tokenSupplier;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration readTimeout = Duration.ofSeconds(30);
        private int poolSize = 2;
        private int maxMessagesPerConnection = 100;
        private List<X509Certificate> trustedCertificates;
        private KeyStore trustStore;
        private boolean allowPlaintextAuth;
        private String localHost;
        private Duration validateAfterIdle = Duration.ofSeconds(2);
        private String name = NAME;
        private HintVocabulary vocabulary = HintVocabulary.BUILDER;
        private DkimSigner dkim;

        private Builder() {
        }

        /** Signs every message with DKIM as it is written; see {@link DkimSigner}. Off by default. */
        public Builder dkim(DkimSigner dkim) {
            this.dkim = Objects.requireNonNull(dkim, "dkim");
            return this;
        }

        /**
         * The transport's name in attempts, exceptions, health checks and metrics; {@code smtp} by
         * default. Give two SMTP mailers of one failover configuration names of their own
         * ({@code primary-relay}, {@code backup-relay}) to tell them apart. The rule is every
         * transport's: 1 to 64 ASCII letters, digits, {@code .}, {@code _} or {@code -}, starting with a
         * letter or digit.
         *
         * @throws IllegalArgumentException naming the field and the rule when the name does not fit
         */
        public Builder name(String name) {
            this.name = TransportName.check(name);
            return this;
        }

        /**
         * How hints and setting errors name the settings to change; {@link HintVocabulary#BUILDER}
         * (builder methods) by default. Mailers built from a DSN use {@link HintVocabulary#DSN}.
         * Changes wording only.
         */
        public Builder hintVocabulary(HintVocabulary vocabulary) {
            this.vocabulary = Objects.requireNonNull(vocabulary, "vocabulary");
            return this;
        }

        /** The server's host name. Required; the certificate must name it. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** The port; when not set, 587 for STARTTLS, 465 for SMTPS and 25 for NONE. */
        public Builder port(int port) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port: " + port + " is not from 1 to 65535");
            }
            this.port = port;
            return this;
        }

        /** A pooled connection idle longer than this is checked with NOOP before reuse; 2 s by default; for tests. */
        Builder validateAfterIdle(Duration idle) {
            this.validateAfterIdle = Objects.requireNonNull(idle, "validateAfterIdle");
            return this;
        }

        /** Connects to this port while behaving (defaults, hints) as on {@link #port(int)}; for tests. */
        Builder dialPort(int dialPort) {
            this.dialPort = dialPort;
            return this;
        }

        /** The encryption mode; {@link SmtpSecurity#STARTTLS} by default. */
        public Builder security(SmtpSecurity security) {
            this.security = Objects.requireNonNull(security, "security");
            return this;
        }

        /** Authenticates with AUTH PLAIN or LOGIN. The password never appears in toString, exceptions or logs. */
        public Builder credentials(String user, String password) {
            this.user = Objects.requireNonNull(user, "user");
            this.password = Objects.requireNonNull(password, "password");
            this.tokenSupplier = null;
            return this;
        }

        /**
         * Authenticates with XOAUTH2 (Gmail, Microsoft 365). The supplier is called for each new
         * connection, so it can return a fresh access token; it must not return null. When it is an
         * {@link AccessTokenSupplier} (such as mailer-oauth2's {@code OAuth2TokenSource}), a new
         * connection waits for its token at most the time left of the send, and when the server
         * refuses its token the mailer calls {@link AccessTokenSupplier#invalidate()} once and signs in
         * with a fresh token; a second refusal is {@link FailureKind#AUTHENTICATION_FAILED}. A
         * {@link MailException} the supplier throws is reported with its own kind (a token endpoint that
         * is down is a network kind, so failover moves on); any other exception is
         * {@link FailureKind#INVALID_CONFIGURATION}.
         */
        public Builder oauth2(String user, Supplier<String> tokenSupplier) {
            this.user = Objects.requireNonNull(user, "user");
            this.tokenSupplier = Objects.requireNonNull(tokenSupplier, "tokenSupplier");
            this.password = null;
            return this;
        }

        /** TCP connect timeout; 10 s by default. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = Durations.positive("connectTimeout", timeout);
            return this;
        }

        /** Read timeout for each server reply, also used as the write timeout; 30 s by default. */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = Durations.positive("readTimeout", timeout);
            return this;
        }

        /** How many connections may be open at once; 2 by default. */
        public Builder poolSize(int poolSize) {
            if (poolSize < 1) {
                throw new IllegalArgumentException("poolSize: must be at least 1, was " + poolSize);
            }
            this.poolSize = poolSize;
            return this;
        }

        /** A connection is closed after sending this many messages (servers often limit it); 100 by default. */
        public Builder maxMessagesPerConnection(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxMessagesPerConnection: must be at least 1, was " + max);
            }
            this.maxMessagesPerConnection = max;
            return this;
        }

        /**
         * Trusts exactly these certificates instead of the JVM's trust store: a private CA, or a
         * self-signed server certificate. The host name is still verified.
         */
        public Builder trustedCertificates(X509Certificate... certificates) {
            Objects.requireNonNull(certificates, "trustedCertificates");
            if (certificates.length == 0) {
                throw new IllegalArgumentException("trustedCertificates: give at least one certificate");
            }
            List<X509Certificate> list = new ArrayList<>();
            for (X509Certificate c : certificates) {
                list.add(Objects.requireNonNull(c, "trustedCertificates"));
            }
            this.trustedCertificates = List.copyOf(list);
            return this;
        }

        /**
         * Trusts exactly the certificates of this PEM file instead of the JVM's trust store, as
         * {@link #trustedCertificates(X509Certificate...)} does. The file is read now; an error names the
         * setting in the {@link #hintVocabulary(HintVocabulary) vocabulary} set before.
         *
         * @throws IllegalArgumentException when the file cannot be read or holds no certificate
         */
        public Builder trustedCertificates(Path pemFile) {
            Objects.requireNonNull(pemFile, "trustedCertificates");
            return trustedCertificates(PemCertificates.read(pemFile, vocabulary.settings().get("trustFileSetting"))
                    .toArray(X509Certificate[]::new));
        }

        /** Trusts the certificates of this key store instead of the JVM's trust store. */
        public Builder trustStore(KeyStore trustStore) {
            this.trustStore = Objects.requireNonNull(trustStore, "trustStore");
            return this;
        }

        /**
         * Allows AUTH over an unencrypted connection ({@link SmtpSecurity#NONE}). Off by default,
         * because the password would cross the network readable; only for a relay on a trusted network.
         */
        public Builder allowPlaintextAuth(boolean allow) {
            this.allowPlaintextAuth = allow;
            return this;
        }

        /** The name this client gives in EHLO; by default Jakarta Mail uses the local host name. */
        public Builder localHost(String localHost) {
            this.localHost = checkName("localHost", localHost);
            return this;
        }

        /**
         * Validates the settings and creates the mailer. Opens no connection.
         *
         * @throws IllegalArgumentException naming the setting that is wrong
         */
        public SmtpMailer build() {
            SmtpSettings s = settings();
            return new SmtpMailer(this, s);
        }

        SmtpSettings settings() {
            if (host == null) {
                throw new IllegalArgumentException("host: the SMTP server's host name is required");
            }
            String h = checkName("host", host);
            if (trustedCertificates != null && trustStore != null) {
                throw new IllegalArgumentException("trustedCertificates: give either trustedCertificates or trustStore, not both");
            }
            if (user != null && security == SmtpSecurity.NONE && !allowPlaintextAuth) {
                Map<String, String> say = vocabulary.settings();
                throw new IllegalArgumentException("credentials: AUTH over an unencrypted connection (security NONE) "
                        + "is refused because it would expose the password; use STARTTLS (" + say.get("startTlsSetting")
                        + ") or SMTPS (" + say.get("smtpsSetting") + "), or, for a relay on a trusted network, set "
                        + say.get("plaintextAuthSetting"));
            }
            if (password != null && password.isEmpty()) {
                throw new IllegalArgumentException("password: must not be empty");
            }
            if (user != null && (user.isBlank() || user.indexOf('\r') >= 0 || user.indexOf('\n') >= 0)) {
                throw new IllegalArgumentException("user: must not be blank or contain CR or LF");
            }
            int p = port > 0 ? port : security.defaultPort();
            TrustedTls tls = trustedCertificates != null ? TrustedTls.of(trustedCertificates)
                    : trustStore != null ? TrustedTls.of(trustStore) : TrustedTls.jvmDefault();
            if (security != SmtpSecurity.NONE) {
                tls.socketFactory(); // a trust store that cannot be used fails the build, not the first send
            }
            String pw = password;
            Supplier<String> secret = password != null ? () -> pw : tokenSupplier;
            return new SmtpSettings(h, p, dialPort > 0 ? dialPort : p, security, user, secret, tokenSupplier != null,
                    connectTimeout, readTimeout, tls, localHost, validateAfterIdle, name, vocabulary);
        }

        private static String checkName(String field, String value) {
            Objects.requireNonNull(value, field);
            String v = value.strip();
            if (v.isEmpty() || hasSpaceOrControl(v)) {
                throw new IllegalArgumentException(field + ": '" + value.replace("\r", "\\r").replace("\n", "\\n")
                        + "' is not a host name");
            }
            return v;
        }

        private static boolean hasSpaceOrControl(String v) {
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                if (c <= ' ' || c == 127) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String toString() {
            return "SmtpMailer.Builder{" + host + ":" + port + " " + security + (user == null ? "" : " user=" + user + " ****")
                    + " trust=" + (trustedCertificates != null ? trustedCertificates.size() + " certificate(s)"
                    : trustStore != null ? "trust store" : "JVM default") + "}";
        }
    }
}
