package dev.mailover.http;

import dev.mailover.internal.ProviderAnswers;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What a provider's answer must look like to count as accepted: a documented success status and the
 * id the provider gives the message. A 2xx without that shape is a failure, never a delivery, and the
 * Email's own Message-ID is never passed off as the provider's id ({@link HttpClassifier#notAccepted}
 * says which failure: {@link HttpReason#NOT_THE_API} when something else answered, such as a captive
 * portal, or {@link HttpReason#UNCONFIRMED}, possibly delivered, when the answer is the provider's but
 * lacks the id).
 *
 * @param idName       what carries the id, for details and hints ({@code the X-Message-Id header})
 * @param status       whether the status is a documented success status
 * @param id           the id in an answer, or null or blank when it has none
 * @param fromProvider whether an answer without an id still has the provider's shape
 */
record SuccessShape(String idName, Predicate<ApiResponse> status, Function<ApiResponse, String> id,
                    Predicate<ApiResponse> fromProvider) {

    /** The provider's id when the answer has the documented success shape; empty otherwise. */
    Optional<String> idOf(ApiResponse response) {
        if (!status.test(response) || response.html()) {
            return Optional.empty();
        }
        return ProviderAnswers.validId(id.apply(response));
    }

    /** A shape whose id is the JSON text field {@code field} of an answer with one of the {@code statuses}. */
    static SuccessShape jsonId(String field, Predicate<ApiResponse> fromProvider, int... statuses) {
        return new SuccessShape("a JSON " + field, r -> r.statusIs(statuses), r -> r.text(field), fromProvider);
    }
}
