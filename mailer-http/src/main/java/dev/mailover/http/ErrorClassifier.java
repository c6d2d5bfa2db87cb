package dev.mailover.http;

import dev.mailover.FailureKind;
import dev.mailover.MailException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import okhttp3.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a provider's error response into a {@link MailException}: the first matching
 * {@link ErrorRule} decides the kind and hint, the provider's detail extractor says what the
 * provider said, and {@code Retry-After} or {@code X-RateLimit-Reset} becomes the retry-after.
 */
final class ErrorClassifier {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorClassifier.class);
    private static final int DETAIL_LIMIT = 500;

    private final String transport;
    private final List<ErrorRule> rules;
    private final Function<ApiResponse, String> detail;
    private final BiFunction<ApiResponse, Instant, Optional<Duration>> saidRetryAfter;
    private final Clock clock;

    /**
     * @param providerRules the provider's own rules, checked before {@link ErrorRule#COMMON}
     * @param detail        what the provider said, from its error shape; empty for "use the body"
     */
    ErrorClassifier(String transport, List<ErrorRule> providerRules, Function<ApiResponse, String> detail, Clock clock) {
        this(transport, providerRules, detail, (r, now) -> Optional.empty(), clock);
    }

    /**
     * @param saidRetryAfter how long the body says to wait, for a provider that says it in words
     *                       rather than in a header; the headers come first
     */
    ErrorClassifier(String transport, List<ErrorRule> providerRules, Function<ApiResponse, String> detail,
                    BiFunction<ApiResponse, Instant, Optional<Duration>> saidRetryAfter, Clock clock) {
        this.transport = transport;
        List<ErrorRule> all = new ArrayList<>(providerRules);
        all.addAll(ErrorRule.COMMON);
        this.rules = List.copyOf(all);
        this.detail = detail;
        this.saidRetryAfter = saidRetryAfter;
        this.clock = clock;
    }

    /** The classified failure for a non-successful response, as a builder so callers can add to it. */
    MailException.Builder classify(ApiResponse response) {
        ErrorRule rule = ruleFor(response);
        FailureKind kind = rule == null ? FailureKind.UNKNOWN : rule.kind();
        String hint = rule == null ? FailureKind.UNKNOWN.defaultHint() : rule.hint().apply(response);
        if (rule == null) {
            LOG.warn("{}: unclassified HTTP {} response, please report it", transport, response.status());
        }
        return MailException.builder(kind, transport)
                .code(response.status())
                .detail(detailOf(response))
                .hint(hint)
                .retryAfter(retryAfter(response))
                // a gateway timed out waiting for the provider, which may have accepted the message meanwhile
                .possiblyDelivered(response.status() == 504);
    }

    /** What the response means, without building an exception. */
    FailureKind kindOf(ApiResponse response) {
        ErrorRule rule = ruleFor(response);
        return rule == null ? FailureKind.UNKNOWN : rule.kind();
    }

    /**
     * {@code Retry-After} on any status; {@code X-RateLimit-Reset} only on a 429. The reset header may
     * accompany any answer and says when the rate-limit window starts over: after a 5xx it is no
     * reason to wait, and a retry-after would make the failover layer wait for it instead of backing off.
     */
    private Duration retryAfter(ApiResponse response) {
        Headers headers = response.status() == 429 ? response.headers()
                : response.headers().newBuilder().removeAll("X-RateLimit-Reset").build();
        Instant now = clock.instant();
        return RetryAfterHeaders.from(headers, now).or(() -> saidRetryAfter.apply(response, now)).orElse(null);
    }

    private ErrorRule ruleFor(ApiResponse response) {
        return rules.stream().filter(r -> r.when().test(response)).findFirst().orElse(null);
    }

    private String detailOf(ApiResponse response) {
        String said = detail.apply(response);
        if (said == null || said.isBlank()) {
            said = response.html() ? "an HTML page (a proxy or the network edge answered, not the API)"
                    : response.bodyExcerpt(DETAIL_LIMIT);
        }
        said = said.replaceAll("\\s+", " ").replaceAll("\\p{Cntrl}", "?").strip();
        said = said.length() > DETAIL_LIMIT ? said.substring(0, DETAIL_LIMIT) + "…" : said;
        return "HTTP " + response.status() + (said.isEmpty() ? "" : ": " + said);
    }
}
