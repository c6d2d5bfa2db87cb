package dev.mailover.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Repeated measurements of one figure, summarised by order statistics (robust on a noisy machine). */
final class Samples {
    private final List<Double> values = new ArrayList<>();

    void add(double value) {
        values.add(value);
    }

    int size() {
        return values.size();
    }

    boolean isEmpty() {
        return values.isEmpty();
    }

    double median() {
        return percentile(50);
    }

    double min() {
        return percentile(0);
    }

    double max() {
        return percentile(100);
    }

    /** Nearest-rank percentile: the smallest value with at least {@code p}% of the samples at or below it. */
    double percentile(double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        if (p <= 0) {
            return sorted.get(0);
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.min(sorted.size(), Math.max(1, rank)) - 1);
    }
}
