package dev.mailover.http;

import java.util.Map;
import java.util.Optional;

/**
 * Why a mailer refuses an email before any call: the email is over a provider's limit or holds
 * something the provider's request format cannot carry. The skeleton turns it into a
 * {@link dev.mailover.FailureKind#MESSAGE_REJECTED} failure with the hint from {@link HttpHints}.
 *
 * @param reason what is wrong
 * @param detail what exactly, naming the field and the limit
 * @param values values for the hint beyond the provider's own ({@code maxTagLength})
 */
record Refusal(HttpReason reason, String detail, Map<String, String> values) {

    Refusal {
        values = Map.copyOf(values);
    }

    /** A refusal whose hint needs no values of its own. */
    static Optional<Refusal> of(HttpReason reason, String detail) {
        return Optional.of(new Refusal(reason, detail, Map.of()));
    }
}
