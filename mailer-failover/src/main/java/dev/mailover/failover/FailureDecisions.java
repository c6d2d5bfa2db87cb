package dev.mailover.failover;

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
     * @param failure   what the transport threw
     * @param policy    what to do when the message may have been delivered
     * @param remaining the time left of the send's deadline
     * @param retry     the transport's retry policy: the delay before another try, or a negative
     *                  number when it allows none. Asked at most once, and only when needed.
     */
    record Situation(MailException failure, AmbiguityPolicy policy, Duration remaining, LongSupplier retry) {

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
                    s -> !s.failure().kind().transportFault(), Action.STOP),
            new Rule("the message may have been delivered, and the ambiguity policy is FAIL",
                    s -> s.failure().possiblyDelivered() && s.policy() == AmbiguityPolicy.FAIL, Action.STOP),
            new Rule("the deadline is spent",
                    s -> s.remaining().isZero(), Action.OUT_OF_TIME),
            new Rule("the failure is retryable and the wait fits in the time left",
                    s -> s.retryDelayMillis() >= 0 && s.retryDelayMillis() < s.remaining().toMillis(), Action.RETRY),
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
