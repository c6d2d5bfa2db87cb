package dev.mailover.http;

import dev.mailover.MailException;
import dev.mailover.internal.Causes;
import dev.mailover.internal.NetworkFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Network failures of the OkHttp transports: the JDK rules of {@link NetworkFailures}, plus the ways
 * OkHttp itself says that a connection dropped (an HTTP/2 connection shut down or a stream reset, an
 * HTTP/1 answer cut off). A failure that no rule recognises is {@link dev.mailover.FailureKind#UNKNOWN}
 * and its class chain is logged at warn, so the classifier gap can be closed.
 */
final class OkHttpFailures {

    private static final Logger LOG = LoggerFactory.getLogger(OkHttpFailures.class);
    private static final NetworkFailures RULES = NetworkFailures.withConnectionLost(OkHttpFailures::connectionLost);

    private OkHttpFailures() {
    }

    /** Classifies a failure; one that no rule recognises is UNKNOWN, and its class chain is logged. */
    static NetworkFailures.Failure classify(Throwable failure, String transport) {
        return RULES.classify(failure).orElseGet(() -> {
            LOG.warn("{}: unclassified failure, please report it: {}", transport, Causes.classes(failure));
            return NetworkFailures.unknown(failure);
        });
    }

    /**
     * A {@link MailException} builder for a network failure, with kind, detail, hint, cause and
     * {@link MailException#connectionFailed()} set.
     */
    static MailException.Builder toException(Throwable failure, String transport) {
        return classify(failure, transport).toException(transport).cause(failure);
    }

    /** OkHttp's own exception types (matched by name: they are internal to OkHttp) and messages for a dropped connection. */
    private static boolean connectionLost(Throwable t) {
        String type = t.getClass().getSimpleName();
        String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(java.util.Locale.ROOT);
        return type.equals("ConnectionShutdownException") || type.equals("StreamResetException")
                || message.contains("unexpected end of stream") || message.contains("stream was reset");
    }
}
