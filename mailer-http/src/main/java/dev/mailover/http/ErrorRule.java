package dev.mailover.http;

import dev.mailover.FailureKind;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One row of an HTTP error classifier: when a response matches, it means this kind, and a person
 * should do what the hint says. Providers list their own rules first and end with {@link #COMMON}.
 *
 * @param name  what the rule recognises, for readers and test names
 * @param when  the condition on the response
 * @param kind  what the failure means
 * @param hint  what to do, possibly using the response
 */
record ErrorRule(String name, Predicate<ApiResponse> when, FailureKind kind, Function<ApiResponse, String> hint) {

    static ErrorRule of(String name, Predicate<ApiResponse> when, FailureKind kind, String hint) {
        return new ErrorRule(name, when, kind, r -> hint);
    }

    static Predicate<ApiResponse> status(int... codes) {
        return r -> {
            for (int c : codes) {
                if (r.status() == c) {
                    return true;
                }
            }
            return false;
        };
    }

    static Predicate<ApiResponse> statusBetween(int from, int to) {
        return r -> r.status() >= from && r.status() <= to;
    }

    /** True when the body contains one of these phrases, ignoring case: for providers that say more in words than in codes. */
    static Predicate<ApiResponse> bodySays(String... phrases) {
        return r -> {
            String body = r.body().toLowerCase(Locale.ROOT);
            for (String p : phrases) {
                if (body.contains(p.toLowerCase(Locale.ROOT))) {
                    return true;
                }
            }
            return false;
        };
    }

    /** The HTTP meaning of a status, for whatever a provider's own rules did not recognise. */
    static final List<ErrorRule> COMMON = List.of(
            new ErrorRule("redirect", statusBetween(300, 399), FailureKind.INVALID_CONFIGURATION,
                    r -> "The base URL answered with a redirect" + location(r) + "; set the base URL to the provider's"
                            + " API endpoint (redirects are not followed, so the key never goes elsewhere)."),
            of("401 unauthorized", status(401), FailureKind.AUTHENTICATION_FAILED,
                    "The provider refused the API key: it is wrong, revoked or expired. Create a new key and configure it."),
            of("403 forbidden", status(403), FailureKind.AUTHENTICATION_FAILED,
                    "The provider refused the request for this key: the key lacks the permission to send, or the account"
                            + " is blocked. Check the key's permissions and the account's state."),
            of("404 or 405: wrong URL", status(404, 405), FailureKind.INVALID_CONFIGURATION,
                    "The provider does not know this URL: check the base URL (and the domain or region, where it applies)."),
            of("408 request timeout", status(408), FailureKind.SERVICE_UNAVAILABLE,
                    "The provider timed out reading the request; retry later."),
            of("413 too large", status(413), FailureKind.MESSAGE_REJECTED,
                    "The message is too large for this provider; send smaller attachments or link to them."),
            of("429 rate limited", status(429), FailureKind.RATE_LIMITED,
                    "The provider is throttling this account; wait for the retry-after period, slow down, or raise the quota."),
            of("5xx service error", statusBetween(500, 599), FailureKind.SERVICE_UNAVAILABLE,
                    "The provider reported a temporary problem; retry later or use another transport."),
            of("other 4xx: invalid request", statusBetween(400, 499), FailureKind.MESSAGE_REJECTED,
                    "The provider refused the request as invalid; the detail says which field. Another provider would"
                            + " likely refuse it too."));

    private static String location(ApiResponse r) {
        String to = r.headers().get("Location");
        return to == null ? "" : " to " + to;
    }
}
