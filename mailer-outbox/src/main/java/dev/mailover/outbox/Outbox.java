package dev.mailover.outbox;

import dev.mailover.Attempt;
import dev.mailover.Email;
import dev.mailover.FailureKind;
import dev.mailover.HealthCheck;
import dev.mailover.MailException;
import dev.mailover.Mailer;
import dev.mailover.SendResult;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A durable queue in front of any {@link Mailer}: {@link #send(Email)} returns once the email is stored in a
 * database, and relay workers deliver it through the wrapped mailer (usually a failover mailer), retrying on a
 * schedule until it is sent or too old. "Every transport is down" and "the process died" lose nothing.
 *
 * <pre>{@code
 * Outbox outbox = Outbox.builder()
 *     .mailer(failoverMailer)
 *     .dataSource(dataSource)                 // PostgreSQL, MySQL 8 / MariaDB 10.6+ or H2; or
 *     .embedded(Path.of("mailover-outbox"))   // an H2 database in this folder (add com.h2database:h2)
 *     .build();
 * outbox.send(email);                         // stored durably when it returns
 * outbox.enqueue(email, connection);          // inside the caller's own JDBC transaction
 * }</pre>
 *
 * <p>Several processes on one database share the work: each entry is leased to one worker at a time
 * ({@code SELECT … FOR UPDATE SKIP LOCKED}), the lease is renewed while the send runs, and the entry of a
 * worker that died is taken over by another within about one lease. Delivery is at least once: an entry whose
 * worker died mid-send may arrive twice, with the same Message-ID, and is marked
 * {@link OutboxEntry#possiblyDelivered()}.
 *
 * <p>Thread-safe. Closing stops the relay after the current sends and closes the wrapped mailer; a new
 * {@code Outbox} on the same storage continues where this one stopped.
 */
public final class Outbox implements Mailer {

    private static final Logger log = LoggerFactory.getLogger(Outbox.class);
    /** The name of this mailer, and the transport of the results and exceptions it creates. */
    public static final String NAME = StorageFailures.TRANSPORT;

    private final OutboxStore store;
    private final Mailer mailer;
    private final Relay relay;
    private final OutboxListener listener;
    private final AutoCloseable embedded;
    private final String description;
    private final Duration lease;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Outbox(OutboxStore store, Mailer mailer, Relay relay, OutboxListener listener, AutoCloseable embedded,
                   String description, Duration lease) {
        this.store = store;
        this.mailer = mailer;
        this.relay = relay;
        this.listener = listener;
        this.embedded = embedded;
        this.description = description;
        this.lease = lease;
    }

    /** Starts a builder with safe defaults: 2 workers, retries from 30 s up to 1 h apart, 5 days, a 60 s lease. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Stores the email as a PENDING entry, in a transaction of its own, and wakes the relay. When this returns
     * the email is committed to the database, so it is delivered even if the process halts next. Nothing is
     * sent on the caller's thread.
     *
     * @return a result whose transport is {@code outbox} and whose message id is the email's Message-ID
     * @throws MailException when the email cannot be stored (the kind says why: the database is unreachable,
     *                       the table is missing, an attachment cannot be read), or the outbox is closed
     */
    @Override
    public SendResult send(Email email) {
        Objects.requireNonNull(email, "email");
        checkOpen();
        long start = System.nanoTime();
        OutboxEntry entry;
        try {
            entry = store.store(email, System.currentTimeMillis());
        } catch (SQLException e) {
            throw StorageFailures.classify(e, "storing " + email.messageId());
        }
        wakeRelay(false);
        notify(entry);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        return new SendResult(email.messageId(), NAME,
                List.of(Attempt.delivered(NAME, "stored as outbox entry " + entry.id(), elapsed)), elapsed);
    }

    /**
     * Stores the email on the caller's connection, inside the caller's transaction, so that it is sent if and
     * only if that transaction commits (the transactional outbox pattern). Never commits, rolls back or closes
     * the connection. The connection must be to the outbox's database and must not be in autocommit mode. The
     * relay in this process polls quickly for a moment afterwards, so a commit that follows soon is delivered
     * promptly; other processes see it at their next poll.
     *
     * @return the new entry, as stored (its transaction still open)
     * @throws IllegalArgumentException when the connection is in autocommit mode
     * @throws MailException            when the email cannot be stored; roll the transaction back then (on
     *                                  PostgreSQL the failed statement has aborted it anyway)
     */
    public OutboxEntry enqueue(Email email, Connection connection) {
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(connection, "connection");
        checkOpen();
        OutboxEntry entry;
        try {
            if (connection.getAutoCommit()) {
                throw new IllegalArgumentException("connection: autocommit is on, so there is no transaction to join;"
                        + " call setAutoCommit(false) and commit after your own changes, or use send(email)");
            }
            entry = store.insert(connection, email, System.currentTimeMillis());
        } catch (SQLException e) {
            throw StorageFailures.classify(e, "storing " + email.messageId() + " in the caller's transaction");
        }
        wakeRelay(true);
        notify(entry);
        return entry;
    }

    /**
     * Reports the storage (reachable, table present, how many entries are due) and the wrapped mailer's own
     * check as components. Healthy when the storage is: sends are then accepted, even while the wrapped mailer
     * is down. Never throws.
     */
    @Override
    public HealthCheck check() {
        long start = System.nanoTime();
        if (closed.get()) {
            return HealthCheck.unhealthy(StorageFailures.closed(), Duration.ZERO);
        }
        HealthCheck storage;
        try {
            long due = store.due(System.currentTimeMillis());
            storage = HealthCheck.healthy(NAME + "-storage", store.dialect().product() + " reachable, " + due
                    + " entr" + (due == 1 ? "y" : "ies") + " due", Duration.ofNanos(System.nanoTime() - start));
        } catch (SQLException | RuntimeException e) {
            MailException failure = e instanceof SQLException s ? StorageFailures.classify(s, "checking the storage")
                    : MailException.builder(FailureKind.UNKNOWN, NAME).detail(e.toString()).cause(e).build();
            return HealthCheck.unhealthy(failure, Duration.ofNanos(System.nanoTime() - start));
        }
        if (mailer == null) {
            return HealthCheck.composite(NAME, List.of(storage), Duration.ofNanos(System.nanoTime() - start));
        }
        HealthCheck relayed;
        try {
            relayed = mailer.check();
        } catch (RuntimeException e) {
            relayed = HealthCheck.unhealthy(mailer.name(), FailureKind.UNKNOWN, e.toString(), null, Duration.ZERO);
        }
        return HealthCheck.composite(NAME, List.of(storage, relayed), Duration.ofNanos(System.nanoTime() - start));
    }

    /** {@code outbox}. */
    @Override
    public String name() {
        return NAME;
    }

    /**
     * The most recent entry with this Message-ID (with or without angle brackets).
     *
     * @throws MailException when the storage cannot be read, or the outbox is closed
     */
    public Optional<OutboxEntry> find(String messageId) {
        Objects.requireNonNull(messageId, "messageId");
        String id = messageId.strip();
        String bracketed = id.startsWith("<") ? id : "<" + id + ">";
        return read(() -> store.find(bracketed), "finding " + bracketed);
    }

    /**
     * The entry with this {@link OutboxEntry#id() id}.
     *
     * @throws MailException when the storage cannot be read, or the outbox is closed
     */
    public Optional<OutboxEntry> find(long id) {
        return read(() -> store.find(id), "finding entry " + id);
    }

    /**
     * The addresses, subject and attachment list of the entry with this {@link OutboxEntry#id() id}, for an admin
     * view (the {@code OutboxEntry} itself holds none of them, so that it is safe to log). Empty when there is no
     * such entry.
     *
     * @throws MailException when the storage cannot be read, its envelope is damaged or was written by a newer
     *                       version, or the outbox is closed
     */
    public Optional<OutboxEnvelope> envelope(long id) {
        try {
            return read(() -> store.envelope(id).map(Envelope::summary), "reading the envelope of entry " + id);
        } catch (IllegalArgumentException e) {
            throw MailException.builder(FailureKind.MESSAGE_REJECTED, NAME)
                    .detail("entry " + id + ": " + e.getMessage())
                    .hint("The stored entry is damaged or was written by a newer version of Mailover; it cannot be read.")
                    .cause(e).build();
        }
    }

    /**
     * Up to {@code limit} entries with this status, in the order of {@link OutboxEntry#nextAttemptAt()}: for
     * PENDING the order they are due, for SENT and FAILED the order they finished.
     *
     * @throws IllegalArgumentException when the limit is not between 1 and 10,000
     * @throws MailException            when the storage cannot be read, or the outbox is closed
     */
    public List<OutboxEntry> list(OutboxStatus status, int limit) {
        Objects.requireNonNull(status, "status");
        if (limit < 1 || limit > 10_000) {
            throw new IllegalArgumentException("limit: must be between 1 and 10000, got " + limit);
        }
        return read(() -> store.list(status, limit), "listing " + status + " entries");
    }

    /**
     * How many entries there are in each status, every status present (zero when none): for an admin view and
     * for a gauge such as {@code mail.outbox.entries}.
     *
     * @throws MailException when the storage cannot be read, or the outbox is closed
     */
    public Map<OutboxStatus, Long> counts() {
        return read(store::counts, "counting entries");
    }

    /**
     * Queues a FAILED entry again, due now, with its attempts and its age counted afresh.
     *
     * @return true when the entry was FAILED and is PENDING now; false when there is no such entry or it is
     *         not FAILED
     * @throws MailException when the storage cannot be written, or the outbox is closed
     */
    public boolean retry(long id) {
        boolean queued = read(() -> store.retry(id, System.currentTimeMillis()), "queuing entry " + id + " again");
        if (queued) {
            wakeRelay(false);
        }
        return queued;
    }

    /**
     * Deletes the SENT and FAILED entries (and their attachments) that finished more than {@code age} ago.
     * Entries still to be sent are never deleted.
     *
     * @return how many entries were deleted
     * @throws MailException when the storage cannot be written, or the outbox is closed
     */
    public int purge(Duration age) {
        Objects.requireNonNull(age, "age");
        if (age.isNegative()) {
            throw new IllegalArgumentException("age: must not be negative, got " + age);
        }
        return read(() -> store.purge(System.currentTimeMillis() - age.toMillis()), "purging entries older than " + age);
    }

    /**
     * Stops the relay after the sends in progress (waiting up to one lease for them), gives back entries it had
     * claimed but not started, closes the wrapped mailer and, for {@link Builder#embedded(Path)}, the database.
     * Idempotent. Sending afterwards fails with {@link FailureKind#INVALID_CONFIGURATION}.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (relay != null) {
            relay.close(lease);
        }
        if (mailer != null) {
            mailer.close();
        }
        if (embedded != null) {
            try {
                embedded.close();
            } catch (Exception e) {
                log.debug("outbox: closing the embedded database failed", e);
            }
        }
    }

    /** For example {@code Outbox{PostgreSQL workers=2 lease=PT1M mailer=failover}}; never a credential. */
    @Override
    public String toString() {
        return "Outbox{" + description + '}';
    }

    private void checkOpen() {
        if (closed.get()) {
            throw StorageFailures.closed();
        }
    }

    private void wakeRelay(boolean eager) {
        if (relay != null) {
            relay.wakeUp(eager);
        }
    }

    private void notify(OutboxEntry entry) {
        try {
            listener.onEnqueued(entry);
        } catch (RuntimeException e) {
            log.warn("outbox: a listener threw {}", e.toString(), e);
        }
    }

    private interface Read<T> {
        T run() throws SQLException;
    }

    private <T> T read(Read<T> read, String doing) {
        checkOpen();
        try {
            return read.run();
        } catch (SQLException e) {
            throw StorageFailures.classify(e, doing);
        }
    }

    /**
     * Builds an {@link Outbox}. Setters check their argument at once and name it when it is wrong;
     * {@link #build()} opens the storage. Not thread-safe.
     */
    public static final class Builder {
        /** The folder of {@link #embedded(Path)} when no storage is given. */
        public static final Path DEFAULT_FOLDER = Path.of("mailover-outbox");

        private Mailer mailer;
        private DataSource dataSource;
        private Path folder;
        private int workers = 2;
        private Duration retryFirst = Duration.ofSeconds(30);
        private Duration retryCap = Duration.ofHours(1);
        private Duration maxAge = Duration.ofDays(5);
        private Duration lease = Duration.ofSeconds(60);
        private Duration pollInterval = Duration.ofSeconds(1);
        private OutboxListener listener = new OutboxListener() {
        };
        private boolean createSchema = true;

        private Builder() {
        }

        /** What the relay delivers through, usually a failover mailer. Required unless {@code workers(0)}. The outbox closes it. */
        public Builder mailer(Mailer mailer) {
            this.mailer = Objects.requireNonNull(mailer, "mailer");
            return this;
        }

        /**
         * Stores entries in this database: PostgreSQL 10+, MySQL 8+, MariaDB 10.6+ or H2 2.x. Give it a
         * connection pool: the relay and every send take a connection. Replaces {@link #embedded(Path)}.
         */
        public Builder dataSource(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
            this.folder = null;
            return this;
        }

        /**
         * Stores entries in an H2 database in files under this folder (created when missing): nothing to install,
         * but it needs {@code com.h2database:h2} on the class path, and one process at a time. The default
         * storage, in {@link #DEFAULT_FOLDER}, when neither this nor {@link #dataSource} is set. Replaces
         * {@link #dataSource(DataSource)}.
         */
        public Builder embedded(Path folder) {
            this.folder = Objects.requireNonNull(folder, "folder");
            this.dataSource = null;
            return this;
        }

        /** Relay threads in this process, 0 to 64; 0 makes an outbox that only enqueues (another process relays). Default 2. */
        public Builder workers(int workers) {
            if (workers < 0 || workers > 64) {
                throw new IllegalArgumentException("workers: must be between 0 and 64, got " + workers);
            }
            this.workers = workers;
            return this;
        }

        /**
         * The delay before the first retry and the longest delay between two attempts: the delay doubles after
         * each failure, spread by ±20%, and is never shorter than the server's {@code retryAfter()}.
         * Default 30 s and 1 h.
         */
        public Builder retry(Duration first, Duration cap) {
            Objects.requireNonNull(first, "first");
            Objects.requireNonNull(cap, "cap");
            if (first.isNegative() || first.isZero()) {
                throw new IllegalArgumentException("retry: first must be positive, got " + first);
            }
            if (cap.compareTo(first) < 0) {
                throw new IllegalArgumentException("retry: cap (" + cap + ") must not be shorter than first (" + first + ")");
            }
            this.retryFirst = first;
            this.retryCap = cap;
            return this;
        }

        /**
         * How long an entry is retried, counted from when it was queued: a failure after that (or one whose next
         * attempt would fall after it) ends it FAILED. Default 5 days, like Postfix's maximal_queue_lifetime.
         */
        public Builder maxAge(Duration maxAge) {
            Objects.requireNonNull(maxAge, "maxAge");
            if (maxAge.isNegative() || maxAge.isZero()) {
                throw new IllegalArgumentException("maxAge: must be positive, got " + maxAge);
            }
            this.maxAge = maxAge;
            return this;
        }

        /**
         * A worker's hold on an entry, renewed every third of it while the send runs. A worker that dies loses its
         * entries when their lease ends, and another worker takes them over. At least 1 s; default 60 s.
         */
        public Builder lease(Duration lease) {
            Objects.requireNonNull(lease, "lease");
            if (lease.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("lease: must be at least 1 s, got " + lease);
            }
            this.lease = lease;
            return this;
        }

        /**
         * How often an idle relay looks for due entries: one indexed query each time. A send in this process
         * wakes it at once; entries stored by other processes and retries that fall due wait for the next poll.
         * At least 10 ms; default 1 s.
         */
        public Builder pollInterval(Duration pollInterval) {
            Objects.requireNonNull(pollInterval, "pollInterval");
            if (pollInterval.compareTo(Duration.ofMillis(10)) < 0) {
                throw new IllegalArgumentException("pollInterval: must be at least 10 ms, got " + pollInterval);
            }
            this.pollInterval = pollInterval;
            return this;
        }

        /** Receives enqueued, attempted, sent and failed events. */
        public Builder listener(OutboxListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Whether {@link #build()} creates the tables when they are missing (default true), from the script
         * {@code dev/mailover/outbox/schema/postgresql.sql}, {@code mysql.sql} or {@code h2.sql} in the jar.
         * With false, run that script yourself (a Flyway or Liquibase migration); {@code build()} then fails,
         * naming it, when the tables are missing.
         */
        public Builder createSchema(boolean createSchema) {
            this.createSchema = createSchema;
            return this;
        }

        /**
         * Opens the storage, creates the tables when missing (unless {@code createSchema(false)}) and starts the
         * relay's threads ({@code mailover-outbox-N-dispatch}, {@code mailover-outbox-N-relay-M}).
         *
         * @throws IllegalStateException when workers are asked for without a mailer, or {@code embedded} without H2
         * @throws IllegalArgumentException when the database is not one the outbox supports
         * @throws MailException when the storage cannot be opened or the tables are missing
         */
        public Outbox build() {
            if (workers > 0 && mailer == null) {
                throw new IllegalStateException("mailer: required when workers > 0 (the relay delivers through it);"
                        + " use workers(0) for an outbox that only enqueues");
            }
            DataSource ds = dataSource;
            AutoCloseable embedded = null;
            Path spoolParent = Path.of(System.getProperty("java.io.tmpdir"));
            if (ds == null) {
                Path dir = folder == null ? DEFAULT_FOLDER : folder;
                if (!h2Available()) {
                    throw new IllegalStateException("embedded: the embedded outbox needs H2 on the class path;"
                            + " add the dependency com.h2database:h2 (2.5.252 or later), or give a dataSource");
                }
                EmbeddedDatabase database = EmbeddedDatabase.open(dir, workers + 16);
                ds = database.dataSource();
                embedded = database;
                spoolParent = dir.toAbsolutePath();
                log.info("outbox: embedded H2 database in {}", dir.toAbsolutePath());
            }
            try {
                Dialect dialect;
                try (Connection c = ds.getConnection()) {
                    dialect = Dialect.of(c.getMetaData());
                }
                Schema.ensure(ds, dialect, createSchema);
                OutboxStore store = new OutboxStore(ds, dialect, embedded != null ? EmbeddedDatabase.FLUSH : null);
                RetryPolicy policy = new RetryPolicy(retryFirst, retryCap, maxAge,
                        () -> ThreadLocalRandom.current().nextDouble());
                Relay relay = workers == 0 ? null
                        : new Relay(store, mailer, policy, listener, workers, lease, pollInterval, spoolParent);
                String description = dialect.product() + (folder != null || dataSource == null ? " embedded" : "")
                        + " workers=" + workers + " lease=" + lease + " mailer=" + (mailer == null ? "none" : mailer.name());
                Outbox outbox = new Outbox(store, mailer, relay, listener, embedded, description, lease);
                if (relay != null) {
                    relay.start();
                }
                return outbox;
            } catch (SQLException e) {
                closeQuietly(embedded);
                throw StorageFailures.classify(e, "opening the outbox's storage");
            } catch (RuntimeException e) {
                closeQuietly(embedded);
                throw e;
            }
        }

        private static boolean h2Available() {
            try {
                Class.forName("org.h2.jdbcx.JdbcConnectionPool", false, Outbox.class.getClassLoader());
                return true;
            } catch (ClassNotFoundException | LinkageError e) {
                return false;
            }
        }

        private static void closeQuietly(AutoCloseable closeable) {
            if (closeable != null) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    log.debug("outbox: closing the embedded database after a failed build", e);
                }
            }
        }
    }
}
