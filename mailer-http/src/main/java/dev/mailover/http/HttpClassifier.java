package dev.mailover.http;

import static dev.mailover.http.HttpReason.*;

import dev.mailover.FailureKind;
import dev.mailover.internal.Classification;
import dev.mailover.internal.Rule;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what an HTTP provider's answer means for one mailer, as a {@link Classification}: the
 * {@link HttpReason} (from the provider's rules, then the common meaning of the status below, the
 * first match winning), what the provider said (its error shape's detail, else the start of the
 * body), the hint from {@link HttpHints}, the status, the retry-after ({@link RetryAfterHeaders}, then
 * the provider's words) and whether the message may have been delivered (the reason says). It
 * classifies 2xx answers without the provider's success shape and refusals before the call the same
 * way. An answer no rule recognises is {@link HttpReason#UNCLASSIFIED} and logged, because each one is
 * a gap to close. Thread-safe.
 */
final class HttpClassifier {

    /** The common HTTP meaning of a status, for whatever a provider's own rules did not recognise. */
    static final List<Rule<ApiResponse, HttpReason>> COMMON = List.of(
            Rule.of("redirect", r -> r.statusBetween(300, 399), REDIRECT),
            Rule.of("401 unauthorized", r -> r.statusIs(401), KEY_REFUSED),
            Rule.of("403 forbidden", r -> r.statusIs(403), KEY_NOT_PERMITTED),
            Rule.of("404 or 405: wrong URL", r -> r.statusIs(404, 405), WRONG_URL),
            Rule.of("408 request timeout", r -> r.statusIs(408), REQUEST_TIMEOUT),
            Rule.of("413 too large", r -> r.statusIs(413), TOO_LARGE),
            Rule.of("429 rate limited", r -> r.statusIs(429), THROTTLED),
            Rule.of("504 gateway timeout", r -> r.statusIs(504), GATEWAY_TIMEOUT),
            Rule.of("5xx service error", r -> r.statusBetween(500, 599), SERVICE_ERROR),
            Rule.of("other 4xx: invalid request", r -> r.statusBetween(400, 499), INVALID_REQUEST));

    private static final Logger LOG = LoggerFactory.getLogger(HttpClassifier.class);
    private static final int DETAIL_LIMIT = 500;
    private static final int EXCERPT = 200;
    private static final Pattern TITLE = Pattern.compile("<title[^>]*>([^<]{1,200})</title>", Pattern.CASE_INSENSITIVE);

    private final String transport;
    private final HttpApi api;
    private final List<Rule<ApiResponse, HttpReason>> rules;
    private final Map<String, String> values;
    private final Clock clock;

    HttpClassifier(String transport, HttpApi api, Clock clock) {
        this.transport = transport;
        this.api = api;
        List<Rule<ApiResponse, HttpReason>> all = new ArrayList<>(api.rules());
        all.addAll(COMMON);
        this.rules = List.copyOf(all);
        Map<String, String> v = new HashMap<>(api.limits().hintValues());
        v.put("idName", api.success().idName());
        this.values = Map.copyOf(v);
        this.clock = clock;
    }

    /** What a refusing answer means. */
    Classification classify(ApiResponse response) {
        HttpReason reason = Rule.first(rules, response).map(rule -> rule.reasonFor(response)).orElse(UNCLASSIFIED);
        if (reason == UNCLASSIFIED) {
            LOG.warn("{}: unclassified HTTP {} response, please report it", transport, response.status());
        }
        Instant now = clock.instant();
        Duration wait = RetryAfterHeaders.from(response.headers(), now, reason.kind() == FailureKind.RATE_LIMITED)
                .or(() -> api.saidRetryAfter(response, now)).orElse(null);
        return new Classification(reason, "HTTP " + response.status() + said(response), hint(reason, response),
                response.status(), wait, reason.possiblyDelivered(), false);
    }

    /**
     * What a 2xx without the provider's success shape is: {@link HttpReason#NOT_THE_API} when it is not
     * the provider's answer at all, else {@link HttpReason#UNCONFIRMED}, possibly delivered.
     */
    Classification notAccepted(ApiResponse response) {
        if (response.html() || !api.success().fromProvider().test(response)) {
            return notTheApi(response);
        }
        String said = printable(response.bodyExcerpt(EXCERPT));
        return of(UNCONFIRMED, "HTTP " + response.status() + " without " + api.success().idName() + " with which "
                + api.provider() + " confirms that it accepted the message" + (said.isEmpty() ? "" : ": " + said), response);
    }

    /** An answer that is not the provider's API at all, such as a captive portal's sign-in page. */
    Classification notTheApi(ApiResponse response) {
        String what;
        if (response.html()) {
            Matcher title = TITLE.matcher(response.body());
            what = "an HTML page" + (title.find() ? " titled '" + printable(title.group(1).strip()) + "'" : "");
        } else if (response.body().isBlank()) {
            what = "an empty body";
        } else {
            what = "'" + printable(response.bodyExcerpt(EXCERPT)) + "'";
        }
        return of(NOT_THE_API, "HTTP " + response.status() + " with " + what + ", not " + api.provider() + "'s answer",
                response);
    }

    /** An email refused before any call. */
    Classification refusal(Refusal refusal) {
        return new Classification(refusal.reason(), refusal.detail(), hint(refusal.reason(), refusal.values()), -1,
                null, refusal.reason().possiblyDelivered(), false);
    }

    /** A failure for this reason, after an answer with this status. */
    Classification of(HttpReason reason, String detail, ApiResponse response) {
        return new Classification(reason, detail, hint(reason, response), response.status(), null,
                reason.possiblyDelivered(), false);
    }

    /** A failure for this reason without an answer (a closed mailer, a spent time limit). */
    Classification of(HttpReason reason, String detail) {
        return refusal(new Refusal(reason, detail, Map.of()));
    }

    private String hint(HttpReason reason, ApiResponse response) {
        String to = response.headers().get("Location");
        return hint(reason, Map.of("status", String.valueOf(response.status()), "location", to == null ? "" : " to " + to));
    }

    private String hint(HttpReason reason, Map<String, String> extra) {
        Map<String, String> all = new HashMap<>(values);
        all.putAll(extra);
        return HttpHints.hint(reason, api, all);
    }

    /** {@code : what the provider said}, on one line and cut, or empty. */
    private String said(ApiResponse response) {
        String said = api.detail(response);
        if (said == null || said.isBlank()) {
            said = response.html() ? "an HTML page (a proxy or the network edge answered, not the API)"
                    : response.bodyExcerpt(DETAIL_LIMIT);
        }
        said = printable(said.replaceAll("\\s+", " ")).strip();
        said = said.length() > DETAIL_LIMIT ? said.substring(0, DETAIL_LIMIT) + "…" : said;
        return said.isEmpty() ? "" : ": " + said;
    }

    private static String printable(String s) {
        return s.replaceAll("\\p{Cntrl}", "?");
    }
}
