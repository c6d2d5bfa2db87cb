package dev.mailover.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Measures messages per second for a set of contenders. Each contender is calibrated once (so a timed batch
 * lasts about {@code targetSeconds}), then measured in {@code repetitions} rounds. Every round opens each
 * contender afresh, in a rotated order so that drift on a shared machine spreads evenly, warms it up and times
 * one batch. Ratios are taken within a round against the baseline with the same thread count, then the median
 * over rounds is reported.
 */
final class ThroughputBench {

    /** Opens a fresh contender. */
    interface Opener {
        Contender open() throws Exception;
    }

    /** The server the contenders send to: a process on this machine, apart from the client. */
    interface Server {
        /** How many messages the server has received so far, counted by the server itself. */
        long received() throws Exception;

        /**
         * The CPU time the server's process has used so far, or null when this harness cannot read it. It is not
         * part of the client's CPU/msg; it tells whether the client's waiting is the server's work (no stall).
         */
        default Duration cpu() {
            return null;
        }
    }

    /** One row of the comparison. */
    static final class Entry {
        final String label;
        final int threads;
        final boolean baseline;
        final Opener opener;
        final Samples rates = new Samples();
        final Samples ratios = new Samples();
        final Samples cpuMicros = new Samples();
        final Samples cpuRatios = new Samples();
        /** Wall time per message ÷ CPU time per message, one thread only: far above 1 means waiting, a stall. */
        final Samples wallPerCpu = new Samples();
        /** The server's CPU time per message, when it can be read. */
        final Samples serverCpuMicros = new Samples();
        /** Wall time per message ÷ (client + server CPU time per message), one thread only. */
        final Samples wallPerAllCpu = new Samples();
        /** Milliseconds the JIT compiled during a timed batch: near 0 once the code is warm. */
        final Samples jitMillis = new Samples();
        /** Of the CPU time per message, the part of the Java threads other than the senders (a library's own). */
        final Samples otherThreadsMicros = new Samples();
        int batch;
        /** Every message sent, warm-ups included (the smoke test checks the servers got them all). */
        long sent;
        /** Messages in timed batches only. */
        long counted;

        Entry(String label, int threads, boolean baseline, Opener opener) {
            this.label = label;
            this.threads = threads;
            this.baseline = baseline;
            this.opener = opener;
        }
    }

    private final String measure;
    private final List<Entry> entries = new ArrayList<>();

    private final String only;
    private final Server server;
    private long expected;

    /**
     * @param only   keep only contenders whose label contains one of these comma-separated texts (for profiling);
     *               empty keeps all
     * @param server the server, whose own count of messages received is checked after every contender's round
     *               and whose CPU time is read around every timed batch; null when the server cannot count
     */
    ThroughputBench(String measure, String only, Server server) {
        this.measure = measure;
        this.only = only;
        this.server = server;
    }

    ThroughputBench add(String label, int threads, boolean baseline, Opener opener) {
        if (only.isEmpty() || java.util.Arrays.stream(only.split(",")).anyMatch(label::contains)) {
            entries.add(new Entry(label, threads, baseline, opener));
        }
        return this;
    }

    List<Entry> entries() {
        return entries;
    }

