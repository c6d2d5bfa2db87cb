package dev.mailover.outbox;

import dev.mailover.Attachment;
import dev.mailover.Attempt;
import dev.mailover.Email;
import dev.mailover.FailureKind;
import dev.mailover.MailException;
import dev.mailover.Mailer;
import dev.mailover.SendResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay of one outbox: a dispatcher thread that claims a batch of due entries for each idle worker (and waits
 * for a signal or the poll interval when none is due), a bounded pool of worker threads that each send their
 * batch through the wrapped mailer, one entry after another, then record the outcomes and claim their next batch
 * in one transaction, and the upkeep of leases: renewing the ones this relay holds while their sends run, and
 * taking over the ones whose worker (in any process) stopped.
 *
 * <p>Entries are claimed in batches only for a worker that sends them at once, one after another: {@link #BATCH} at
 * first, and twice as many, up to {@link #MAX_BATCH}, each time the worker's previous batch was full (a deep
 * backlog), so that a crash leaves at most {@code workers × MAX_BATCH} entries whose delivery is unknown.
 */
final class Relay {

    private static final Logger log = LoggerFactory.getLogger(Outbox.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    /**
     * How many due entries a worker claims at first. The outcomes of a batch are recorded in one transaction (one
     * commit, one flush, the claim of the next batch), which is most of the relay's cost per email.
     */
    static final int BATCH = 8;
    /**
     * The most due entries a worker claims at once: while its batches come back full, a worker doubles its next
     * claim up to this many, so that a deep backlog pays a commit per 32 emails. A process that dies mid-batch leaves
     * at most this many entries per worker in flight, each of which may then be delivered twice.
     */
    static final int MAX_BATCH = 32;
    /** Attachments up to this size are read back into memory; larger ones into a spool file that the transport streams. */
    static final int IN_MEMORY_ATTACHMENT = 256 * 1024;
    /** How long the dispatcher keeps polling quickly after a transactional enqueue, whose commit it cannot see. */
    private static final Duration EAGER_WINDOW = Duration.ofSeconds(2);
    private static final Duration EAGER_POLL = Duration.ofMillis(50);
    /** The longest pause between two tries of recording an outcome while the database is unreachable. */
    private static final Duration RECORD_BACKOFF_CAP = Duration.ofSeconds(5);

    private final OutboxStore store;
    private final Mailer mailer;
    private final RetryPolicy policy;
    private final OutboxListener listener;
    private final int workers;
    private final Duration lease;
    private final Duration pollInterval;
    private final Path spoolParent;
    private final String owner;
    private final AtomicLong claims = new AtomicLong();
    private final Map<Long, OutboxStore.Claimed> held = new ConcurrentHashMap<>();
    private final Semaphore idle;
    private final ExecutorService pool;
    private final Thread dispatcher;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition signal = lock.newCondition();
    private boolean signalled;
    private volatile boolean running = true;
    private volatile long eagerUntil;
    private volatile Path spool;

    Relay(OutboxStore store, Mailer mailer, RetryPolicy policy, OutboxListener listener, int workers, Duration lease,
          Duration pollInterval, Path spoolParent) {
        this.store = store;
        this.mailer = mailer;
        this.policy = policy;
        this.listener = listener;
        this.workers = workers;
        this.lease = lease;
        this.pollInterval = pollInterval;
        this.spoolParent = spoolParent;
        this.owner = ProcessHandle.current().pid() + "-" + Long.toString(System.nanoTime() & 0xffffff, 36);
        this.idle = new Semaphore(workers);
        int instance = INSTANCES.incrementAndGet();
        String prefix = "mailover-outbox-" + instance + "-";
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, prefix + "relay-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.dispatcher = new Thread(this::dispatch, prefix + "dispatch");
        this.dispatcher.setDaemon(true);
    }

    void start() {
        dispatcher.start();
        log.info("outbox: relay started with {} worker(s), lease {}, poll interval {}, owner {}",
                workers, lease, pollInterval, owner);
    }

    /**
     * Wakes the dispatcher at once (after a send in this process). {@code eager}: the entry is not committed yet
     * (a transactional enqueue), so keep polling quickly for a short while until its commit becomes visible.
     */
    void wakeUp(boolean eager) {
        if (eager) {
            eagerUntil = System.currentTimeMillis() + EAGER_WINDOW.toMillis();
        }
        lock.lock();
        try {
            signalled = true;
            signal.signal();
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- dispatcher

    private void dispatch() {
        long renewEvery = Math.max(100, lease.toMillis() / 3);
        long takeOverEvery = Math.max(100, Math.min(lease.toMillis() / 4, 15_000));
        long nextRenewal = System.currentTimeMillis() + renewEvery;
        long nextTakeOver = 0;
        long failures = 0;
        while (running) {
            long now = System.currentTimeMillis();
            long wait;
            try {
                if (now >= nextTakeOver) {
                    int n = store.takeOverExpired(now);
                    if (n > 0) {
                        log.warn("outbox: took over {} entr{} whose worker stopped before finishing (lease expired);"
                                + " they may have been delivered already and are sent again with the same Message-ID",
                                n, n == 1 ? "y" : "ies");
                    }
                    nextTakeOver = now + takeOverEvery;
                }
                if (now >= nextRenewal) {
                    renewLeases(now);
                    nextRenewal = now + renewEvery;
                }
                int free = idle.availablePermits();
                boolean moreDue = free > 0 && claimAndStart(free, now);
                failures = 0;
                if (moreDue) {
                    continue; // every free worker got a full batch; more may be due as soon as one is free
                }
                long poll = now < eagerUntil ? Math.min(EAGER_POLL.toMillis(), pollInterval.toMillis()) : pollInterval.toMillis();
                wait = Math.min(poll, Math.min(nextRenewal, nextTakeOver) - now);
            } catch (SQLException | RuntimeException e) {
                failures++;
                wait = Math.min(pollInterval.toMillis() * Math.min(failures, 10), 10_000);
                log.warn("outbox: the relay cannot reach its database ({}); trying again in {} ms",
                        e instanceof SQLException s ? StorageFailures.describe(s) : e.toString(), wait);
            }
            await(Math.max(1, wait));
        }
    }

    /**
     * Claims a batch for each free worker and starts it; returns true when every free worker got a full batch, so
     * that more may be due.
     */
    private boolean claimAndStart(int free, long now) throws SQLException {
        for (int i = 0; i < free; i++) {
            List<OutboxStore.Claimed> batch = store.claim(BATCH, now, now + lease.toMillis(), nextToken());
            if (batch.isEmpty()) {
                return false;
            }
            idle.acquireUninterruptibly(); // never blocks: the dispatcher is the only one who takes permits
            batch.forEach(c -> held.put(c.entry().id(), c));
            pool.execute(() -> deliver(batch));
            if (batch.size() < BATCH) {
                return false;
            }
        }
        return true;
    }

    private String nextToken() {
        return owner + "#" + claims.incrementAndGet();
    }

    private void renewLeases(long now) {
        List<OutboxStore.Claimed> current = new ArrayList<>(held.values());
        if (current.isEmpty()) {
            return;
        }
        try {
            int renewed = store.renew(current, now + lease.toMillis());
            if (renewed < current.size()) {
                log.warn("outbox: {} of {} entries in flight were taken over by another worker before this relay could"
                        + " renew their lease (was the database or this process stalled for longer than the lease, {}?)",
                        current.size() - renewed, current.size(), lease);
            }
        } catch (SQLException e) {
            log.warn("outbox: cannot renew the leases of {} entries in flight: {}", current.size(), StorageFailures.describe(e));
        }
    }

    private void await(long millis) {
        lock.lock();
        try {
            if (!signalled && running) {
                signal.await(millis, TimeUnit.MILLISECONDS);
            }
            signalled = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- workers

    /** An attempted entry: the outcome to record, and what to tell the listener once it is recorded. */
    private record Attempted(OutboxStore.Claimed claimed, OutboxStore.Outcome outcome, Consumer<OutboxEntry> recorded) {
    }

    /**
     * A worker's task: delivers the batch it was given, one entry after another, then records the batch's outcomes
     * and claims its next batch in one transaction (no wait for the dispatcher), until none is due or the relay
     * stops. It holds one connection with its statements prepared for that run (a {@link OutboxStore.Session}).
     */
    private void deliver(List<OutboxStore.Claimed> first) {
        try (OutboxStore.Session session = store.session()) {
            int size = BATCH; // what the dispatcher claimed for this worker
            for (List<OutboxStore.Claimed> batch = first; !batch.isEmpty(); ) {
                List<Attempted> attempted = new ArrayList<>(batch.size());
                for (OutboxStore.Claimed claimed : batch) {
                    if (running) {
                        attempted.add(attempt(claimed));
                    } else {
                        release(claimed);
                        held.remove(claimed.entry().id(), claimed);
                    }
                }
                size = batch.size() >= size ? Math.min(2 * size, MAX_BATCH) : BATCH;
                batch = record(session, attempted, size);
            }
        } finally {
            idle.release();
            wakeUp(false);
        }
    }

    /** One attempt: read the entry back and send it; the outcome is recorded with the rest of the batch. */
    private Attempted attempt(OutboxStore.Claimed claimed) {
        List<Path> spooled = new ArrayList<>();
        try {
            Email email;
            try {
                email = load(claimed, spooled);
            } catch (SQLException | IOException | UncheckedIOException e) {
                log.warn("outbox: cannot read entry {} back from the database ({}); it is retried", claimed.entry().id(), e.toString());
                return fail(claimed, MailException.builder(FailureKind.SERVICE_UNAVAILABLE, StorageFailures.TRANSPORT)
                        .detail("reading the stored entry back: " + e).cause(e).build(), 0);
            } catch (RuntimeException e) {
                return fail(claimed, MailException.builder(FailureKind.MESSAGE_REJECTED, StorageFailures.TRANSPORT)
                        .detail("the stored entry cannot be turned back into an email: " + e.getMessage())
                        .hint("The stored entry is damaged or was written by an incompatible version; it cannot be sent.")
                        .cause(e).build(), 0);
            }
            long start = System.nanoTime();
            SendResult result;
            try {
                result = mailer.send(email);
            } catch (MailException e) {
                return fail(claimed, e, System.nanoTime() - start);
            } catch (RuntimeException e) {
                return fail(claimed, MailException.builder(FailureKind.UNKNOWN, mailer.name())
                        .detail(e.toString()).cause(e).build(), System.nanoTime() - start);
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            OutboxStore.Outcome outcome = OutboxStore.sent(claimed, System.currentTimeMillis(), result.transport(),
                    result.messageId(), !email.attachments().isEmpty());
            return new Attempted(claimed, outcome, entry -> {
                notify(() -> listener.onAttempted(entry, Attempt.delivered(result.transport(),
                        "delivered as " + result.messageId(), elapsed)));
                notify(() -> listener.onSent(entry));
            });
        } finally {
            for (Path file : spooled) {
                deleteQuietly(file);
            }
        }
    }

    private Email load(OutboxStore.Claimed claimed, List<Path> spooled) throws SQLException, IOException {
        Envelope envelope = Envelope.read(claimed.envelope());
        List<Attachment> attachments = new ArrayList<>(envelope.parts().size());
        for (int i = 0; i < envelope.parts().size(); i++) {
            Attachment a = store.readPart(claimed.entry().id(), i, envelope.parts().get(i), spool(), IN_MEMORY_ATTACHMENT);
            a.path().ifPresent(spooled::add);
            attachments.add(a);
        }
        return envelope.toEmail(attachments);
    }

    private Attempted fail(OutboxStore.Claimed claimed, MailException failure, long elapsedNanos) {
        long now = System.currentTimeMillis();
        RetryPolicy.Decision d = policy.decide(failure, claimed.entry().attempts(), claimed.queuedAt(), now);
        OutboxStore.Outcome outcome = OutboxStore.failed(claimed, now, d.nextAttemptAt(), failure.kind(), d.detail(),
                failure.hint(), failure.possiblyDelivered());
        Attempt attempt = Attempt.failed(failure.transport(), failure.kind(), failure.detail(), failure.hint(),
                Duration.ofNanos(elapsedNanos));
        return new Attempted(claimed, outcome, e -> {
            notify(() -> listener.onAttempted(e, attempt));
            if (d.givesUp()) {
                log.warn("outbox: gave up on entry {} {} after {} attempt(s): {} {}", e.id(), e.messageId(), e.attempts(),
                        failure.kind(), d.detail());
                notify(() -> listener.onFailed(e));
            } else {
                log.debug("outbox: entry {} {} failed ({}), attempt {}; next attempt at {}", e.id(), e.messageId(),
                        failure.kind(), e.attempts(), e.nextAttemptAt());
            }
        });
    }

    private void release(OutboxStore.Claimed claimed) {
        try {
            store.release(claimed, System.currentTimeMillis());
        } catch (SQLException e) {
            log.warn("outbox: cannot give entry {} back at close ({}); it is taken over when its lease ends",
                    claimed.entry().id(), StorageFailures.describe(e));
        }
    }

    /**
     * Records a batch's outcomes and, while the relay runs, claims this worker's next batch in the same transaction;
     * then tells the listener. It tries again while the database is unreachable, for up to one lease (the leases
     * are kept renewed meanwhile): losing an outcome would send its entry again. Returns the next batch, of up to
     * {@code nextMax} entries.
     */
    private List<OutboxStore.Claimed> record(OutboxStore.Session session, List<Attempted> attempted, int nextMax) {
        if (attempted.isEmpty()) {
            return List.of();
        }
        List<OutboxStore.Outcome> outcomes = attempted.stream().map(Attempted::outcome).toList();
        long deadline = System.currentTimeMillis() + lease.toMillis();
        long pause = 100;
        while (true) {
            long now = System.currentTimeMillis();
            try {
                OutboxStore.Recorded recorded = store.record(session, outcomes, now, now + lease.toMillis(),
                        running ? nextToken() : null, nextMax);
                attempted.forEach(a -> held.remove(a.claimed().entry().id(), a.claimed()));
                recorded.next().forEach(next -> held.put(next.entry().id(), next));
                for (int i = 0; i < attempted.size(); i++) {
                    OutboxStore.Claimed claimed = attempted.get(i).claimed();
                    Optional<OutboxEntry> after = recorded.after().get(i);
                    if (after.isPresent()) {
                        attempted.get(i).recorded().accept(after.get());
                    } else {
                        log.warn("outbox: entry {} {} was taken over by another worker while this one sent it (its"
                                + " lease expired); it may be delivered twice, with the same Message-ID",
                                claimed.entry().id(), claimed.entry().messageId());
                    }
                }
                return recorded.next();
            } catch (SQLException e) {
                if (now + pause > deadline) {
                    log.error("outbox: cannot record the outcome of {} entr{} ({}); when their leases end they are sent"
                            + " again", attempted.size(), attempted.size() == 1 ? "y" : "ies", StorageFailures.describe(e));
                    attempted.forEach(a -> held.remove(a.claimed().entry().id(), a.claimed()));
                    return List.of();
                }
                log.warn("outbox: cannot record the outcome of {} entr{} yet ({}); trying again in {} ms",
                        attempted.size(), attempted.size() == 1 ? "y" : "ies", StorageFailures.describe(e), pause);
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    attempted.forEach(a -> held.remove(a.claimed().entry().id(), a.claimed()));
                    return List.of();
                }
                pause = Math.min(pause * 2, RECORD_BACKOFF_CAP.toMillis());
            }
        }
    }

    private void notify(Runnable event) {
        try {
            event.run();
        } catch (RuntimeException e) {
            log.warn("outbox: a listener threw {}", e.toString(), e);
        }
    }

    private Path spool() throws IOException {
        Path s = spool;
        if (s == null) {
            synchronized (this) {
                s = spool;
                if (s == null) {
                    Files.createDirectories(spoolParent);
                    s = Files.createTempDirectory(spoolParent, "mailover-outbox-spool-");
                    spool = s;
                }
            }
        }
        return s;
    }

    // ---------------------------------------------------------------- close

    /**
     * Stops claiming, lets every worker finish its current send (waiting up to {@code grace}), gives back entries
     * claimed but not started, and removes the spool folder. Idempotent.
     */
    void close(Duration grace) {
        running = false;
        wakeUp(false);
        try {
            dispatcher.join(grace.toMillis());
            pool.shutdown();
            if (!pool.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("outbox: {} send(s) still running {} after close; their entries are taken over when their"
                        + " leases end", held.size(), grace);
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pool.shutdownNow();
        }
        Path s = spool;
        if (s != null && held.isEmpty()) {
            try (Stream<Path> files = Files.list(s)) {
                files.forEach(Relay::deleteQuietly);
            } catch (IOException e) {
                log.debug("outbox: cannot list the spool folder {}", s, e);
            }
            deleteQuietly(s);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.debug("outbox: cannot delete {}", file, e);
        }
    }
}
