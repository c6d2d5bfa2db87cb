package dev.mailover.outbox;

import dev.mailover.Address;
import java.util.List;
import java.util.Objects;

/**
 * Who a stored email is from and to, its subject and its attachments, for an admin view next to its
 * {@link OutboxEntry}: read by {@link Outbox#envelope(long)}. It holds no body and no attachment bytes.
 * Immutable and thread-safe. Unlike an {@code OutboxEntry} it holds personal data (addresses, a subject), so
 * its {@link #toString()} shows counts only.
 */
public final class OutboxEnvelope {

    /**
     * One attachment as the email carried it: its file name, content type and size in bytes. Its bytes are
     * stored until the entry is sent.
     */
    public record Part(String filename, String contentType, long size) {
        /** Refuses nulls and a negative size. */
        public Part {
            Objects.requireNonNull(filename, "filename");
            Objects.requireNonNull(contentType, "contentType");
            if (size < 0) {
                throw new IllegalArgumentException("size: must not be negative, got " + size);
            }
        }
    }

    private final String messageId;
    private final Address from;
    private final List<Address> replyTo;
    private final List<Address> to;
    private final List<Address> cc;
    private final List<Address> bcc;
    private final String subject;
    private final List<Part> attachments;

    OutboxEnvelope(String messageId, Address from, List<Address> replyTo, List<Address> to, List<Address> cc,
                   List<Address> bcc, String subject, List<Part> attachments) {
        this.messageId = Objects.requireNonNull(messageId, "messageId");
        this.from = Objects.requireNonNull(from, "from");
        this.replyTo = List.copyOf(replyTo);
        this.to = List.copyOf(to);
        this.cc = List.copyOf(cc);
        this.bcc = List.copyOf(bcc);
        this.subject = Objects.requireNonNull(subject, "subject");
        this.attachments = List.copyOf(attachments);
    }

    /** The email's Message-ID, with angle brackets, as in {@link OutboxEntry#messageId()}. */
    public String messageId() {
        return messageId;
    }

    /** The sender. */
    public Address from() {
        return from;
    }

    /** The Reply-To addresses; empty when none. */
    public List<Address> replyTo() {
        return replyTo;
    }

    /** The To recipients. */
    public List<Address> to() {
        return to;
    }

    /** The Cc recipients; empty when none. */
    public List<Address> cc() {
        return cc;
    }

    /** The Bcc recipients; empty when none. */
    public List<Address> bcc() {
        return bcc;
    }

    /** The subject; empty when the email had none. */
    public String subject() {
        return subject;
    }

    /** The attachments, inline parts included, in the email's order; empty when none. */
    public List<Part> attachments() {
        return attachments;
    }

    /** For example {@code OutboxEnvelope{<a1@shop.example> 3 recipient(s) 1 attachment(s)}}: no address, no subject. */
    @Override
    public String toString() {
        return "OutboxEnvelope{" + messageId + ' ' + (to.size() + cc.size() + bcc.size()) + " recipient(s)"
                + (attachments.isEmpty() ? "" : " " + attachments.size() + " attachment(s)") + '}';
    }
}
