package dev.mailover.internal;

import java.time.Duration;

/**
 * The one way Mailover computes a time budget: a point by which an operation must finish, started
 * from a limit, or none. Every transport and the failover layer use it, so "how much time is left"
 * means the same everywhere: never negative, and zero once less than a millisecond is left (transports
 * work in whole milliseconds, and some read a zero timeout as "wait forever"). Immutable; not API.
 */
public final class TimeLimit {

    private static final TimeLimit NONE = new TimeLimit(0, null);
    /** Limits beyond a century count as a century, so adding them to a clock never overflows. */
    private static final Duration LONGEST = Duration.ofDays(36_500);
    private static final long MIN_USEFUL_NANOS = 1_000_000;

    private final long startNanos;
    private final Duration limit;

    private TimeLimit(long startNanos, Duration limit) {
        this.startNanos = startNanos;
        this.limit = limit;
    }

    /** No limit: {@link #remaining()} is very long and nothing expires. */
    public static TimeLimit none() {
        return NONE;
    }

    /** A limit starting now. A negative limit is spent at once. */
    public static TimeLimit of(Duration limit) {
        Duration bounded = limit.compareTo(LONGEST) > 0 ? LONGEST : limit.isNegative() ? Duration.ZERO : limit;
        return new TimeLimit(System.nanoTime(), bounded);
    }

    /** A limit starting now, or none when {@code limit} is null. */
    public static TimeLimit ofNullable(Duration limit) {
        return limit == null ? NONE : of(limit);
    }

    /** True when a limit was given. */
    public boolean isSet() {
        return limit != null;
    }

    /** The limit this was made from; null when none. */
    public Duration limit() {
        return limit;
    }

    /** Time since the start; zero when there is no limit. */
    public Duration elapsed() {
        return limit == null ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /** The time left: never negative, zero below one millisecond, and very long when there is no limit. */
    public Duration remaining() {
        if (limit == null) {
            return LONGEST;
        }
        long left = limit.toNanos() - (System.nanoTime() - startNanos);
        return left < MIN_USEFUL_NANOS ? Duration.ZERO : Duration.ofNanos(left);
    }

    /** True when a limit was given and less than a millisecond of it is left. */
    public boolean expired() {
        return limit != null && remaining().isZero();
    }

    /**
     * The configured timeout, or the time left when that is shorter, and at least one millisecond: the
     * value to give a socket or a call so that it ends by the limit.
     */
    public Duration cap(Duration configured) {
        Duration left = remaining();
        Duration d = left.compareTo(configured) < 0 ? left : configured;
        return d.toMillis() < 1 ? Duration.ofMillis(1) : d;
    }
}