    /**
     * @param fixedBatch when positive, every timed batch has exactly this many messages (no calibration)
     */
    void run(int repetitions, double targetSeconds, int fixedBatch, Log log) throws Exception {
        Duration target = Duration.ofNanos((long) (targetSeconds * 1e9));
        if (server != null) {
            expected = server.received();
        }
        for (Entry entry : entries) {
            long sentBefore = entry.sent;
            try (Contender contender = entry.opener.open()) {
                if (fixedBatch > 0) {
                    entry.batch = fixedBatch;
                    contender.run(fixedBatch);
                    entry.sent += fixedBatch;
                } else {
                    calibrate(entry, contender, target, targetSeconds, log);
                }
            }
            checkServer(entry, entry.sent - sentBefore);
        }
        for (int round = 0; round < repetitions; round++) {
            Map<Entry, Double> rates = new LinkedHashMap<>();
            Map<Entry, Double> cpu = new LinkedHashMap<>();
            for (int i = 0; i < entries.size(); i++) {
                Entry entry = entries.get((i + round) % entries.size());
                long sentBefore = entry.sent;
                try (Contender contender = entry.opener.open()) {
                    double rate;
                    Duration serverBefore;
                    long timed;
                    long wallNanos = -1; // of one sending thread's timed batch, with its client CPU time
                    long clientCpuNanos = -1;
                    if (fixedBatch > 0) {
                        int warmup = Math.max(1, fixedBatch / 10);
                        contender.run(warmup);
                        serverBefore = serverCpu();
                        rate = fixedBatch / seconds(contender.run(fixedBatch));
                        entry.sent += warmup + fixedBatch;
                        timed = fixedBatch;
                    } else if (contender instanceof ThreadedContender threaded) {
                        settle(entry, threaded, target);
                        serverBefore = serverCpu();
                        long jitBefore = jitMillis();
                        ThreadedContender.Batch batch = threaded.runFor(target);
                        entry.jitMillis.add(jitMillis() - jitBefore);
                        long messages = Math.max(1, batch.messages());
                        rate = batch.messages() / (batch.wallNanos() / 1e9);
                        double micros = batch.cpuNanos() / 1e3 / messages;
                        cpu.put(entry, micros);
                        entry.cpuMicros.add(micros);
                        entry.otherThreadsMicros.add(batch.otherThreadsCpuNanos() / 1e3 / messages);
                        logOtherThreads(log, entry, batch);
                        if (entry.threads == 1) {
                            wallNanos = batch.wallNanos();
                            clientCpuNanos = Math.max(1, batch.cpuNanos());
                            entry.wallPerCpu.add(wallNanos / (double) clientCpuNanos);
                        }
                        timed = batch.messages();
                        entry.sent += batch.messages();
                        entry.counted += batch.messages();
                    } else {
                        serverBefore = serverCpu();
                        rate = entry.batch / seconds(contender.run(entry.batch));
                        entry.sent += entry.batch;
                        entry.counted += entry.batch;
                        timed = entry.batch;
                    }
                    Duration serverAfter = serverCpu();
                    if (serverBefore != null && serverAfter != null) {
                        long serverNanos = serverAfter.minus(serverBefore).toNanos();
                        entry.serverCpuMicros.add(serverNanos / 1e3 / Math.max(1, timed));
                        if (wallNanos > 0) {
                            entry.wallPerAllCpu.add(wallNanos / (double) (clientCpuNanos + serverNanos));
                        }
                    }
                    rates.put(entry, rate);
                    entry.rates.add(rate);
                }
                checkServer(entry, entry.sent - sentBefore);
            }
            for (Entry entry : entries) {
                Entry base = baselineFor(entry);
                if (base != null && rates.containsKey(base)) {
                    entry.ratios.add(rates.get(entry) / rates.get(base));
                    if (cpu.containsKey(entry) && cpu.containsKey(base)) {
                        entry.cpuRatios.add(cpu.get(entry) / cpu.get(base));
                    }
                }
            }
            log.line("%s: round %d/%d done", measure, round + 1, repetitions);
        }
    }

    /**
     * Warms a freshly opened contender up before its timed batch: first a full collection, so that the previous
     * contender's garbage is not collected (and charged) during this one's batch, then slices of a fifth of the
     * target time until the JIT compiled for less than 2 % of a slice (at most {@link #MAX_SETTLE_SLICES}). Every
     * contender shares this JVM, so one contender's round can deoptimise code the next one runs; without the
     * settling the first rows' CPU per message spread by a factor of 1.8 across rounds.
     */
    private static void settle(Entry entry, ThreadedContender contender, Duration target) throws Exception {
        System.gc();
        Duration slice = target.dividedBy(5);
        for (int i = 0; i < MAX_SETTLE_SLICES; i++) {
            long jitBefore = jitMillis();
            ThreadedContender.Batch batch = contender.runFor(slice);
            entry.sent += batch.messages();
            if ((jitMillis() - jitBefore) * 1_000_000 * 50 < batch.wallNanos()) {
                return;
            }
        }
    }

    private static final int MAX_SETTLE_SLICES = 5;

    /** Logs which other threads used CPU during a timed batch, per message, those at 1 µs/msg or more. */
    private void logOtherThreads(Log log, Entry entry, ThreadedContender.Batch batch) {
        StringBuilder split = new StringBuilder();
        long messages = Math.max(1, batch.messages());
        batch.otherThreads().forEach((name, nanos) -> {
            double micros = nanos / 1e3 / messages;
            if (micros >= 1) {
                split.append(split.length() == 0 ? "" : ", ").append(String.format("%s %.1f", name, micros));
            }
        });
        log.line("%s: %s x%d other threads' CPU, µs/msg: %s", measure, entry.label, entry.threads,
                split.length() == 0 ? "none above 1" : split);
    }

    /** The JIT's total compile time so far, in milliseconds (CompilationMXBean). */
    static long jitMillis() {
        return ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
    }

    /** Warms the contender up for about twice the target time and sets its batch from the fastest chunk. */
    private void calibrate(Entry entry, Contender contender, Duration target, double targetSeconds, Log log)
            throws Exception {
        // Warm the JIT up for about twice the target time; the fastest chunk sets the batch of a
        // contender that cannot run for a given time (smtp-source).
        double best = 0;
        int chunk = 10;
        long warmupEnd = System.nanoTime() + 2 * target.toNanos();
        while (System.nanoTime() < warmupEnd && chunk <= 200_000) {
            Duration elapsed = contender.run(chunk);
            entry.sent += chunk;
            best = Math.max(best, chunk / seconds(elapsed));
            chunk = seconds(elapsed) < targetSeconds / 4 ? chunk * 2 : chunk;
        }
        entry.batch = (int) Math.max(200, Math.min(500_000, best * targetSeconds));
        log.line("%s: %s x%d warm-up best %.0f msg/s", measure, entry.label, entry.threads, best);
    }

