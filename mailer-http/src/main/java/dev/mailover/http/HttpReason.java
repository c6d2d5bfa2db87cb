package dev.mailover.http;

import dev.mailover.FailureKind;
import dev.mailover.internal.Reason;

/**
 * Why an HTTP provider's send or check failed, whichever provider: what its answer meant (decided by
 * the provider's rules, then by the common meaning of the status, in {@link HttpClassifier}), what a
 * 2xx without the provider's success shape is, what broke while a success answer was read, and what
 * the mailer refused before any call. Each reason fixes its {@link FailureKind}, whether the message
 * may have been delivered, and its hint in {@link HttpHints}, which has a row for every reason.
 *
 * <p>Network failures (DNS, connect, TLS, timeouts, resets) are not reasons here: the JDK rules of
 * {@link dev.mailover.internal.NetworkFailures}, shared with SES, decide them and say what to do.
 */
enum HttpReason implements Reason {

    // What a refusing answer means

    /** A 3xx: the base URL is not the API endpoint (redirects are never followed). */
    REDIRECT(FailureKind.INVALID_CONFIGURATION),
    /** The key or token is wrong, revoked or expired. */
    KEY_REFUSED(FailureKind.AUTHENTICATION_FAILED),
    /** The key is known but may not do this: it lacks a permission, or the account is blocked. */
    KEY_NOT_PERMITTED(FailureKind.AUTHENTICATION_FAILED),
    /** The provider refuses calls from this host's IP address (an allow-list of the account). */
    HOST_NOT_ALLOWED(FailureKind.AUTHENTICATION_FAILED),
    /** A credential check found a valid key that may not send email. */
    KEY_CANNOT_SEND(FailureKind.AUTHENTICATION_FAILED),
    /** A 404 or 405: the provider does not know this URL (base URL, domain or region). */
    WRONG_URL(FailureKind.INVALID_CONFIGURATION),
    /** A 408: the provider timed out reading the request. */
    REQUEST_TIMEOUT(FailureKind.SERVICE_UNAVAILABLE),
    /** The email is larger than the provider accepts (its 413, or the limit checked before the call). */
    TOO_LARGE(FailureKind.MESSAGE_REJECTED),
    /** A 429: the provider throttles this account. */
    THROTTLED(FailureKind.RATE_LIMITED),
    /** The sending quota is used up (a daily limit, a plan's credits), whatever status says so. */
    QUOTA_USED_UP(FailureKind.RATE_LIMITED),
    /** A 5xx other than a gateway timeout. */
    SERVICE_ERROR(FailureKind.SERVICE_UNAVAILABLE),
    /** A 504: a gateway gave up waiting for the provider, which may have accepted the message meanwhile. */
    GATEWAY_TIMEOUT(FailureKind.SERVICE_UNAVAILABLE, true),
    /** Any other 4xx: the provider refused the request as invalid. */
    INVALID_REQUEST(FailureKind.MESSAGE_REJECTED),
    /** The from-address or its domain is not verified (or not allowed) at the provider. */
    SENDER_NOT_VERIFIED(FailureKind.SENDER_REJECTED),
    /** The account may not send now: pending approval, under review, restricted. */
    ACCOUNT_MAY_NOT_SEND(FailureKind.SENDER_REJECTED),
    /** The recipient is suppressed at the provider after a hard bounce or a complaint. */
    RECIPIENT_INACTIVE(FailureKind.RECIPIENT_REJECTED),
    /** The provider does not accept this type of attachment. */
    ATTACHMENT_TYPE_REFUSED(FailureKind.MESSAGE_REJECTED),
    /** The provider is down for maintenance. */
    MAINTENANCE(FailureKind.SERVICE_UNAVAILABLE),
    /** The provider could not read the request at all: a bug in the transport. */
    REQUEST_NOT_UNDERSTOOD(FailureKind.MESSAGE_REJECTED),
    /** The provider's network edge (a firewall or proxy rule) refused the request before the API saw it. */
    EDGE_REFUSED(FailureKind.SERVICE_UNAVAILABLE),
    /** An earlier attempt with the same idempotency key is still in progress and may deliver the message. */
    ATTEMPT_IN_PROGRESS(FailureKind.SERVICE_UNAVAILABLE, true),
    /** The idempotency key (the Message-ID) was used before for a different email. */
    MESSAGE_ID_REUSED(FailureKind.MESSAGE_REJECTED),
    /** No rule recognised the answer: a gap in the classifier, logged. */
    UNCLASSIFIED(FailureKind.UNKNOWN),

    // A 2xx that is not a delivery, and a success answer that broke

    /** Something other than the provider answered, such as a captive portal's sign-in page. */
    NOT_THE_API(FailureKind.SERVICE_UNAVAILABLE),
    /** The provider's answer without the id that confirms acceptance. */
    UNCONFIRMED(FailureKind.SERVICE_UNAVAILABLE, true),
    /** The connection broke while a success answer was read. */
    ANSWER_CUT_OFF(FailureKind.CONNECTION_LOST, true),
    /** A success answer did not arrive in full within the call's time limit. */
    ANSWER_STALLED(FailureKind.CONNECTION_TIMEOUT, true),

    // Refused before any call

    /** The mailer is closed. */
    CLOSED(FailureKind.INVALID_CONFIGURATION),
    /** The send's time limit was spent before the call. */
    NO_TIME_LEFT(FailureKind.CONNECTION_TIMEOUT),
    /** More recipients than the provider accepts. */
    TOO_MANY_RECIPIENTS(FailureKind.MESSAGE_REJECTED),
    /** The provider needs a To recipient and the email has only Cc or Bcc. */
    NEEDS_TO(FailureKind.MESSAGE_REJECTED),
    /** The provider needs a subject and the email has none. */
    NEEDS_SUBJECT(FailureKind.MESSAGE_REJECTED),
    /** A tag is longer than the provider accepts. */
    TAG_TOO_LONG(FailureKind.MESSAGE_REJECTED),
    /** Headers, tags and metadata together take more than the provider accepts. */
    OPTIONS_TOO_LARGE(FailureKind.MESSAGE_REJECTED),
    /** A header name that the provider's request format cannot carry. */
    HEADER_NAME_NOT_EXPRESSIBLE(FailureKind.MESSAGE_REJECTED);

    private final FailureKind kind;
    private final boolean possiblyDelivered;

    HttpReason(FailureKind kind) {
        this(kind, false);
    }

    HttpReason(FailureKind kind, boolean possiblyDelivered) {
        this.kind = kind;
        this.possiblyDelivered = possiblyDelivered;
    }

    @Override
    public FailureKind kind() {
        return kind;
    }

    /**
     * True when a failure for this reason may still have delivered the message: the provider (or an
     * earlier attempt) may have accepted it, only the answer that says so is missing. The one other
     * source of this flag is a network failure after the whole request went out ({@link CallProgress}).
     */
    boolean possiblyDelivered() {
        return possiblyDelivered;
    }
}
