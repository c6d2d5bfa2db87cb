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
        int batch;
        long sent;

        Entry(String label, int threads, boolean baseline, Opener opener) {
            this.label = label;
            this.threads = threads;
            this.baseline = baseline;
            this.opener = opener;
        }
    }

    private final String measure;
    private final List<Entry> entries = new ArrayList<>();

    ThroughputBench(String measure) {
        this.measure = measure;
    }

    ThroughputBench add(String label, int threads, boolean baseline, Opener opener) {
        entries.add(new Entry(label, threads, baseline, opener));
        return this;
    }

    List<Entry> entries() {
        return entries;
    }

    /**
     * @param fixedBatch when positive, every timed batch has exactly this many messages (no calibration)
     */
    void run(int repetitions, double targetSeconds, int fixedBatch, Log log) throws Exception {
        for (Entry entry : entries) {
            try (Contender contender = entry.opener.open()) {
                if (fixedBatch > 0) {
                    entry.batch = fixedBatch;
                    contender.run(fixedBatch);
                    entry.sent += fixedBatch;
                    continue;
                }
                // Warm the JIT up and calibrate: chunks that double until a chunk takes a fifth of the target.
                int chunk = 100;
                double rate;
                while (true) {
                    Duration elapsed = contender.run(chunk);
                    entry.sent += chunk;
                    rate = chunk / seconds(elapsed);
                    if (seconds(elapsed) >= targetSeconds / 5 || chunk >= 100_000) {
                        break;
                    }
                    chunk *= 2;
                }
                contender.run(chunk);
                entry.sent += chunk;
                entry.batch = (int) Math.max(200, Math.min(200_000, rate * targetSeconds));
                log.line("%s: %s x%d warm-up %.0f msg/s, batch %d", measure, entry.label, entry.threads, rate,
                        entry.batch);
            }
        }
        for (int round = 0; round < repetitions; round++) {
            Map<Entry, Double> rates = new LinkedHashMap<>();
            for (int i = 0; i < entries.size(); i++) {
                Entry entry = entries.get((i + round) % entries.size());
                try (Contender contender = entry.opener.open()) {
                    int warmup = Math.max(1, Math.min(200, entry.batch / 10));
                    contender.run(warmup);
                    double rate = entry.batch / seconds(contender.run(entry.batch));
                    entry.sent += warmup + entry.batch;
                    rates.put(entry, rate);
                    entry.rates.add(rate);
                }
            }
            for (Entry entry : entries) {
                Entry base = baselineFor(entry);
                if (base != null) {
                    entry.ratios.add(rates.get(entry) / rates.get(base));
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
                    entry.rates.size() + " × " + entry.batch);
        }
        table.note(measure + ": ratio = contender msg/s ÷ " + baselineName
                + " msg/s with the same thread count, per round; median of rounds.");
    }

    private static double seconds(Duration duration) {
        return Math.max(1e-9, duration.toNanos() / 1e9);
    }
}
