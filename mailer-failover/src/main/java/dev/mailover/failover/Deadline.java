package dev.mailover.failover;

import dev.mailover.internal.TimeLimit;
import java.time.Duration;

/**
 * The one time budget of a send, shared by every attempt on every transport, and how it is split
 * between them: a {@link TimeLimit} (so "time left" means what it means for every transport: zero
 * below a millisecond), plus the failover's share for each attempt. Immutable; one per send.
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

    private final TimeLimit limit;

    private Deadline(TimeLimit limit) {
        this.limit = limit;
    }

    static Deadline start(Duration budget) {
        return new Deadline(TimeLimit.of(budget));
    }

    Duration budget() {
        return limit.limit();
    }

    Duration elapsed() {
        return limit.elapsed();
    }

    /** The time left: never negative, and zero once less than a millisecond is left. */
    Duration remaining() {
        return limit.remaining();
    }

    boolean spent() {
        return limit.expired();
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
        Duration attempt = afterReserve.compareTo(share) > 0 ? afterReserve : share;
        return attempt.compareTo(MIN_USEFUL) < 0 ? MIN_USEFUL : attempt;
    }
}
