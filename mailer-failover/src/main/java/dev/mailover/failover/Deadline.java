package dev.mailover.failover;

import java.time.Duration;

/**
 * The one time budget of a send, shared by every attempt on every transport, and how it is split
 * between them. Not thread-safe; one per send.
 */
final class Deadline {

    /**
     * The time kept back for each transport that is still untried when another one makes an attempt:
     * enough for a healthy path to connect and hand over a message (it is SmtpMailer's default connect
     * timeout). An attempt never gets less than an equal share of the time left, so a short deadline
     * is split evenly instead.
     */
    static final Duration RESERVE_PER_UNTRIED = Duration.ofSeconds(10);

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

    /**
     * The time limit of one attempt when {@code untriedAfter} transports are still waiting for their
     * turn: the time left minus {@link #RESERVE_PER_UNTRIED} for each of them, but at least an equal
     * share of the time left ({@code remaining / (untriedAfter + 1)}). With the default 60 s deadline
     * and one untried transport, an attempt may use 50 s; with a 10 s deadline, 5 s. Zero when the
     * deadline is spent.
     */
    Duration forAttempt(int untriedAfter) {
        Duration left = remaining();
        if (untriedAfter <= 0 || left.isZero()) {
            return left;
        }
        Duration share = left.dividedBy(untriedAfter + 1L);
        Duration afterReserve = left.minus(RESERVE_PER_UNTRIED.multipliedBy(untriedAfter));
        Duration limit = afterReserve.compareTo(share) > 0 ? afterReserve : share;
        return limit.compareTo(MIN_USEFUL) < 0 ? MIN_USEFUL : limit;
    }
}
