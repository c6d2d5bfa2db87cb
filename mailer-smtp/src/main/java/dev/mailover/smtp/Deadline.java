package dev.mailover.smtp;

import java.time.Duration;

/**
 * A point in time by which a send or check must finish, or none. Either the caller's time limit
 * ({@link #after}), or the bound Mailover puts on a whole conversation when the caller gave none
 * ({@link #bound}), so that a server trickling its replies cannot hold a thread forever. Immutable.
 */
final class Deadline {

    private static final Deadline NONE = new Deadline(Long.MAX_VALUE, null, false);
    private static final Duration LONGEST = Duration.ofDays(36_500);

    private final long nanos;
    private final Duration limit;
    private final boolean callerLimit;

    private Deadline(long nanos, Duration limit, boolean callerLimit) {
        this.nanos = nanos;
        this.limit = limit;
        this.callerLimit = callerLimit;
    }

    static Deadline none() {
        return NONE;
    }

    /** A deadline {@code limit} from now; a limit beyond a century counts as a century (no overflow). */
    static Deadline after(Duration limit) {
        Duration bounded = limit.compareTo(LONGEST) > 0 ? LONGEST : limit;
        return new Deadline(System.nanoTime() + Math.max(0, bounded.toNanos()), bounded, true);
    }

    /** The bound on a whole conversation that has no time limit of the caller's, {@code bound} from now. */
    static Deadline bound(Duration bound) {
        return new Deadline(System.nanoTime() + bound.toNanos(), bound, false);
    }

    boolean isSet() {
        return limit != null;
    }

    /** True when this is the caller's time limit, false for none and for Mailover's own conversation bound. */
    boolean callerLimit() {
        return callerLimit;
    }

    /** The limit or bound this deadline was made from; null when none. */
    Duration limit() {
        return limit;
    }

    /** The time left, never negative; a very long time when there is no deadline. */
    Duration remaining() {
        if (limit == null) {
            return Duration.ofNanos(Long.MAX_VALUE);
        }
        return Duration.ofNanos(Math.max(0, nanos - System.nanoTime()));
    }

    boolean expired() {
        return limit != null && nanos - System.nanoTime() <= 0;
    }

    /** The configured timeout, or the time left when that is shorter; at least one millisecond. */
    Duration cap(Duration configured) {
        Duration left = remaining();
        Duration d = left.compareTo(configured) < 0 ? left : configured;
        return d.toMillis() < 1 ? Duration.ofMillis(1) : d;
    }
}
