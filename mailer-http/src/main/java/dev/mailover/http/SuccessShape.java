package dev.mailover.http;

import dev.mailover.FailureKind;
import dev.mailover.MailException;
import dev.mailover.internal.ProviderAnswers;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a provider's answer must look like to count as accepted: a documented success status and the
 * id the provider gives the message. A 2xx without that shape is a failure, never a delivery, and the
 * Email's own Message-ID is never passed off as the provider's id.
 *
 * <p>Such a failure is {@link FailureKind#SERVICE_UNAVAILABLE}: a transport fault on the path (it
 * counts toward the breaker and a failover send moves on), and retryable, because what answers in
 * the provider's place, a captive portal or a proxy, usually goes away. Two cases differ in whether
 * the message may have been delivered:
 * <ul>
 *   <li>The answer is not the provider's at all (an HTML sign-in page, an empty body where the
 *       provider always sends JSON, text): something else answered, the provider most likely never
 *       saw the request, so it is not {@link MailException#possiblyDelivered() possibly delivered}.</li>
 *   <li>The answer has the provider's shape but lacks the id (SendGrid's 202 without
 *       {@code X-Message-Id}, Postmark's {@code "ErrorCode":0} without a {@code MessageID}): the
 *       provider probably accepted the message and something lost the id on the way, so it is
 *       possibly delivered, and the hint says to check the provider's log before sending again.</li>
 * </ul>
 *
 * @param provider   the provider's name, for details and hints ({@code SendGrid})
 * @param idName     what carries the id, for details ({@code the X-Message-Id header})
 * @param status     whether the status is a documented success status
 * @param id         the id in an answer, or null or blank when it has none
 * @param fromProvider whether an answer without an id still has the provider's shape
 */
record SuccessShape(String provider, String idName, Predicate<ApiResponse> status, Function<ApiResponse, String> id,
                    Predicate<ApiResponse> fromProvider) {

    private static final int EXCERPT = 200;
    private static final Pattern TITLE = Pattern.compile("<title[^>]*>([^<]{1,200})</title>", Pattern.CASE_INSENSITIVE);

    /** The provider's id when the answer has the documented success shape; empty otherwise. */
    Optional<String> idOf(ApiResponse response) {
        if (!status.test(response) || response.html()) {
            return Optional.empty();
        }
        return ProviderAnswers.validId(id.apply(response));
    }

    /**
     * The failure for a 2xx answer without the success shape (see the class comment for its kind and
     * whether it may have been delivered).
     */
    MailException.Builder notAccepted(ApiResponse response, String transport) {
        if (response.html() || !fromProvider.test(response)) {
            return notTheApi(response, transport, provider);
        }
        String said = response.bodyExcerpt(EXCERPT);
        return MailException.builder(FailureKind.SERVICE_UNAVAILABLE, transport)
                .code(response.status())
                .possiblyDelivered(true)
                .detail("HTTP " + response.status() + " without " + idName + " with which " + provider
                        + " confirms that it accepted the message" + (said.isEmpty() ? "" : ": " + printable(said)))
                .hint(ProviderAnswers.unconfirmedHint(provider, "HTTP " + response.status(), idName));
    }

    /**
     * The failure for an answer that is not the provider's API at all, such as a captive portal's
     * sign-in page: {@link FailureKind#SERVICE_UNAVAILABLE}, not possibly delivered.
     */
    static MailException.Builder notTheApi(ApiResponse response, String transport, String provider) {
        String what;
        if (response.html()) {
            Matcher title = TITLE.matcher(response.body());
            what = "an HTML page" + (title.find() ? " titled '" + printable(title.group(1).strip()) + "'" : "");
        } else if (response.body().isBlank()) {
            what = "an empty body";
        } else {
            what = "'" + printable(response.bodyExcerpt(EXCERPT)) + "'";
        }
        return ProviderAnswers.notTheApi(transport, provider, "HTTP " + response.status() + " with " + what + ", not "
                + provider + "'s answer").code(response.status());
    }

    private static String printable(String s) {
        return s.replaceAll("\\p{Cntrl}", "?");
    }

    /** True when the answer is a JSON object with at least one of these fields. */
    static Predicate<ApiResponse> jsonWith(String... fields) {
        return r -> {
            if (!r.json().isObject()) {
                return false;
            }
            for (String f : fields) {
                if (r.json().has(f)) {
                    return true;
                }
            }
            return false;
        };
    }
}
