package dev.mailover.internal;

import dev.mailover.FailureKind;
import dev.mailover.MailException;
import java.time.Duration;
import java.util.Objects;

/**
 * What a classifier made of one failure, the same shape for SMTP, HTTP and SES: the kind, the reason
 * that decided it, what the server said, what to do, and the facts the failover layer acts on. It
 * holds the one retry-after policy: a server's requested wait is kept only for kinds worth retrying,
 * so that a wait attached to a permanent failure never delays a failover. Not API.
 *
 * @param reason            why; it fixes the kind
 * @param detail            what the server said, or what happened
 * @param hint              what a person should do
 * @param code              the SMTP reply code or HTTP status, or -1
 * @param retryAfter        how long the server asked to wait; null when it did not say
 * @param possiblyDelivered the message may have been delivered despite the failure
 * @param connectionFailed  no working connection was established (DNS, connect, TLS, greeting)
 */
public record Classification(Reason reason, String detail, String hint, int code, Duration retryAfter,
                             boolean possiblyDelivered, boolean connectionFailed) {

    /** Checks the components and applies the retry-after policy. */
    public Classification {
        Objects.requireNonNull(reason, "reason");
        detail = detail == null ? "" : detail;
        hint = hint == null ? reason.kind().defaultHint() : hint;
        code = code < 0 ? -1 : code;
        retryAfter = reason.kind().retryable() && retryAfter != null && !retryAfter.isNegative() ? retryAfter : null;
    }

    /** The kind of failure. */
    public FailureKind kind() {
        return reason.kind();
    }

    /** An exception builder holding all of it, for the transport to add its secrets and cause. */
    public MailException.Builder toException(String transport) {
        return MailException.builder(kind(), transport)
                .detail(detail)
                .hint(hint)
                .code(code)
                .retryAfter(retryAfter)
                .possiblyDelivered(possiblyDelivered)
                .connectionFailed(connectionFailed);
    }
}
