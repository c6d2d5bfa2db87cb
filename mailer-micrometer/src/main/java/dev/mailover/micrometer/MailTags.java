package dev.mailover.micrometer;

import dev.mailover.Attempt;
import dev.mailover.FailureKind;
import java.util.Locale;
import java.util.Optional;

/**
 * The one place that turns Mailover's values into tag values, shared by the meters and the observation, so
 * a dashboard joins them on the same words: lower case, {@code none} for an absent kind. Every value comes
 * from a small, fixed vocabulary or a transport's configured name: never a recipient, a subject, a
 * Message-ID or a secret.
 */
final class MailTags {

    static final String TRANSPORT = "transport";
    static final String OUTCOME = "outcome";
    static final String KIND = "kind";
    static final String NONE = "none";

    private MailTags() {
    }

    /** {@code delivered}, {@code failed} or {@code skipped}. */
    static String outcome(Attempt.Outcome outcome) {
        return lower(outcome.name());
    }

    /** The kind in lower case ({@code connection_timeout}), or {@code none}. */
    static String kind(Optional<FailureKind> kind) {
        return kind.map(MailTags::kind).orElse(NONE);
    }

    /** The kind in lower case, for example {@code connection_timeout}. */
    static String kind(FailureKind kind) {
        return lower(kind.name());
    }

    /** A breaker state as Resilience4j's own metrics write it: {@code closed}, {@code half_open}, … */
    static String state(String state) {
        return lower(state);
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