    private Duration serverCpu() {
        return server == null ? null : server.cpu();
    }

    /**
     * Waits until the server has counted every message this contender just sent, and fails the run when it
     * counts fewer (a contender that loses messages) or more.
     */
    private void checkServer(Entry entry, long sent) throws Exception {
        if (server == null) {
            return;
        }
        expected += sent;
        long deadline = System.nanoTime() + 10_000_000_000L;
        long received = server.received();
        while (received < expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
            received = server.received();
        }
        if (received != expected) {
            throw new IllegalStateException(measure + ": after " + entry.label + " x" + entry.threads
                    + " the server counted " + received + " messages in all, the harness sent " + expected);
        }
    }

    private Entry baselineFor(Entry entry) {
        for (Entry candidate : entries) {
            if (candidate.baseline && candidate.threads == entry.threads) {
                return candidate;
            }
        }
        return null;
    }

    void report(ResultTable table) {
        for (Entry entry : entries) {
            table.row(measure, entry.label, Integer.toString(entry.threads),
                    String.format("%.0f msg/s", entry.rates.median()),
                    entry.ratios.isEmpty() ? "n/a" : String.format("%.2f", entry.ratios.median()),
                    String.format("%.0f–%.0f", entry.rates.min(), entry.rates.max()),
                    entry.cpuMicros.isEmpty() ? "–" : String.format("%s (%s–%s)", micros(entry.cpuMicros.median()),
                            micros(entry.cpuMicros.min()), micros(entry.cpuMicros.max())),
                    entry.cpuRatios.isEmpty() ? "–" : String.format("%.2f", entry.cpuRatios.median()),
                    entry.wallPerCpu.isEmpty() ? "–" : String.format("%.2f", entry.wallPerCpu.median())
                            + (entry.wallPerAllCpu.isEmpty() ? "" : String.format(" (%.2f)", entry.wallPerAllCpu.median())),
                    entry.rates.size() + " rounds, " + entry.counted + " msgs"
                            + (entry.serverCpuMicros.isEmpty() ? ""
                                    : "; server " + micros(entry.serverCpuMicros.median()) + "/msg")
                            + (entry.jitMillis.isEmpty() ? ""
                                    : String.format("; JIT %.0f ms/round", entry.jitMillis.median()))
                            + (entry.otherThreadsMicros.isEmpty() ? ""
                                    : "; other threads " + micros(entry.otherThreadsMicros.median()) + "/msg"));
        }
    }

    /** What the throughput columns mean, once for every throughput table. */
    static void explain(ResultTable table) {
        table.note("Throughput: ratio = contender msg/s ÷ Mailover's msg/s with the same thread count, per round; "
                + "median of rounds; spread = lowest–highest msg/s of the rounds. Each round opens every contender "
                + "afresh and, after a full collection (so that no contender pays for the previous one's garbage), "
                + "warms it up in slices of a fifth of the target time until the JIT compiles for under 2 % of a "
                + "slice (at most five), then sends for the target time; JIT = the compiler's time during a timed "
                + "batch (CompilationMXBean), median, which says whether the code was warm. CPU/msg = CPU time of "
                + "the whole client process per message "
                + "(getProcessCpuTime: sending threads, library threads, JIT and GC; the servers run in other "
                + "processes), median and lowest–highest of the rounds; other threads = the part of CPU/msg used "
                + "by Java threads other than the sending ones (timers, watchdogs, OkHttp's pool and dispatcher; "
                + "ThreadMXBean), median, split by thread name in the run's log; CPU ratio = contender ÷ Mailover (above 1: "
                + "the contender needs more CPU). time ÷ CPU (1 thread) = wall time per message ÷ CPU time per "
                + "message: near 1 the client is busy all the time; a stall (Nagle, a timer) shows as a large "
                + "value; in brackets, wall time ÷ (client + server CPU time) per message: near 1 the time is the "
                + "two processes' work, one after the other, and nobody waits for a timer. server = the server "
                + "process's own CPU time per message in the timed batch (smtp-sink's, or the SMTP or HTTP stub "
                + "JVM's, read from /proc; 10 ms ticks), not part of CPU/msg. Every round's messages are checked against the "
                + "server's own count.");
    }

    private static String micros(double micros) {
        return micros >= 10_000 ? String.format("%.1f ms", micros / 1000) : String.format("%.0f µs", micros);
    }

    private static double seconds(Duration duration) {
        return Math.max(1e-9, duration.toNanos() / 1e9);
    }
}
