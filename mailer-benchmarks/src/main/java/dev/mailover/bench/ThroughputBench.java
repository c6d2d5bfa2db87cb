package dev.mailover.bench;

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

    /**
     * @param only keep only contenders whose label contains one of these comma-separated texts (for profiling);
     *             empty keeps all
     */
    ThroughputBench(String measure, String only) {
        this.measure = measure;
        this.only = only;
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
        for (Entry entry : entries) {
            try (Contender contender = entry.opener.open()) {
                if (fixedBatch > 0) {
                    entry.batch = fixedBatch;
                    contender.run(fixedBatch);
                    entry.sent += fixedBatch;
                    continue;
                }
                // Warm the JIT up for about twice the target time; the fastest chunk sets the batch of a
                // contender that cannot run for a given time (smtp-source).
                double best = 0;
                int chunk = 100;
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
        }
        for (int round = 0; round < repetitions; round++) {
            Map<Entry, Double> rates = new LinkedHashMap<>();
            Map<Entry, Double> cpu = new LinkedHashMap<>();
            for (int i = 0; i < entries.size(); i++) {
                Entry entry = entries.get((i + round) % entries.size());
                try (Contender contender = entry.opener.open()) {
                    double rate;
                    if (fixedBatch > 0) {
                        int warmup = Math.max(1, fixedBatch / 10);
                        contender.run(warmup);
                        rate = fixedBatch / seconds(contender.run(fixedBatch));
                        entry.sent += warmup + fixedBatch;
                    } else if (contender instanceof ThreadedContender threaded) {
                        entry.sent += threaded.runFor(target.dividedBy(5))[0];
                        long[] countAndNanos = threaded.runFor(target);
                        rate = countAndNanos[0] / (countAndNanos[1] / 1e9);
                        double micros = countAndNanos[2] / 1e3 / Math.max(1, countAndNanos[0]);
                        cpu.put(entry, micros);
                        entry.cpuMicros.add(micros);
                        entry.sent += countAndNanos[0];
                        entry.counted += countAndNanos[0];
                    } else {
                        rate = entry.batch / seconds(contender.run(entry.batch));
                        entry.counted += entry.batch;
                    }
                    rates.put(entry, rate);
                    entry.rates.add(rate);
                }
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

    private Entry baselineFor(Entry entry) {
        for (Entry candidate : entries) {
            if (candidate.baseline && candidate.threads == entry.threads) {
                return candidate;
            }
        }
        return null;
    }

    void report(ResultTable table, String baselineName) {
        for (Entry entry : entries) {
            table.row(measure, entry.label, Integer.toString(entry.threads),
                    String.format("%.0f msg/s", entry.rates.median()),
                    entry.ratios.isEmpty() ? "n/a" : String.format("%.2f", entry.ratios.median()),
                    String.format("%.0f–%.0f", entry.rates.min(), entry.rates.max()),
                    entry.cpuMicros.isEmpty() ? "–" : String.format("%.0f µs", entry.cpuMicros.median()),
                    entry.cpuRatios.isEmpty() ? "–" : String.format("%.2f", entry.cpuRatios.median()),
                    entry.rates.size() + " rounds, " + entry.counted + " msgs");
        }
        table.note(measure + ": ratio = contender msg/s ÷ " + baselineName
                + " msg/s with the same thread count, per round; median of rounds. Each round sends for "
                + "the target time after a short warm-up. CPU/msg = CPU time of the sending threads per message "
                + "(server and background threads excluded; less disturbed by a loaded machine than msg/s); "
                + "CPU ratio = contender ÷ " + baselineName + " (above 1: the contender needs more CPU).");
    }

    private static double seconds(Duration duration) {
        return Math.max(1e-9, duration.toNanos() / 1e9);
    }
}
