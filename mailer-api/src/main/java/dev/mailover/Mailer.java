package dev.mailover;

import dev.mailover.internal.AsyncSends;
import java.util.concurrent.CompletableFuture;

/**
 * Sends email through one transport (SMTP, an HTTP API) or through several with failover.
 *
 * <p>Implementations are thread-safe: one instance is meant to be shared by a whole application
 * and closed when the application stops.
 */
public interface Mailer extends AutoCloseable {

    /**
     * Sends the email and blocks until a transport accepted it.
     *
     * @return which transport accepted it, the id it gave, and every attempt on the way
     * @throws MailException classified, with a hint, when the email could not be sent
     */
    SendResult send(Email email) throws MailException;

    /**
     * Sends the email, taking at most about {@code timeLimit}: the transport caps its connect, read
     * and write timeouts (or its HTTP call timeout) by the time left, and fails with
     * {@link FailureKind#CONNECTION_TIMEOUT} when the limit is spent. A failover mailer uses this to
     * keep one deadline for a whole send. The default ignores the limit, so transports that cannot
     * honour it keep their own configured timeouts.
     *
     * @throws MailException classified, with a hint, when the email could not be sent in time
     */
    default SendResult send(Email email, java.time.Duration timeLimit) throws MailException {
        return send(email);
    }

    /**
     * Sends the email without blocking the caller. The default runs {@link #send(Email)} on a shared,
     * bounded pool of daemon threads named {@code mailover-async-N}; when its queue is full the
     * future fails at once rather than growing without bound.
     *
     * @return a future that completes with the result, or exceptionally with a {@link MailException}
     */
    default CompletableFuture<SendResult> sendAsync(Email email) {
        return AsyncSends.submit(this, email, AsyncSends.sharedExecutor());
    }

    /**
     * Checks reachability and credentials without sending anything. Never throws: a failure is
     * reported in the returned {@link HealthCheck}.
     */
    HealthCheck check();

    /** A short, stable name for logs and attempts: {@code smtp}, {@code sendgrid}, {@code failover}, … */
    String name();

    /** Releases connections and threads. Idempotent; sending after close fails. */
    @Override
    void close();
}
