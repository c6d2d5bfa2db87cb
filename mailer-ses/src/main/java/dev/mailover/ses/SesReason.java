package dev.mailover.ses;

import dev.mailover.FailureKind;
import dev.mailover.internal.Reason;

/**
 * Why an SES send or check failed, as {@link SesFailureClassifier}'s rules or the mailer decided it.
 * Each reason fixes its {@link FailureKind}, whether the message may have been delivered anyway, and
 * whether no working connection was established; it selects its hint in {@link SesHints}, which has a
 * row for every reason (its build refuses a gap). The network reasons are those of the shared
 * {@code NetworkFailures} rules, split where SES tells the situations apart (a timeout while
 * connecting or after the request went out).
 */
enum SesReason implements Reason {

    // --- SES answered ---

    /** "Daily message quota exceeded", under whatever error code it comes. */
    DAILY_QUOTA(FailureKind.RATE_LIMITED),
    /** The maximum send rate was exceeded (429, {@code TooManyRequestsException}, {@code Throttling}). */
    THROTTLED(FailureKind.RATE_LIMITED),
    /** Another limit of the account was exceeded ({@code LimitExceededException}). */
    LIMIT_EXCEEDED(FailureKind.RATE_LIMITED),
    /** The custom MAIL FROM domain of the sending identity is not verified. */
    MAIL_FROM_NOT_VERIFIED(FailureKind.SENDER_REJECTED),
    /** The from-address or its domain is not a verified identity in the region. */
    SENDER_NOT_VERIFIED(FailureKind.SENDER_REJECTED),
    /** The account is in the sandbox and a recipient is not verified. */
    SANDBOX_RECIPIENT(FailureKind.SENDER_REJECTED),
    /** The account's sending is suspended. */
    ACCOUNT_SUSPENDED(FailureKind.SENDER_REJECTED),
    /** Sending is paused for the account or the configuration set. */
    SENDING_PAUSED(FailureKind.SENDER_REJECTED),
    /** The recipient is on a block list ("Address blacklisted"). */
    RECIPIENT_BLOCKED(FailureKind.RECIPIENT_REJECTED),
    /** SES refused the message itself ({@code MessageRejected}). */
    MESSAGE_REFUSED(FailureKind.MESSAGE_REJECTED),
    /** SES refused the request as invalid ({@code BadRequestException}). */
    BAD_REQUEST(FailureKind.MESSAGE_REJECTED),
    /** The request was larger than SES takes (413). */
    PAYLOAD_TOO_LARGE(FailureKind.MESSAGE_REJECTED),
    /** Another 4xx answer. */
    OTHER_CLIENT_ERROR(FailureKind.MESSAGE_REJECTED),
    /** A resource SES needs, usually the configuration set, does not exist ({@code NotFoundException}). */
    NOT_FOUND(FailureKind.INVALID_CONFIGURATION),
    /** The endpoint does not know the SES API path (404, 405). */
    WRONG_ENDPOINT(FailureKind.INVALID_CONFIGURATION),
    /** The credentials are valid but their IAM policy does not allow the action. */
    PERMISSION_DENIED(FailureKind.AUTHENTICATION_FAILED),
    /** AWS refused the credentials or the request's signature. */
    CREDENTIALS_REFUSED(FailureKind.AUTHENTICATION_FAILED),
    /** SES reported a temporary problem (5xx). */
    SERVER_ERROR(FailureKind.SERVICE_UNAVAILABLE),
    /** An answer that is not SES's: a redirect, a page that is not SES's JSON (a captive portal, a proxy). */
    NOT_THE_API(FailureKind.SERVICE_UNAVAILABLE),
    /** AWS accepted the request (it has a request id) but its answer lacks the MessageId. */
    UNCONFIRMED(FailureKind.SERVICE_UNAVAILABLE, Delivery.POSSIBLE),
    /** The account cannot send: sending disabled or the account shut down ({@code check()} only). */
    SENDING_DISABLED(FailureKind.SENDER_REJECTED),

    // --- SES never answered: the SDK ---

