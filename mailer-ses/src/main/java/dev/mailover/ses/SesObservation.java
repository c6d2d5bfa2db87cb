package dev.mailover.ses;

import dev.mailover.internal.RetryAfter;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * The facts about one failed SES call that {@link SesFailureClassifier}'s rules look at: the HTTP
 * status and AWS error code when SES answered, the exception chain when it did not, and the
 * situation (region, configuration set, sender, time limit) that the hints name.
 *
 * @param error            what the SDK threw
 * @param status           the HTTP status, or -1 when no response arrived
 * @param errorCode        the AWS error code ({@code TooManyRequestsException}, {@code InvalidClientTokenId}, …), or empty
 * @param message          SES's error message, or the exception's message when SES did not answer
 * @param requestId        SES's request id, or empty
 * @param retryAfter       the {@code Retry-After} header of the response, when present and readable
 * @param region           the region the mailer sends through
 * @param configurationSet the configuration set, or empty
 * @param from             the sender's address, or empty for a health check
 * @param timeLimit        the call's time limit
 */
record SesFailure(Throwable error, int status, String errorCode, String message, String requestId,
                  Optional<Duration> retryAfter, String region, String configurationSet, String from, Duration timeLimit) {

    /** Extracts the facts from what the SDK threw. */
    static SesFailure of(Throwable error, String region, String configurationSet, String from, Duration timeLimit) {
        int status = -1;
        String code = "";
        String message = error.getMessage() == null ? "" : error.getMessage();
        String requestId = "";
        Optional<Duration> retryAfter = Optional.empty();
        if (error instanceof AwsServiceException) {
            AwsServiceException e = (AwsServiceException) error;
            status = e.statusCode();
            requestId = e.requestId() == null ? "" : e.requestId();
            AwsErrorDetails details = e.awsErrorDetails();
            if (details != null) {
                code = details.errorCode() == null ? "" : details.errorCode();
                message = details.errorMessage() == null ? "" : details.errorMessage();
                if (details.sdkHttpResponse() != null) {
                    retryAfter = details.sdkHttpResponse().firstMatchingHeader("Retry-After")
                            .flatMap(value -> RetryAfter.parse(value, Instant.now()));
                }
            }
        }
        return new SesFailure(error, status, code, message, requestId, retryAfter,
                region, configurationSet, from, timeLimit);
    }

    /** True when SES answered with an HTTP response. */
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

    /** The first exception of this type in the cause chain, the error itself included. */
    <T extends Throwable> Optional<T> cause(Class<T> type) {
        int depth = 0;
        for (Throwable t = error; t != null && depth < 32; t = t.getCause(), depth++) {
            if (type.isInstance(t)) {
                return Optional.of(type.cast(t));
            }
        }
        return Optional.empty();
    }

    /** True when some exception in the chain has a message containing this text, ignoring case. */
    boolean chainSays(String text) {
        String needle = text.toLowerCase(Locale.ROOT);
        int depth = 0;
        for (Throwable t = error; t != null && depth < 32; t = t.getCause(), depth++) {
            if (t.getMessage() != null && t.getMessage().toLowerCase(Locale.ROOT).contains(needle)) {
                return true;
            }
        }
        return false;
    }

    /** The class names of the cause chain, for reporting a classifier gap without any message text. */
    String classChain() {
        StringBuilder b = new StringBuilder();
        int depth = 0;
        for (Throwable t = error; t != null && depth < 32; t = t.getCause(), depth++) {
            b.append(depth == 0 ? "" : " <- ").append(t.getClass().getName());
        }
        return b.toString();
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
        Throwable root = error;
        int depth = 0;
        while (root.getCause() != null && root.getCause() != root && depth++ < 32) {
            root = root.getCause();
        }
        String rootText = root == error ? "" : root.getClass().getSimpleName()
                + (root.getMessage() == null ? "" : ": " + root.getMessage());
        return message.isEmpty() ? rootText : rootText.isEmpty() || message.contains(rootText) ? message : message + " (" + rootText + ")";
    }
}
