package dev.mailover.failover;

import dev.mailover.FailureKind;
import dev.mailover.internal.Reason;

/**
 * Why a failover send ended without a delivery, or what the failover found on its own about a
 * transport. Each reason selects its hint in {@link FailoverHints}, which has a row for every reason
 * (its build refuses a gap).
 *
 * <p>Most reasons end a send after transports failed, and pass the decisive transport failure on:
 * its kind, its code and its hint, to which the failover adds what it tried ({@link #passesOn()}).
 * {@link #ALL_BREAKERS_OPEN} passes on the kind of the transports' last failure. The {@link #kind()}
 * of these reasons is the kind reported when no transport failure is known, which only
 * {@link #ALL_BREAKERS_OPEN} can meet (breakers opened by the startup probe's checks). The other
 * reasons are failures of the failover's own, of their kind.
 */
enum FailoverReason implements Reason {

    // --- the decisive transport failure, passed on ---

    /**
     * A transport refused the email or the recipient in a way another one would repeat, or it may
     * have delivered under {@link AmbiguityPolicy#FAIL}.
     */
    STOPPED,
    /** Every transport was tried, and the last (or a deferral before it) decides. */
    EVERY_TRANSPORT_FAILED,
    /** Every transport was skipped: their circuit breakers are open. */
    ALL_BREAKERS_OPEN,
    /** The deadline was spent after a failure, once every transport had its turn. */
    DEADLINE_SPENT,
    /** The deadline was spent after a failure, before some transports had their turn. */
    DEADLINE_SPENT_UNTRIED,
    /** The thread was interrupted while the send waited to retry. */
    INTERRUPTED,

    // --- failures of the failover's own ---

    /** The deadline was spent before any transport answered. */
    DEADLINE_BEFORE_ANY_ANSWER(FailureKind.CONNECTION_TIMEOUT),
    /** A send or check on a closed failover mailer. */
    CLOSED(FailureKind.INVALID_CONFIGURATION),
    /** A transport threw an {@code IllegalArgumentException}: it cannot express this email. */
    EMAIL_REFUSED_BY_TRANSPORT(FailureKind.MESSAGE_REJECTED),
    /** A transport threw something else than a {@code MailException}: a bug in it. */
    TRANSPORT_BUG(FailureKind.UNKNOWN),
    /** A transport's check did not answer within the check timeout. */
    CHECK_TIMED_OUT(FailureKind.CONNECTION_TIMEOUT),
    /** A check could not start: the failover mailer is closing. */
    PROBE_CLOSING(FailureKind.INVALID_CONFIGURATION);

    private final FailureKind kind;
    private final boolean passesOn;

    /** A reason that passes a transport's failure on. */
    FailoverReason() {
        this.kind = FailureKind.SERVICE_UNAVAILABLE;
        this.passesOn = true;
    }

    /** A failure of the failover's own. */
    FailoverReason(FailureKind kind) {
        this.kind = kind;
        this.passesOn = false;
    }

    /** The failover's own kind; for a reason that {@link #passesOn() passes a failure on}, the kind when there is none. */
    @Override
    public FailureKind kind() {
        return kind;
    }

    /** True when the send's failure is the decisive transport failure, passed on with what the failover adds. */
    boolean passesOn() {
        return passesOn;
    }
}
