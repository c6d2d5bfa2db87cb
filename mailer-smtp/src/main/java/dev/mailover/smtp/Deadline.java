package dev.mailover.smtp;

import java.time.Duration;

/** A point in time by which a send must finish, or none. Immutable. */
final class Deadline {

    private static final Deadline NONE = new Deadline(Long.MAX_VALUE, null);
    private static final Duration LONGEST = Duration.ofDays(36_500);

    private final long nanos;
    private final Duration limit;

    private Deadline(long nanos, Duration limit) {
        this.nanos = nanos;
        this.limit = limit;
    }

    static Deadline none() {
        return NONE;
    }

    /** A deadline {@code limit} from now; a limit beyond a century counts as a century (no overflow). */
    static Deadline after(Duration limit) {
        Duration bounded = limit.compareTo(LONGEST) > 0 ? LONGEST : limit;
        return new Deadline(System.nanoTime() + Math.max(0, bounded.toNanos()), bounded);
    }

    boolean isSet() {
        return limit != null;
    }

    /** The limit this deadline was made from; null when none. */
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
