package dev.mailover;

/**
 * Receives events from a mailer: each attempt, each failover from one transport to the next, and
 * each circuit-breaker state change. Methods are called on the sending thread and must return
 * quickly; an exception thrown by a listener is logged and otherwise ignored.
 */
public interface MailerListener {

    /** One transport was tried (delivered, failed or skipped). */
    default void onAttempt(Attempt attempt) {
    }

    /** A send moves from one transport to the next because of {@code reason}. */
    default void onFailover(String fromTransport, String toTransport, FailureKind reason) {
    }

    /** A transport's circuit breaker changed state, for example from {@code CLOSED} to {@code OPEN}. */
    default void onCircuitStateChange(String transport, String state) {
    }
}
