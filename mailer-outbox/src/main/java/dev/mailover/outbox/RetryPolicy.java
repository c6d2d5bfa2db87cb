package dev.mailover.outbox;

import dev.mailover.FailureKind;
import dev.mailover.MailException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.DoubleSupplier;

/**
 * What the relay does after a failed attempt, as an ordered list of rules (the first that matches decides):
 * a refusal that any transport would repeat ends the entry at once; an entry past its maximum age ends; any
 * other failure is retried after an exponential, jittered delay that is never shorter than the server's
 * {@code retryAfter()}, unless that next attempt would come after the maximum age.
 */
final class RetryPolicy {

    /** Kinds that another attempt would meet again: the recipient or the message itself was refused. */
    static final Set<FailureKind> REFUSED_FOR_GOOD = EnumSet.of(FailureKind.RECIPIENT_REJECTED, FailureKind.MESSAGE_REJECTED);
    /** The spread of the delay around its exponential value, so that entries that failed together retry apart. */
    static final double JITTER = 0.2;

    /** The outcome: retry at {@code nextAttemptAt}, or give up (null) with the detail to record. */
    record Decision(Long nextAttemptAt, String detail) {
        boolean givesUp() {
            return nextAttemptAt == null;
        }
    }

    /** The facts a rule looks at. */
    private record Facts(MailException failure, int attempts, long queuedAt, long now, long next) {
    }

    private interface Rule {
        /** The decision, or null when the rule does not apply. */
        Decision apply(Facts f);
    }

    private final Duration first;
    private final Duration cap;
    private final Duration maxAge;
    private final DoubleSupplier random;
    private final List<Rule> rules;

    RetryPolicy(Duration first, Duration cap, Duration maxAge, DoubleSupplier random) {
        this.first = first;
        this.cap = cap;
        this.maxAge = maxAge;
        this.random = random;
        this.rules = List.of(
                f -> REFUSED_FOR_GOOD.contains(f.failure.kind())
                        ? new Decision(null, f.failure.detail()) : null,
                f -> f.now - f.queuedAt >= maxAge.toMillis()
                        ? new Decision(null, "not delivered within " + maxAge + " (maxAge) after " + f.attempts
                                + " attempt(s); the last failure: " + f.failure.detail()) : null,
                f -> f.next - f.queuedAt > maxAge.toMillis()
                        ? new Decision(null, "the next attempt, in " + Duration.ofMillis(f.next - f.now)
                                + ", would come after maxAge (" + maxAge + ") after " + f.attempts
                                + " attempt(s); the last failure: " + f.failure.detail()) : null,
                f -> new Decision(f.next, f.failure.detail()));
    }

    /**
     * Decides after the {@code attempts}-th attempt (counted since the entry was queued at {@code queuedAt})
     * failed with {@code failure} at {@code now}.
     */
    Decision decide(MailException failure, int attempts, long queuedAt, long now) {
        Facts facts = new Facts(failure, attempts, queuedAt, now, now + delay(attempts, failure).toMillis());
        for (Rule rule : rules) {
            Decision d = rule.apply(facts);
            if (d != null) {
                return d;
            }
        }
        throw new AssertionError("the last rule always decides");
    }

    /**
     * The wait before the next attempt: {@code first × 2^(attempts-1)}, spread by ±{@value #JITTER}, at most
     * {@code cap}, and never less than the server's retry-after.
     */
    Duration delay(int attempts, MailException failure) {
        double exponential = first.toMillis() * Math.pow(2, Math.max(0, Math.min(attempts - 1, 40)));
        double jittered = exponential * (1 - JITTER + 2 * JITTER * random.getAsDouble());
        long millis = (long) Math.min(cap.toMillis(), jittered);
        long server = failure.retryAfter().map(Duration::toMillis).orElse(0L);
        return Duration.ofMillis(Math.max(millis, server));
    }
}