    /** No AWS credentials were found anywhere. */
    NO_CREDENTIALS(FailureKind.INVALID_CONFIGURATION),
    /** No AWS region is configured. */
    NO_REGION(FailureKind.INVALID_CONFIGURATION),
    /** The endpoint's certificate is not trusted by this JVM. */
    UNTRUSTED_CERTIFICATE(FailureKind.TLS_FAILURE, Delivery.NOT_CONNECTED),
    /** The call did not end within its time limit, after the request may have gone out. */
    CALL_TIME_LIMIT(FailureKind.CONNECTION_TIMEOUT, Delivery.POSSIBLE),
    /** The sending thread was interrupted during the call. */
    INTERRUPTED(FailureKind.CONNECTION_TIMEOUT, Delivery.POSSIBLE),

    // --- SES never answered: the network (the shared NetworkFailures rules) ---

    /** The endpoint's host name does not resolve. */
    UNKNOWN_HOST(FailureKind.DNS_FAILURE, Delivery.NOT_CONNECTED),
    /** Nothing accepts connections on the endpoint's port. */
    REFUSED(FailureKind.CONNECTION_REFUSED, Delivery.NOT_CONNECTED),
    /** The TCP connect timed out. */
    CONNECT_TIMEOUT(FailureKind.CONNECTION_TIMEOUT, Delivery.NOT_CONNECTED),
    /** The TLS handshake failed: an expired or mismatched certificate, no common protocol. */
    TLS_HANDSHAKE(FailureKind.TLS_FAILURE, Delivery.NOT_CONNECTED),
    /** TLS failed after the handshake. */
    TLS(FailureKind.TLS_FAILURE),
    /** No answer within the read timeout, after the request went out. */
    READ_TIMEOUT(FailureKind.CONNECTION_TIMEOUT, Delivery.POSSIBLE),
    /** The connection dropped before SES answered, after the request may have gone out. */
    CONNECTION_LOST(FailureKind.CONNECTION_LOST, Delivery.POSSIBLE),
    /** The endpoint does not speak HTTP. */
    NOT_HTTP(FailureKind.INVALID_CONFIGURATION),

    // --- before any call ---

    /** A send or check on a closed mailer. */
    CLOSED(FailureKind.INVALID_CONFIGURATION),
    /** The send's time limit was spent before SES was called. */
    TIME_LIMIT_SPENT(FailureKind.CONNECTION_TIMEOUT),
    /** More recipients than SES takes in one message. */
    TOO_MANY_RECIPIENTS(FailureKind.MESSAGE_REJECTED),
    /** A message larger than SES takes, estimated or found while it was written. */
    TOO_LARGE(FailureKind.MESSAGE_REJECTED),
    /** An attachment file could not be read while the message was written. */
    ATTACHMENT_UNREADABLE(FailureKind.MESSAGE_REJECTED),
    /** The message could not be written as MIME for another reason. */
    UNWRITABLE(FailureKind.MESSAGE_REJECTED),

    /** What no rule recognises: a gap in the classifier, logged so that it can be closed. */
    UNCLASSIFIED(FailureKind.UNKNOWN);

    /** What a reason says about the message's fate beyond its kind. */
    private enum Delivery {
        /** The failure says nothing more. */
        NONE,
        /** The request may have reached SES, so the message may have been delivered. */
        POSSIBLE,
        /** No working connection was established: nothing was sent. */
        NOT_CONNECTED
    }

    private final FailureKind kind;
    private final Delivery delivery;

    SesReason(FailureKind kind) {
        this(kind, Delivery.NONE);
    }

    SesReason(FailureKind kind, Delivery delivery) {
        this.kind = kind;
        this.delivery = delivery;
    }

    @Override
    public FailureKind kind() {
        return kind;
    }

    /** True when the request may have reached SES, so sending again may duplicate the message. */
    boolean possiblyDelivered() {
        return delivery == Delivery.POSSIBLE;
    }

    /** True when no working connection was established (DNS, connect, TLS handshake). */
    boolean connectionFailed() {
        return delivery == Delivery.NOT_CONNECTED;
    }
}
