package dev.mailover.failover;

import java.time.Duration;

/** The one time budget of a send, shared by every attempt on every transport. Not thread-safe; one per send. */
final class Deadline {

    private static final Duration MIN_USEFUL = Duration.ofMillis(1);

    private final Duration budget;
    private final long startNanos;

    private Deadline(Duration budget, long startNanos) {
        this.budget = budget;
        this.startNanos = startNanos;
    }

    static Deadline start(Duration budget) {
        return new Deadline(budget, System.nanoTime());
    }

    Duration budget() {
        return budget;
    }

    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /**
     * The time left; zero once less than a millisecond is left, because transports work in whole
     * milliseconds and some read a zero timeout as "no timeout".
     */
    Duration remaining() {
        Duration left = budget.minus(elapsed());
        return left.compareTo(MIN_USEFUL) < 0 ? Duration.ZERO : left;
    }

    boolean spent() {
        return remaining().isZero();
    }
}
