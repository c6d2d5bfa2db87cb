package dev.mailover.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mailover.FailureKind;
import dev.mailover.internal.ProviderAnswers;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Postmark's error shapes: {@code {"ErrorCode": N, "Message": …}} (usually with HTTP 422, sometimes
 * inside a 200), decided by the ErrorCode table first (a message about used-up credits is a quota,
 * whatever its code), then by HTTP status. A 403 with an HTML body
 * comes from Postmark's network edge, not from the API.
 */
final class PostmarkErrors {

    private static final String ACCOUNT_HINT = "The Postmark account may not send right now (out of credits, pending"
            + " approval or restricted); check the account in Postmark.";

    static final List<ErrorRule> RULES = List.of(
            ErrorRule.of("credits or quota used up", r -> errorCodeOtherThanZero(r)
                            && ErrorRule.bodySays("credits", "quota").test(r), FailureKind.RATE_LIMITED,
                    ProviderAnswers.quotaHint("Postmark", "the account's email credits are used up")),
            ErrorRule.of("ErrorCode 10: bad or missing token", errorCode(10), FailureKind.AUTHENTICATION_FAILED,
                    "Postmark refused the server token: use the Server API token of the server that sends (not the"
                            + " account token), from the server's API Tokens tab."),
            ErrorRule.of("ErrorCode 100: maintenance", errorCode(100), FailureKind.SERVICE_UNAVAILABLE,
                    "Postmark is down for maintenance; retry later or use another transport."),
            ErrorRule.of("ErrorCode 300: invalid email request", errorCode(300), FailureKind.MESSAGE_REJECTED,
                    "Postmark refused the email as invalid; the detail says which field."),
            ErrorRule.of("ErrorCode 400/401: sender signature", errorCode(400, 401), FailureKind.SENDER_REJECTED,
                    "The from-address has no confirmed Sender Signature in Postmark: add and confirm it, or verify its domain."),
            ErrorRule.of("ErrorCode 402/403/409: JSON problem", errorCode(402, 403, 409), FailureKind.MESSAGE_REJECTED,
                    "Postmark could not read the request; please report this, it is a bug in the transport."),
            ErrorRule.of("ErrorCode 405/412/413: account may not send", errorCode(405, 412, 413),
                    FailureKind.SENDER_REJECTED, ACCOUNT_HINT),
            ErrorRule.of("ErrorCode 406: inactive recipient", errorCode(406), FailureKind.RECIPIENT_REJECTED,
                    "The recipient is inactive in Postmark after a hard bounce or spam complaint; reactivate it in"
                            + " Postmark's suppressions only if the address is good again."),
            ErrorRule.of("ErrorCode 411: forbidden attachment type", errorCode(411), FailureKind.MESSAGE_REJECTED,
                    "Postmark forbids this attachment type; send a different file type or a link."),
            ErrorRule.of("ErrorCode 429: rate limit", errorCode(429), FailureKind.RATE_LIMITED,
                    "Postmark is rate limiting this server; slow down and retry later."),
            ErrorRule.of("403 HTML from the network edge", ErrorRule.status(403).and(ApiResponse::html),
                    FailureKind.SERVICE_UNAVAILABLE,
                    "Postmark's network edge refused the request before the API saw it (a firewall or proxy rule); retry"
                            + " later, and check for a proxy between this host and Postmark."),
            ErrorRule.of("401 token", ErrorRule.status(401), FailureKind.AUTHENTICATION_FAILED,
                    "Postmark refused the server token: check that it is the Server API token of the sending server."),
            ErrorRule.of("413 too large", ErrorRule.status(413), FailureKind.MESSAGE_REJECTED,
                    "The email exceeds Postmark's 10 MB limit; send smaller attachments or link to them."));

    private PostmarkErrors() {
    }

    static ErrorClassifier classifier(String transport, Clock clock) {
        return new ErrorClassifier(transport, RULES, PostmarkErrors::detail, clock);
    }

    /** {@code ErrorCode N: Message}, or empty when the body is not Postmark's error shape. */
    static String detail(ApiResponse r) {
        JsonNode json = r.json();
        if (!json.has("ErrorCode")) {
            return "";
        }
        return "ErrorCode " + json.path("ErrorCode").asInt() + ": " + json.path("Message").asText("").strip().replaceAll("\\s+", " ");
    }

    /** The addresses in Postmark's "Found inactive addresses: a@b, c@d." sentence. */
    static List<String> inactiveRecipients(ApiResponse r) {
        String message = r.json().path("Message").asText("");
        List<String> found = new ArrayList<>();
        int at = message.indexOf("Found inactive addresses:");
        if (at < 0) {
            return found;
        }
        String rest = message.substring(at + "Found inactive addresses:".length());
        int end = rest.indexOf('\n');
        rest = end < 0 ? rest : rest.substring(0, end);
        int sentence = rest.indexOf(". ");
        rest = sentence < 0 ? rest : rest.substring(0, sentence);
        for (String part : rest.split(",")) {
            String a = part.strip();
            a = a.endsWith(".") ? a.substring(0, a.length() - 1) : a;
            if (a.indexOf('@') > 0) {
                found.add(a);
            }
        }
        return found;
    }

    private static boolean errorCodeOtherThanZero(ApiResponse r) {
        return r.json().path("ErrorCode").isNumber() && r.json().path("ErrorCode").asInt() != 0;
    }

    private static Predicate<ApiResponse> errorCode(int... codes) {
        return r -> {
            JsonNode code = r.json().path("ErrorCode");
            if (!code.isNumber()) {
                return false;
            }
            for (int c : codes) {
                if (code.asInt() == c) {
                    return true;
                }
            }
            return false;
        };
    }
}
