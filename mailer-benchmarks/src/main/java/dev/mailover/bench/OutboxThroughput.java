package dev.mailover.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.mailover.Email;
import dev.mailover.HealthCheck;
import dev.mailover.Mailer;
import dev.mailover.SendResult;
import dev.mailover.outbox.Outbox;
import dev.mailover.outbox.OutboxEntry;
import dev.mailover.outbox.OutboxListener;
import dev.mailover.smtp.SmtpMailer;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Section 5: the outbox, in one run. Enqueue: how many 1 KiB emails per second {@code Outbox.send} stores into
 * embedded H2 and into PostgreSQL, from 1 and 4 threads. Relay: how fast and at what CPU per email the relay
 * delivers a backlog to the SMTP sink through a pooled {@code SmtpMailer}, against the same {@code SmtpMailer}
 * sending directly, with as many workers as the direct send has threads.
 *
 * <p>CPU is the whole JVM's ({@code getProcessCpuTime}: senders, relay threads, H2, GC, JIT), because the relay
 * works on background threads; for PostgreSQL the server's processes are added, so a row is the machine's cost.
 */
final class OutboxThroughput {
    static final String ENQUEUE = "Outbox enqueue (send stores)";
    static final String RELAY = "Outbox relay to SMTP sink";
    private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final int[] THREADS = {1, 4};

    private OutboxThroughput() {
    }

    /** One figure per round. */
    private static final class Row {
        final Samples rates = new Samples();
        final Samples cpuMicros = new Samples();
        final Samples ratios = new Samples();
        final Samples cpuRatios = new Samples();
        final Samples serverMicros = new Samples();
        /** Milliseconds the JIT compiled during a timed round: near 0 once the code is warm. */
        final Samples jitMillis = new Samples();
        long messages;
    }

    static void run(BenchOptions options, Log log, BenchReport report) throws Exception {
        Duration target = Duration.ofNanos((long) (options.seconds * 1e9));
        Map<String, Row> enqueue = new LinkedHashMap<>();
        Map<String, Row> relay = new LinkedHashMap<>();
        try (OutboxStorage h2 = OutboxStorage.embeddedH2(); OutboxStorage pg = OutboxStorage.postgres()) {
            List<OutboxStorage> storages = List.of(h2, pg);
            for (OutboxStorage storage : storages) {
                for (int threads : THREADS) {
                    enqueueWarmUp(storage, threads, target, options.batch);
                }
            }
            for (int round = 0; round < options.repetitions; round++) {
                for (OutboxStorage storage : storages) {
                    for (int threads : THREADS) {
                        long[] measured = enqueueRound(storage, threads, target, options.batch);
                        Row row = enqueue.computeIfAbsent(storage.label() + "|" + threads, k -> new Row());
                        row.rates.add(measured[0] / (measured[1] / 1e9));
                        row.cpuMicros.add(measured[2] / 1e3 / measured[0]);
                        row.serverMicros.add(measured[3] / 1e3 / measured[0]);
                        row.messages += measured[0];
                    }
                }
                log.line("%s: round %d/%d done", ENQUEUE, round + 1, options.repetitions);
            }
            for (int threads : THREADS) {
                int backlog = options.batch > 0 ? options.batch
                        : calibrate(options, threads, target, report);
                // One storage's rounds after another, each behind warm-up rounds of its own: alternating H2 and
                // PostgreSQL round by round kept the JIT recompiling the relay's JDBC paths for the other driver, and
                // its compile time (up to a whole core) was counted as the relay's CPU.
                for (OutboxStorage storage : storages) {
                    for (int round = -RELAY_WARM_UPS; round < options.repetitions; round++) {
                        long[] direct = direct(options, threads, backlog, report);
                        long[] relayed = relayRound(options, storage, threads, backlog, report);
                        if (round < 0) {
                            continue;
                        }
                        double directRate = direct[0] / (direct[1] / 1e9);
                        double directCpu = direct[2] / 1e3 / direct[0];
                        Map<String, long[]> results = new LinkedHashMap<>();
                        results.put("SmtpMailer poolSize " + threads + ", direct send", direct);
                        results.put("Outbox, " + storage.label() + ", workers " + threads + " → same SmtpMailer", relayed);
                        for (Map.Entry<String, long[]> e : results.entrySet()) {
                            long[] m = e.getValue();
                            Row row = relay.computeIfAbsent(e.getKey() + "|" + threads, k -> new Row());
                            double rate = m[0] / (m[1] / 1e9);
                            double cpu = m[2] / 1e3 / m[0];
                            row.rates.add(rate);
                            row.cpuMicros.add(cpu);
                            row.serverMicros.add(m[3] / 1e3 / m[0]);
                            row.jitMillis.add(m[4]);
                            row.ratios.add(rate / directRate);
                            row.cpuRatios.add(cpu / directCpu);
                            row.messages += m[0];
                        }
                        log.line("%s x%d, %s: round %d/%d done", RELAY, threads, storage.label(), round + 1,
                                options.repetitions);
                    }
                }
            }
        }
        for (Map.Entry<String, Row> e : enqueue.entrySet()) {
            String[] key = e.getKey().split("\\|");
            Row row = e.getValue();
            report.table().row(ENQUEUE, "Outbox.send, " + key[0] + serverShare(row),
                    key[1], String.format("%.0f msg/s", row.rates.median()), "–",
                    String.format("%.0f–%.0f", row.rates.min(), row.rates.max()),
                    String.format("%.0f µs", row.cpuMicros.median()), "–",
                    row.rates.size() + " rounds, " + row.messages + " msgs");
        }
        for (Map.Entry<String, Row> e : relay.entrySet()) {
            String[] key = e.getKey().split("\\|");
            Row row = e.getValue();
            report.table().row(RELAY, key[0] + serverShare(row), key[1],
                    String.format("%.0f msg/s", row.rates.median()), String.format("%.2f", row.ratios.median()),
                    String.format("%.0f–%.0f", row.rates.min(), row.rates.max()),
                    String.format("%.0f µs", row.cpuMicros.median()), String.format("%.2f", row.cpuRatios.median()),
                    row.rates.size() + " rounds, " + row.messages + " msgs; JIT " + String.format("%.0f", row.jitMillis.median())
                            + " ms/round");
        }
        report.table().note(ENQUEUE + ": 1 KiB emails stored by Outbox.send (workers(0): nothing relays), "
                + "each durable when send returns, for --seconds per round from 1 or 4 threads; a fresh H2 folder or "
                + "empty PostgreSQL tables each round. CPU/msg = CPU of the whole JVM per email, plus the PostgreSQL "
                + "server's processes for PostgreSQL (fsync and synchronous_commit on, as in production).");
        report.table().note(RELAY + ": a backlog of 1 KiB emails (about 3 × --seconds of direct sending; stored "
                + "beforehand, not timed) relayed by an Outbox with as many workers as the direct send has threads, "
                + "through an SmtpMailer with that pool size, from the moment every worker holds its first batch (the relay's "
                + "start is not timed) until the last is SENT; the direct send is the same SmtpMailer called from as many threads. ratio "
                + "= msg/s ÷ direct; CPU ratio = CPU/msg ÷ direct CPU/msg (whole JVM for both, plus the PostgreSQL "
                + "server for its rows), per round; medians. Each storage's rounds run one after the other, each "
                + "behind " + RELAY_WARM_UPS + " warm-up rounds of its own, and each pairs a direct send with a relay (so "
                + "the direct row has the rounds of both storages); JIT = the compiler's time during a timed round "
                + "(CompilationMXBean), median, which says whether the code was warm.");
    }

