package dev.mailover.http;

import dev.mailover.internal.Rule;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What one HTTP provider documents about its API's answers, as the shared skeleton ({@link HttpMailer})
 * needs it: the provider's name, its limits, the shape of a success answer, how its error answers read
 * and the rules that classify them. Each provider implements it once, as a stateless singleton
 * ({@code SendGridApi.API}); it is also the provider's key in {@link HttpHints}. What a request looks
 * like is the mailer's and its request body's business.
 */
interface HttpApi {

    /** The provider's name in details and hints, for example {@code SendGrid}. */
    String provider();

    /** The limits checked before any call. */
    MessageLimits limits();

    /** What an answer must look like to count as accepted, and where its id is. */
    SuccessShape success();

    /**
     * The provider's own rules for a refusing answer, in order; {@link HttpClassifier} tries them
     * before the common meaning of the status.
     */
    List<Rule<ApiResponse, HttpReason>> rules();

    /** What a refusing answer says in the provider's error shape, on one line; empty when it is not in that shape. */
    String detail(ApiResponse response);

    /** True when the answer refuses the request: any status but 2xx. */
    default boolean refused(ApiResponse response) {
        return !response.successful();
    }

    /** How long the body says to wait, for a provider that says it in words; the headers come first. */
    default Optional<Duration> saidRetryAfter(ApiResponse response, Instant now) {
        return Optional.empty();
    }

    /** The recipients a refusing answer names as refused, for {@link dev.mailover.MailException#rejectedRecipients()}. */
    default List<String> rejectedRecipients(ApiResponse response) {
        return List.of();
    }
}
