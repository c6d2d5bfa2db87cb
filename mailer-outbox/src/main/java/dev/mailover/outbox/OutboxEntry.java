package dev.mailover.outbox;

import dev.mailover.FailureKind;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One stored email and where it is in its delivery: a snapshot read from the outbox's table, immutable and
 * thread-safe. It holds no body, recipient or attachment, so it is safe to log and to show in an admin view.
 */
public final class OutboxEntry {

    private final long id;
    private final String messageId;
    private final OutboxStatus status;
    private final int attempts;
    private final FailureKind lastFailure;
    private final String lastDetail;
    private final String lastHint;
    private final boolean possiblyDelivered;
    private final Instant createdAt;
    private final Instant nextAttemptAt;
    private final Instant finishedAt;
    private final String transport;
    private final String providerId;

    OutboxEntry(long id, String messageId, OutboxStatus status, int attempts, FailureKind lastFailure,
                String lastDetail, String lastHint, boolean possiblyDelivered, Instant createdAt, Instant nextAttemptAt,
                Instant finishedAt, String transport, String providerId) {
        this.id = id;
        this.messageId = Objects.requireNonNull(messageId, "messageId");
        this.status = Objects.requireNonNull(status, "status");
        this.attempts = attempts;
        this.lastFailure = lastFailure;
        this.lastDetail = lastDetail == null ? "" : lastDetail;
        this.lastHint = lastHint == null ? "" : lastHint;
        this.possiblyDelivered = possiblyDelivered;
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
        this.nextAttemptAt = Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
        this.finishedAt = finishedAt;
        this.transport = transport;
        this.providerId = providerId;
    }

    /** The entry's number in the outbox table, unique in it; what {@link Outbox#retry(long)} takes. */
    public long id() {
        return id;
    }

    /** The email's Message-ID, with angle brackets; every attempt to deliver the entry carries it. */
    public String messageId() {
        return messageId;
    }

    /** Where the entry is in its life. */
    public OutboxStatus status() {
        return status;
    }

    /** How many delivery attempts relay workers have started, this one included while {@code SENDING}. */
    public int attempts() {
        return attempts;
    }

    /** The kind of the last failed attempt, kept after a later delivery; empty when no attempt has failed. */
    public Optional<FailureKind> lastFailure() {
        return Optional.ofNullable(lastFailure);
    }

    /** What the last failed attempt reported (the server's reply, secrets masked) or why it was given up; may be empty. */
    public String lastDetail() {
        return lastDetail;
    }

    /** What a person should do about the last failure; empty when there was none. */
    public String lastHint() {
        return lastHint;
    }

    /**
     * True when an earlier attempt may have delivered the email although it did not succeed (the connection
     * broke after the message was handed over, or the worker holding it stopped mid-send). A later delivery may
     * then be a duplicate, recognisable downstream by the same {@link #messageId()}.
     */
    public boolean possiblyDelivered() {
        return possiblyDelivered;
    }

    /** When the email was stored. */
    public Instant createdAt() {
        return createdAt;
    }

    /**
     * For a {@code PENDING} entry, when it is due; for a {@code SENDING} entry, when its worker's lease expires
     * unless renewed; for a finished entry, the last value it had.
     */
    public Instant nextAttemptAt() {
        return nextAttemptAt;
    }

    /** When the entry was delivered; empty unless {@link OutboxStatus#SENT}. */
    public Optional<Instant> sentAt() {
        return status == OutboxStatus.SENT ? Optional.ofNullable(finishedAt) : Optional.empty();
    }

    /** When the entry became {@code SENT} or {@code FAILED}; empty while it is not finished. */
    public Optional<Instant> finishedAt() {
        return Optional.ofNullable(finishedAt);
    }

    /** The name of the transport that delivered it (for a failover mailer, the transport inside it); empty unless sent. */
    public Optional<String> transport() {
        return Optional.ofNullable(transport);
    }

    /** The id that the delivering transport gave the message (SMTP Message-ID, SendGrid X-Message-Id, …); empty unless sent. */
    public Optional<String> providerId() {
        return Optional.ofNullable(providerId);
    }

    /** For example {@code OutboxEntry{42 <a1@shop.example> PENDING attempts=2 next=2026-05-01T10:00:30Z last=CONNECTION_REFUSED}}. */
    @Override
    public String toString() {
        return "OutboxEntry{" + id + ' ' + messageId + ' ' + status + " attempts=" + attempts
                + (status == OutboxStatus.PENDING || status == OutboxStatus.SENDING ? " next=" + nextAttemptAt : "")
                + (transport != null ? " via " + transport : "")
                + (lastFailure != null ? " last=" + lastFailure : "")
                + (possiblyDelivered ? " possiblyDelivered" : "") + '}';
    }
}
