package dev.mailover.http;

import dev.mailover.SendingPath;
import dev.mailover.internal.Rule;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What one HTTP provider documents about its API's answers, as the shared skeleton ({@link HttpMailer})
 * needs it: the provider's name, its limits, the shape of a success answer, how its error answers read
 * and the rules that classify them, and how its mail leaves (the SPF include and DKIM selectors it
 * documents, for the sender-domain checks). Each provider has one, a stateless singleton
 * ({@code SendGridApi.API}); it is also the provider's key in {@link HttpHints}. What a request looks
 * like is the mailer's and its request body's business.
 */
abstract class HttpApi {

    private final String provider;
    private final MessageLimits limits;
    private final SuccessShape success;
    private final List<Rule<ApiResponse, HttpReason>> rules;
    private final SendingPath sendingPath;

    /**
     * @param provider the provider's name in details and hints, for example {@code SendGrid}
     * @param limits   the limits checked before any call
     * @param success  what an answer must look like to count as accepted, and where its id is
     * @param rules    the provider's own rules for a refusing answer, in order; {@link HttpClassifier}
     *                 tries them before the common meaning of the status
     * @param sendingPath  the SPF include and DKIM selectors the provider documents
     */
    HttpApi(String provider, MessageLimits limits, SuccessShape success, List<Rule<ApiResponse, HttpReason>> rules,
            SendingPath sendingPath) {
        this.provider = provider;
        this.limits = limits;
        this.success = success;
        this.rules = List.copyOf(rules);
        this.sendingPath = sendingPath;
    }

    /** How the provider's mail leaves: the SPF include and DKIM selectors it documents. */
    final SendingPath sendingPath() {
        return sendingPath;
    }

    /** The provider's name in details and hints, for example {@code SendGrid}. */
    final String provider() {
        return provider;
    }

    /** The limits checked before any call. */
    final MessageLimits limits() {
        return limits;
    }

    /** What an answer must look like to count as accepted. */
    final SuccessShape success() {
        return success;
    }

    /** The provider's own rules, tried before the common meaning of the status. */
    final List<Rule<ApiResponse, HttpReason>> rules() {
        return rules;
    }

    /** What a refusing answer says in the provider's error shape, on one line; empty when it is not in that shape. */
    abstract String detail(ApiResponse response);

    /** True when the answer refuses the request: any status but 2xx. */
    boolean refused(ApiResponse response) {
        return !response.successful();
    }

    /** How long the body says to wait, for a provider that says it in words; the headers come first. */
    Optional<Duration> saidRetryAfter(ApiResponse response, Instant now) {
        return Optional.empty();
    }

    /** The recipients a refusing answer names as refused, for {@link dev.mailover.MailException#rejectedRecipients()}. */
    List<String> rejectedRecipients(ApiResponse response) {
        return List.of();
    }

    /** The provider's name. */
    @Override
    public String toString() {
        return provider;
    }
}
