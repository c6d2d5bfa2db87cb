package dev.mailover.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * Durations written for people, the same way in every hint and report: {@code 250 ms}, {@code 10 s},
 * {@code 2 min}; and a timeout setting of a builder checked the same way everywhere. Not API.
 */
public final class Durations {

    private Durations() {
    }

    /**
     * A timeout or limit given to a builder, checked: it must be positive.
     *
     * @param field the setting's name, for the message
     * @return {@code d}
     * @throws NullPointerException     naming {@code field} when {@code d} is null
     * @throws IllegalArgumentException naming {@code field} when {@code d} is zero or negative
     */
    public static Duration positive(String field, Duration d) {
        Objects.requireNonNull(d, field);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(field + ": must be positive, was " + d);
        }
        return d;
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
