package dev.mailover.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mailover.FailureKind;
import dev.mailover.internal.ProviderAnswers;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * SendGrid's error shapes, {@code {"errors":[{"message","field","help"}]}}, as classifier rules.
 * The order matters: used-up credits are a quota, whatever the status (SendGrid answers 401); a 403
 * about the {@code from} field is a sender problem; any other 403 is about the key or the account.
 */
final class SendGridErrors {

    static final List<ErrorRule> RULES = List.of(
            // a free plan's daily limit answers 401 {"errors":[{"message":"Maximum credits exceeded"}]}: not a bad key
            ErrorRule.of("credits or quota used up", ErrorRule.statusBetween(400, 499)
                            .and(ErrorRule.bodySays("credits exceeded", "out of credits", "quota")), FailureKind.RATE_LIMITED,
                    ProviderAnswers.quotaHint("SendGrid", "Maximum credits exceeded: the plan's email credits for the day or"
                            + " month are used up")),
            ErrorRule.of("403 from not a verified sender", ErrorRule.status(403).and(field("from")),
                    FailureKind.SENDER_REJECTED,
                    "Verify the from-address as a Sender Identity in SendGrid (single sender verification or domain"
                            + " authentication), or send from an address that is verified."),
            ErrorRule.of("401 key invalid", ErrorRule.status(401), FailureKind.AUTHENTICATION_FAILED,
                    "SendGrid refused the API key: it is invalid, expired or revoked. Create a key with the Mail Send"
                            + " permission and configure it."),
            ErrorRule.of("403 key lacks permission or account blocked", ErrorRule.status(403),
                    FailureKind.AUTHENTICATION_FAILED,
                    "SendGrid refused this key: it lacks the Mail Send permission, or the account is temporarily"
                            + " blocked after repeated bad requests. Check the key's permissions and the account."),
            ErrorRule.of("413 too large", ErrorRule.status(413), FailureKind.MESSAGE_REJECTED,
                    "The email exceeds SendGrid's 30 MB limit; send smaller attachments or link to them."),
            ErrorRule.of("429 too many requests", ErrorRule.status(429), FailureKind.RATE_LIMITED,
                    "SendGrid is rate limiting this key; wait until the rate limit resets (X-RateLimit-Reset) or slow down."));

    private SendGridErrors() {
    }

    static ErrorClassifier classifier(String transport, Clock clock) {
        return new ErrorClassifier(transport, RULES, SendGridErrors::detail, clock);
    }

    /** The errors' messages, each with its field: {@code message (field from); …}. */
    static String detail(ApiResponse r) {
        List<String> parts = new ArrayList<>();
        for (JsonNode e : r.json().path("errors")) {
            String message = e.path("message").asText("");
            String field = e.path("field").isTextual() ? e.path("field").asText() : "";
            parts.add(message + (field.isEmpty() ? "" : " (field " + field + ")"));
        }
        return String.join("; ", parts);
    }

    private static Predicate<ApiResponse> field(String name) {
        return r -> {
            for (JsonNode e : r.json().path("errors")) {
                if (name.equals(e.path("field").asText(null))) {
                    return true;
                }
            }
            return false;
        };
    }
}
