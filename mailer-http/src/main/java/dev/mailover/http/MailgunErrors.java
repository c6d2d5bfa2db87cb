package dev.mailover.http;

import dev.mailover.FailureKind;
import java.time.Clock;
import java.util.List;

/**
 * Mailgun's error shapes: {@code {"message": …}} JSON for most errors, a plain-text
 * {@code Forbidden} for a 401, and a 404 without JSON for a wrong URL or domain.
 */
final class MailgunErrors {

    static final List<ErrorRule> RULES = List.of(
            ErrorRule.of("401 key refused or wrong region", ErrorRule.status(401), FailureKind.AUTHENTICATION_FAILED,
                    "Mailgun refused the API key, or the domain lives in the other region: a domain created in the EU"
                            + " needs region EU (api.eu.mailgun.net). Check the key, the domain and the region."),
            ErrorRule.of("403 domain may not send", ErrorRule.status(403), FailureKind.SENDER_REJECTED,
                    "Mailgun does not let this domain send: it is unverified or disabled, or it is a sandbox domain and"
                            + " the recipient is not authorized. Verify the domain in Mailgun."),
            ErrorRule.of("404 unknown domain or URL", ErrorRule.status(404), FailureKind.INVALID_CONFIGURATION,
                    "Mailgun does not know this domain at this endpoint: check the domain name, the region (US or EU)"
                            + " and the base URL."),
            ErrorRule.of("413 too large", ErrorRule.status(413), FailureKind.MESSAGE_REJECTED,
                    "The email exceeds Mailgun's 25 MB limit; send smaller attachments or link to them."),
            ErrorRule.of("429 rate limited", ErrorRule.status(429), FailureKind.RATE_LIMITED,
                    "Mailgun is rate limiting this account or domain; wait and retry, or raise the sending limit."));

    private MailgunErrors() {
    }

    static ErrorClassifier classifier(String transport, Clock clock) {
        return new ErrorClassifier(transport, RULES, MailgunErrors::detail, clock);
    }

    /** The JSON {@code message}; empty (so the plain body is used) when there is none. */
    static String detail(ApiResponse r) {
        return r.json().path("message").asText("");
    }
}
