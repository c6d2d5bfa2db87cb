package dev.mailover.ses;

import dev.mailover.FailureKind;
import dev.mailover.internal.Causes;
import dev.mailover.internal.NetworkFailures;
import dev.mailover.internal.RetryAfter;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * What {@link SesFailureClassifier}'s rules look at for one failed SES call: the HTTP status and AWS
 * error code when SES (or something in its place) answered, and when nothing did, the exception chain
 * and what the shared {@link NetworkFailures} rules make of it.
 *
 * @param error      what the SDK threw
 * @param status     the HTTP status, or -1 when no response arrived
 * @param errorCode  the AWS error code ({@code TooManyRequestsException}, {@code InvalidClientTokenId}, …), or empty
 * @param message    SES's error message, or the exception's message when SES did not answer
 * @param requestId  SES's request id, or empty
 * @param retryAfter the {@code Retry-After} header of the response, when present and readable
 * @param network    the network failure underneath, when nothing answered and a network rule knows it
 * @param from       the sender's address, or empty for a health check
 */
record SesObservation(Throwable error, int status, String errorCode, String message, String requestId,
                      Optional<Duration> retryAfter, Optional<NetworkFailures.Failure> network, String from) {

    /** Observes what the SDK threw. */
    static SesObservation of(Throwable error, String from) {
        int status = -1;
        String code = "";
        String message = error.getMessage() == null ? "" : error.getMessage();
        String requestId = "";
        Optional<Duration> retryAfter = Optional.empty();
        if (error instanceof SdkServiceException e) {
            status = e.statusCode();
            requestId = e.requestId() == null ? "" : e.requestId();
        }
        if (error instanceof AwsServiceException e && e.awsErrorDetails() != null) {
            AwsErrorDetails details = e.awsErrorDetails();
            code = details.errorCode() == null ? "" : details.errorCode();
            message = details.errorMessage() == null ? "" : details.errorMessage();
            if (details.sdkHttpResponse() != null) {
                retryAfter = details.sdkHttpResponse().firstMatchingHeader("Retry-After")
                        .flatMap(value -> RetryAfter.parse(value, Instant.now()));
            }
        }
        Optional<NetworkFailures.Failure> network = status >= 0 ? Optional.empty() : NetworkFailures.jdk().classify(error);
        return new SesObservation(error, status, code, message, requestId, retryAfter, network, from);
    }

    /** True when something answered with an HTTP response. */
    boolean answered() {
        return status >= 0;
    }

    /** True when the AWS error code is one of these. */
    boolean codeIs(String... codes) {
        for (String c : codes) {
            if (c.equalsIgnoreCase(errorCode)) {
                return true;
            }
        }
        return false;
    }

    /** True when SES's message contains this text, ignoring case. */
    boolean says(String text) {
        return message.toLowerCase(Locale.ROOT).contains(text.toLowerCase(Locale.ROOT));
    }

    /** True when nothing answered and some exception of the chain is a {@code type}. */
    boolean threw(Class<? extends Throwable> type) {
        return !answered() && Causes.has(error, type);
    }

    /** True when nothing answered and some message of the chain contains {@code text}. */
    boolean chainSays(String text) {
        return !answered() && Causes.mentions(error, text);
    }

    /** True when the network failure underneath is of this kind, found while connecting or later. */
    boolean network(FailureKind kind, boolean whileConnecting) {
        return network.filter(n -> n.kind() == kind && n.connectionFailed() == whileConnecting).isPresent();
    }

    /** The network rules' hint, or empty. */
    String networkHint() {
        return network.map(NetworkFailures.Failure::hint).orElse("");
    }

    /** What SES said, or what went wrong on the way, for {@code MailException#detail()}. */
    String detail() {
        if (answered()) {
            StringBuilder b = new StringBuilder();
            b.append(errorCode.isEmpty() ? "HTTP " + status : errorCode);
            if (!message.isEmpty()) {
                b.append(": ").append(message);
            }
            if (!requestId.isEmpty()) {
                b.append(" (request id ").append(requestId).append(')');
            }
            return b.toString();
        }
        Throwable root = Causes.root(error);
        String rootText = root == error ? "" : root.getClass().getSimpleName()
                + (root.getMessage() == null ? "" : ": " + root.getMessage());
        return message.isEmpty() ? rootText : rootText.isEmpty() || message.contains(rootText) ? message : message + " (" + rootText + ")";
    }
}
