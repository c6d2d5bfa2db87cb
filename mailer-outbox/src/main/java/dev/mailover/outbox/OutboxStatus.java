package dev.mailover.outbox;

/** Where an {@link OutboxEntry} is in its life. */
public enum OutboxStatus {
    /** Stored and waiting for its next attempt at {@link OutboxEntry#nextAttemptAt()}. */
    PENDING,
    /**
     * Held by one relay worker, which is sending it now. The worker's lease on it ends at
     * {@link OutboxEntry#nextAttemptAt()} unless renewed; a worker that died loses it then, and the entry is
     * taken over by another worker.
     */
    SENDING,
    /** Delivered: the wrapped mailer accepted it. Final. */
    SENT,
    /**
     * Given up: refused for good (a rejected recipient or message) or not delivered within the outbox's
     * {@code maxAge}. Final unless {@link Outbox#retry(long)} queues it again.
     */
    FAILED
}
