package dev.mailover.internal;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One classification rule over an observation of a failure ({@code O}: an SMTP reply and its phase,
 * an HTTP response, an SDK exception): when it matches, the failure has this reason. A classifier is
 * an ordered list of rules and the first match wins, so each rule reads on its own and the order is
 * the policy. Not API.
 *
 * @param name   what the rule recognises, for readers, logs and test names
 * @param when   the condition on the observation
 * @param reason the reason, usually constant, sometimes depending on the observation
 * @param <O>    what the rule looks at
 * @param <R>    the transport's reason enum
 */
public record Rule<O, R extends Reason>(String name, Predicate<? super O> when, Function<? super O, ? extends R> reason) {

    /** A rule with a constant reason. */
    public static <O, R extends Reason> Rule<O, R> of(String name, Predicate<? super O> when, R reason) {
        return new Rule<>(name, when, o -> reason);
    }

    /** The first rule of {@code rules} that matches {@code observation}. */
    public static <O, R extends Reason> Optional<Rule<O, R>> first(List<Rule<O, R>> rules, O observation) {
        for (Rule<O, R> rule : rules) {
            if (rule.when().test(observation)) {
                return Optional.of(rule);
            }
        }
        return Optional.empty();
    }

    /** The reason this rule gives {@code observation}. */
    public R reasonFor(O observation) {
        return reason.apply(observation);
    }
}
