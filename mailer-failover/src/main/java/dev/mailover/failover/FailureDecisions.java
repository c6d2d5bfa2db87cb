package dev.mailover.failover;

import dev.mailover.FailureKind;
import dev.mailover.MailException;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * What a failover send does after a transport failed, as an ordered list of rules: the first rule
 * that matches decides. Each rule reads on its own; the order is the policy.
 */
final class FailureDecisions {

    /** What happens next. */
    enum Action {
        /** End the send now and throw this failure. */
        STOP,
        /** End the send now: the deadline is spent. */
        OUT_OF_TIME,
        /** Wait {@link Situation#retryDelayMillis()} and try the same transport again. */
        RETRY,
        /** Move on to the next transport. */
        FAILOVER
    }

    /** One readable rule: when {@code applies}, do {@code action}, because {@code reason}. */
    record Rule(String reason, Predicate<Situation> applies, Action action) {
    }

    /** A decision and the rule that made it, for logs. */
    record Decision(Action action, String reason) {
    }

    /**
     * The failure being decided on.
     *
     * @param failure       what the transport threw
     * @param policy        what to do when the message may have been delivered
     * @param remaining     the time left of the send's deadline
     * @param attemptBudget the part of it this transport may still use: the time left minus what the
     *                      untried transports are owed (see {@link Deadline#forAttempt(int)})
     * @param othersUntried whether another transport, whose breaker is closed, has not been tried yet
     * @param retry         the transport's retry policy: the delay before another try, or a negative
     *                      number when it allows none. Asked at most once, and only when needed.
     */
    record Situation(MailException failure, AmbiguityPolicy policy, Duration remaining, Duration attemptBudget,
                     boolean othersUntried, LongSupplier retry) {

        private static final long UNASKED = Long.MIN_VALUE;

        Situation {
            LongSupplier asked = retry;
            long[] memo = {UNASKED};
            retry = () -> {
                if (memo[0] == UNASKED) {
                    memo[0] = asked.getAsLong();
                }
                return memo[0];
            };
        }

        long retryDelayMillis() {
            return retry.getAsLong();
        }
    }

    static final List<Rule> RULES = List.of(
            new Rule("the recipient or the message was refused, and another transport would refuse it too",
                    s -> !s.failure().kind().failsOver(), Action.STOP),
            new Rule("the message may have been delivered, and the ambiguity policy is FAIL",
                    s -> s.failure().possiblyDelivered() && s.policy() == AmbiguityPolicy.FAIL, Action.STOP),
            new Rule("the deadline is spent",
                    s -> s.remaining().isZero(), Action.OUT_OF_TIME),
            new Rule("the connection itself failed, which a retry would only repeat, and another transport is untried",
                    s -> s.failure().connectionFailed() && s.othersUntried(), Action.FAILOVER),
            new Rule("the recipient's server deferred the message: a retry now would be deferred again, "
                    + "and another transport may queue it and retry later",
                    s -> s.failure().kind() == FailureKind.RECIPIENT_DEFERRED, Action.FAILOVER),
            new Rule("the failure is retryable and the wait fits in this transport's share of the time left",
                    s -> s.retryDelayMillis() >= 0 && s.retryDelayMillis() < s.attemptBudget().toMillis(), Action.RETRY),
            new Rule("the transport is at fault: try the next one",
                    s -> true, Action.FAILOVER));

    private FailureDecisions() {
    }

    static Decision decide(Situation situation) {
        for (Rule rule : RULES) {
            if (rule.applies().test(situation)) {
                return new Decision(rule.action(), rule.reason());
            }
        }
        throw new AssertionError("the last rule always applies");
    }
}
