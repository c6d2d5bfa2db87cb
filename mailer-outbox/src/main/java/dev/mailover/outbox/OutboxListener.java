package dev.mailover.outbox;

import dev.mailover.Attempt;

/**
 * Receives the outbox's events, for logs and metrics. Each method gets the entry as it is after the event.
 * Methods are called on the thread that caused the event (the sender for {@link #onEnqueued}, a relay worker
 * for the others), must return quickly, and may throw: an exception is logged and otherwise ignored.
 *
 * <p>This is a listener of its own, not a {@code MailerListener}: its events are about entries (their id,
 * attempts and next attempt), not about transports. The wrapped mailer keeps its own {@code MailerListener}
 * for the transports and failovers inside each relay attempt.
 */
public interface OutboxListener {

    /**
     * An email was stored. For {@link Outbox#enqueue(dev.mailover.Email, java.sql.Connection)} this is called
     * before the caller's transaction commits, so the entry may still vanish with a rollback.
     */
    default void onEnqueued(OutboxEntry entry) {
    }

    /**
     * A relay worker tried to deliver the entry through the wrapped mailer. The attempt is {@code DELIVERED},
     * named after the transport that accepted it, or {@code FAILED} with the decisive failure; the entry is
     * then {@link OutboxStatus#PENDING} again (retried at {@link OutboxEntry#nextAttemptAt()}) or
     * {@link OutboxStatus#FAILED}.
     */
    default void onAttempted(OutboxEntry entry, Attempt attempt) {
    }

    /** The entry was delivered and is now {@link OutboxStatus#SENT}; called after {@link #onAttempted}. */
    default void onSent(OutboxEntry entry) {
    }

    /** The entry was given up and is now {@link OutboxStatus#FAILED}; {@link OutboxEntry#lastFailure()} says why. */
    default void onFailed(OutboxEntry entry) {
    }
}
