package dev.mailover.http;

import dev.mailover.FailureKind;
import dev.mailover.internal.ProviderAnswers;
import dev.mailover.internal.RetryAfter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Mailgun's error shapes: {@code {"message": …}} JSON for most errors, a plain-text
 * {@code Forbidden} for a 401, a 404 without JSON for a wrong URL or domain, and a 420 when a
 * sending limit is reached, whose message says when to try again.
 */
final class MailgunErrors {

    static final List<ErrorRule> RULES = List.of(
            // 420 {"message":"Domain mg.example.com is not allowed to send: recipient limit exceeded, try again after …"}
            ErrorRule.of("420 or a sending limit exceeded", ErrorRule.status(420).or(ErrorRule.statusBetween(400, 499)
                            .and(ErrorRule.bodySays("limit exceeded", "quota"))), FailureKind.RATE_LIMITED,
                    ProviderAnswers.quotaHint("Mailgun", "the domain's sending or recipient limit of the plan, or of a new"
                            + " domain's warm-up")),
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

    /** Mailgun's limit answers say when to come back: {@code try again after Mon, 25 Aug 2025 07:00:31 UTC}. */
    private static final Pattern TRY_AGAIN = Pattern.compile("try again after ([A-Za-z]{3}, \\d{1,2} [A-Za-z]{3} \\d{4}"
            + " \\d{2}:\\d{2}:\\d{2} (?:UTC|GMT))");

    static ErrorClassifier classifier(String transport, Clock clock) {
        return new ErrorClassifier(transport, RULES, MailgunErrors::detail, MailgunErrors::retryAfter, clock);
    }

    /** The wait that a limit answer names in its message, from {@code now}. */
    static Optional<Duration> retryAfter(ApiResponse r, Instant now) {
        Matcher m = TRY_AGAIN.matcher(detail(r));
        return m.find() ? RetryAfter.parse(m.group(1), now) : Optional.empty();
    }

    /** The JSON {@code message}; empty (so the plain body is used) when there is none. */
    static String detail(ApiResponse r) {
        return r.json().path("message").asText("");
    }
}
