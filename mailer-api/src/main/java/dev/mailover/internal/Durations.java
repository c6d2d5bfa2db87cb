package dev.mailover.internal;

import java.time.Duration;

/** Durations written for people, the same way in every hint and report: {@code 250 ms}, {@code 10 s}, {@code 2 min}. Not API. */
public final class Durations {

    private Durations() {
    }

    /** For example {@code 250 ms}, {@code 1.5 s}, {@code 10 s}, {@code 2 min}, {@code 1 h}. */
    public static String human(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + " h";
        }
        if (ms % 60_000 == 0 && ms >= 120_000) {
            return ms / 60_000 + " min";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + " s";
        }
        return ms < 10_000 ? String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0) : ms / 1000 + " s";
    }
}