    private static void enqueueWarmUp(OutboxStorage storage, int threads, Duration target, int batch) throws Exception {
        enqueueRound(storage, threads, target.multipliedBy(2), batch);
    }

    /** Returns {emails stored, wall nanos, CPU nanos}. */
    private static long[] enqueueRound(OutboxStorage storage, int threads, Duration target, int batch) throws Exception {
        storage.reset();
        try (Outbox outbox = storage.configure(Outbox.builder()).workers(0).build()) {
            AtomicInteger next = new AtomicInteger();
            ExecutorService senders = Executors.newFixedThreadPool(threads);
            try {
                long deadline = System.nanoTime() + target.toNanos();
                CountDownLatch start = new CountDownLatch(1);
                List<Future<?>> tasks = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    tasks.add(senders.submit(() -> {
                        start.await();
                        if (batch > 0) {
                            for (int seq = next.getAndIncrement(); seq < batch; seq = next.getAndIncrement()) {
                                outbox.send(MailoverContenders.email(seq));
                            }
                        } else {
                            while (System.nanoTime() < deadline) {
                                outbox.send(MailoverContenders.email(next.getAndIncrement()));
                            }
                        }
                        return null;
                    }));
                }
                long cpu0 = cpuNanos(storage);
                long server0 = storage.serverCpu().toNanos();
                long began = System.nanoTime();
                start.countDown();
                for (Future<?> task : tasks) {
                    task.get();
                }
                long wall = System.nanoTime() - began;
                int stored = batch > 0 ? batch : next.get();
                return new long[] {stored, wall, cpuNanos(storage) - cpu0, storage.serverCpu().toNanos() - server0};
            } finally {
                senders.shutdownNow();
            }
        }
    }

    /**
     * A backlog that the direct send works through in about three times the target time: long enough that the
     * connections' set-up and the last, partly filled batches are a small part of what is measured.
     */
    private static int calibrate(BenchOptions options, int threads, Duration target, BenchReport report) throws Exception {
        long[] probe = direct(options, threads, 1000, report);
        double rate = probe[0] / (probe[1] / 1e9);
        return (int) Math.max(2000, Math.min(100_000, 3 * rate * target.toNanos() / 1e9));
    }

    /** The same SmtpMailer, called from {@code threads} threads, {@code messages} times; {messages, wall, CPU, 0, JIT ms}. */
    private static long[] direct(BenchOptions options, int threads, int messages, BenchReport report) throws Exception {
        SmtpMailer mailer = MailoverContenders.smtpMailer(options.smtpHost, options.smtpPort, threads, Duration.ofSeconds(10));
        try (ThreadedContender contender = new ThreadedContender("direct", threads,
                () -> sequence -> mailer.send(MailoverContenders.email(sequence)), mailer)) {
            long jit0 = ThroughputBench.jitMillis();
            long cpu0 = OS.getProcessCpuTime();
            long wall = contender.run(messages).toNanos();
            long cpu = OS.getProcessCpuTime() - cpu0;
            report.smtpSent += messages;
            return new long[] {messages, wall, cpu, 0, ThroughputBench.jitMillis() - jit0};
        }
    }

    /** Stores a backlog (not timed), then times an Outbox relaying all of it; {messages, wall, CPU, server CPU, JIT ms}. */
    private static long[] relayRound(BenchOptions options, OutboxStorage storage, int workers, int backlog,
                                     BenchReport report) throws Exception {
        storage.reset();
        try (Outbox enqueueOnly = storage.configure(Outbox.builder()).workers(0).build()) {
            for (int i = 0; i < backlog; i++) {
                enqueueOnly.send(MailoverContenders.email(i));
            }
        }
        CountDownLatch done = new CountDownLatch(backlog);
        AtomicInteger failed = new AtomicInteger();
        OutboxListener counter = new OutboxListener() {
            @Override
            public void onSent(OutboxEntry entry) {
                done.countDown();
            }

            @Override
            public void onFailed(OutboxEntry entry) {
                failed.incrementAndGet();
                done.countDown();
            }
        };
        SmtpMailer smtp = MailoverContenders.smtpMailer(options.smtpHost, options.smtpPort, workers, Duration.ofSeconds(10));
        // A backlog smaller than a batch per worker (the smoke test's) keeps some workers idle: wait for the others.
        StartGate mailer = new StartGate(smtp, Math.min(workers, (backlog + RELAY_BATCH - 1) / RELAY_BATCH));
        try (Outbox outbox = storage.configure(Outbox.builder()).mailer(mailer).workers(workers).listener(counter).build()) {
            // The relay's start (opening the storage, starting its threads, the first claims) is not timed: every
            // worker holds its first send at the gate until the clock starts.
            mailer.awaitWorkers();
            long jit0 = ThroughputBench.jitMillis();
            long cpu0 = cpuNanos(storage);
            long server0 = storage.serverCpu().toNanos();
            long began = System.nanoTime();
            mailer.open();
            if (!done.await(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the relay did not finish: " + outbox.counts());
            }
            long wall = System.nanoTime() - began;
            long cpu = cpuNanos(storage) - cpu0;
            long server = storage.serverCpu().toNanos() - server0;
            if (failed.get() > 0) {
                throw new IllegalStateException(failed.get() + " entries failed: " + outbox.list(
                        dev.mailover.outbox.OutboxStatus.FAILED, 3));
            }
            report.smtpSent += backlog;
            return new long[] {backlog, wall, cpu, server, ThroughputBench.jitMillis() - jit0};
        }
    }

    /** Untimed relay rounds (each with its direct send) before a storage's timed ones. */
    private static final int RELAY_WARM_UPS = 2;

    /** How many due entries a relay worker's first claim takes (README: "A worker claims 8 due entries at first"). */
    private static final int RELAY_BATCH = 8;

    /**
     * The relay's mailer in a relay round: holds every send until {@link #open()}, so that the round is timed from
     * the moment each worker has claimed its first batch and is ready to send it.
     */
    private static final class StartGate implements Mailer {
        private final Mailer delegate;
        private final CountDownLatch waiting;
        private final CountDownLatch gate = new CountDownLatch(1);

        StartGate(Mailer delegate, int workers) {
            this.delegate = delegate;
            this.waiting = new CountDownLatch(workers);
        }

        /** Waits until as many sends as there are workers holding a batch wait at the gate. */
        void awaitWorkers() throws InterruptedException {
            if (!waiting.await(1, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the relay's workers did not start sending within a minute");
            }
        }

        void open() {
            gate.countDown();
        }

        @Override
        public SendResult send(Email email) {
            if (gate.getCount() > 0) {
                waiting.countDown();
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted at the start gate", e);
                }
            }
            return delegate.send(email);
        }

        @Override
        public HealthCheck check() {
            return delegate.check();
        }

        @Override
        public String name() {
            return delegate.name();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    /** For a database in another process: how much of the CPU per email was the server's. */
    private static String serverShare(Row row) {
        double server = row.serverMicros.median();
        return server > 0 ? String.format(" (server's CPU %.0f µs of it)", server) : "";
    }

    private static long cpuNanos(OutboxStorage storage) {
        return OS.getProcessCpuTime() + storage.serverCpu().toNanos();
    }
}
