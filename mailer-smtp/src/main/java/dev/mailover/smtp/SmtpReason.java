package dev.mailover.smtp;

import dev.mailover.FailureKind;
import dev.mailover.internal.Reason;

/**
 * Why an SMTP send, check or probe step failed, as the classifier ({@link SmtpFailureClassifier}),
 * the mailer (a busy pool, a closed mailer) or the doctor ({@link PortProbe}, {@link SmtpProbe})
 * decided it. Each reason fixes its {@link FailureKind} and selects its hint in {@link SmtpHints},
 * which has a row for every reason (its build refuses a gap). A situation the mailer tells apart in
 * its hint (a timeout after the final dot, a full mailbox for now or for good) is a reason of its own.
 *
 * <p>The doctor's warnings (a port that seems to speak the other TLS mode, a certificate that expires
 * soon, AUTH not offered) are reasons too, with the kind the mailer would fail with in that situation.
 */
enum SmtpReason implements Reason {

    /** The host name does not resolve. */
    UNKNOWN_HOST(FailureKind.DNS_FAILURE),

    /** Nothing accepts connections on the port. */
    REFUSED(FailureKind.CONNECTION_REFUSED),
    /** The doctor: every port walked refused the connection. */
    NOTHING_LISTENS(FailureKind.CONNECTION_REFUSED),
    /** The server refuses this client host: its address, its reverse DNS, a blocklist. */
    CLIENT_HOST(FailureKind.CONNECTION_REFUSED),
    /** A 5xx greeting. */
    GREETING_5XX(FailureKind.CONNECTION_REFUSED),

    /** The TCP connect timed out. */
    CONNECT_TIMEOUT(FailureKind.CONNECTION_TIMEOUT),
    /** The doctor: every port walked timed out at the TCP connect and none works. */
    SMTP_BLOCKED(FailureKind.CONNECTION_TIMEOUT),
    /** The server accepted the connection but sent no greeting. */
    GREETING_TIMEOUT(FailureKind.CONNECTION_TIMEOUT),
    /** No reply after the final dot within the read timeout: the message may have been delivered. */
    READ_TIMEOUT_AFTER_DOT(FailureKind.CONNECTION_TIMEOUT),
    /** A write of the message did not complete within the write timeout. */
    WRITE_TIMEOUT(FailureKind.CONNECTION_TIMEOUT),
    /** No reply within the read timeout, before the final dot. */
    READ_TIMEOUT(FailureKind.CONNECTION_TIMEOUT),
    /** The caller's time limit ran out after the final dot. */
    DEADLINE_AFTER_DOT(FailureKind.CONNECTION_TIMEOUT),
    /** The caller's time limit ran out before the final dot. */
    DEADLINE(FailureKind.CONNECTION_TIMEOUT),
    /** The bound on a whole conversation ran out after the final dot (a server trickling its replies). */
    TOO_SLOW_AFTER_DOT(FailureKind.CONNECTION_TIMEOUT),
    /** The bound on a whole conversation ran out before the final dot (a server trickling its replies). */
    TOO_SLOW(FailureKind.CONNECTION_TIMEOUT),
    /** No pooled connection became free within the connect and read timeouts. */
    POOL_BUSY(FailureKind.CONNECTION_TIMEOUT),
    /** No pooled connection became free within the caller's time limit. */
    POOL_BUSY_DEADLINE(FailureKind.CONNECTION_TIMEOUT),
    /** The sending thread was interrupted while it waited for a pooled connection. */
    POOL_WAIT_INTERRUPTED(FailureKind.CONNECTION_TIMEOUT),

    /** No greeting on port 465 without SMTPS: the port expects implicit TLS. */
    IMPLICIT_TLS_EXPECTED(FailureKind.TLS_FAILURE),
    /** The doctor: no greeting in STARTTLS mode, so the port is walked again with implicit TLS. */
    MAYBE_IMPLICIT_TLS(FailureKind.TLS_FAILURE),
    /** Implicit TLS against a server that speaks plaintext SMTP. */
    TLS_TO_PLAINTEXT(FailureKind.TLS_FAILURE),
    /** The doctor: the port speaks plaintext SMTP, so it is walked again with STARTTLS. */
    MAYBE_STARTTLS(FailureKind.TLS_FAILURE),
    /** STARTTLS is required and the server does not offer it. */
    STARTTLS_MISSING(FailureKind.TLS_FAILURE),
    /** The server's certificate expired. */
    CERT_EXPIRED(FailureKind.TLS_FAILURE),
    /** The server's certificate is not valid yet. */
    CERT_NOT_YET_VALID(FailureKind.TLS_FAILURE),
    /** The doctor: the server's certificate expires within two weeks. */
    CERT_EXPIRES_SOON(FailureKind.TLS_FAILURE),
    /** The server's certificate names another host. */
    CERT_HOSTNAME(FailureKind.TLS_FAILURE),
    /** The server's certificate is not issued by a trusted authority. */
    CERT_UNTRUSTED(FailureKind.TLS_FAILURE),
    /** The server offers STARTTLS but refused to start it. */
    STARTTLS_REFUSED(FailureKind.TLS_FAILURE),
    /** The server requires encryption first (538, 530 "Must issue a STARTTLS command first"). */
    ENCRYPTION_REQUIRED(FailureKind.TLS_FAILURE),
    /** Any other TLS handshake failure. */
    TLS(FailureKind.TLS_FAILURE),

    /** Microsoft 365 has basic authentication disabled (5.7.139, 5.7.30). */
    MICROSOFT_BASIC_AUTH(FailureKind.AUTHENTICATION_FAILED),
    /** The provider requires an app password (534 5.7.9). */
    APP_PASSWORD(FailureKind.AUTHENTICATION_FAILED),
    /** The server requires authentication (530). */
    AUTH_REQUIRED(FailureKind.AUTHENTICATION_FAILED),
    /** The server relays only for authenticated clients, and this one is not. */
    RELAY_DENIED(FailureKind.AUTHENTICATION_FAILED),
    /** The server refused to relay for the authenticated user. */
    RELAY_DENIED_AUTHENTICATED(FailureKind.AUTHENTICATION_FAILED),
    /** The server refused the user name or password. */
    BAD_CREDENTIALS(FailureKind.AUTHENTICATION_FAILED),
    /** XOAUTH2: Microsoft 365 refused the token because SMTP AUTH is disabled for the mailbox or tenant (5.7.139, 5.7.30). */
    MICROSOFT_SMTP_AUTH_DISABLED(FailureKind.AUTHENTICATION_FAILED),
    /** XOAUTH2: the server refused the OAuth2 access token. */
    TOKEN_REFUSED(FailureKind.AUTHENTICATION_FAILED),

    /** Credentials are configured and the server does not offer AUTH. */
    NO_AUTH_OFFERED(FailureKind.INVALID_CONFIGURATION),
    /** The doctor: no credentials given, and the server does not offer AUTH. */
    AUTH_NOT_OFFERED(FailureKind.INVALID_CONFIGURATION),
    /** The server offers no AUTH mechanism this client can use. */
    NO_COMMON_MECHANISM(FailureKind.INVALID_CONFIGURATION),
    /** A send on a closed mailer. */
    CLOSED(FailureKind.INVALID_CONFIGURATION),
    /** The mailer was closed while the send was in progress. */
    CLOSED_DURING_SEND(FailureKind.INVALID_CONFIGURATION),
    /** The server refused the name given in EHLO. */
    HELO_REJECTED(FailureKind.INVALID_CONFIGURATION),
    /** The server refused both EHLO and HELO. */
    EHLO_REFUSED(FailureKind.INVALID_CONFIGURATION),
    /** A setting sent to the server holds a non-ASCII character. */
    NON_ASCII_COMMAND(FailureKind.INVALID_CONFIGURATION),
    /** The password is empty, or the OAuth2 token supplier gave nothing. */
    MISSING_SECRET(FailureKind.INVALID_CONFIGURATION),

    /** The server throttles this sender. */
    THROTTLED(FailureKind.RATE_LIMITED),
    /** The account reached its sending quota. */
    QUOTA(FailureKind.RATE_LIMITED),

    /** The server refuses mail from this host for now (a failed reverse DNS lookup). */
    CLIENT_HOST_FOR_NOW(FailureKind.SERVICE_UNAVAILABLE),
    /** The server cannot accept the from-address for now. */
    SENDER_FOR_NOW(FailureKind.SERVICE_UNAVAILABLE),
    /** The server takes fewer recipients per message, for now (4xx X.5.3). */
    TOO_MANY_RECIPIENTS_FOR_NOW(FailureKind.SERVICE_UNAVAILABLE),
    /** A 4xx greeting. */
    GREETING_4XX(FailureKind.SERVICE_UNAVAILABLE),
    /** 421: the server is closing the connection. */
    CLOSING(FailureKind.SERVICE_UNAVAILABLE),
    /** Any other temporary reply. */
    TRANSIENT(FailureKind.SERVICE_UNAVAILABLE),

    /** A recipient was refused. */
    RECIPIENT(FailureKind.RECIPIENT_REJECTED),
    /** A recipient's mailbox is full, for good (X.2.2 5xx). */
    MAILBOX_FULL(FailureKind.RECIPIENT_REJECTED),
    /** A recipient's mailbox is full for now (X.2.2 4xx, 552 at RCPT). */
    MAILBOX_FULL_FOR_NOW(FailureKind.RECIPIENT_DEFERRED),
    /** The recipient's server deferred a recipient: greylisting, a busy mailbox, an unverified address. */
    RECIPIENT_DEFERRED(FailureKind.RECIPIENT_DEFERRED),

    /** The account may send only from addresses it owns. */
    SENDER_NOT_OWNED(FailureKind.SENDER_REJECTED),
    /** The receiving server could not authenticate the sender's domain (SPF, DKIM, DMARC). */
    SENDER_AUTHENTICATION(FailureKind.SENDER_REJECTED),
    /** The from-address was refused. */
    SENDER(FailureKind.SENDER_REJECTED),

    /** The server refused the message as too large. */
    TOO_LARGE(FailureKind.MESSAGE_REJECTED),
    /** The message is larger than the SIZE the server announced; nothing was sent. */
    SIZE_LIMIT(FailureKind.MESSAGE_REJECTED),
    /** An address needs SMTPUTF8 and the server does not offer it; nothing was sent. */
    SMTPUTF8_MISSING(FailureKind.MESSAGE_REJECTED),
    /** The server refused a non-ASCII address. */
    SMTPUTF8_REFUSED(FailureKind.MESSAGE_REJECTED),
    /** An attachment file could not be read. */
    ATTACHMENT_UNREADABLE(FailureKind.MESSAGE_REJECTED),
    /** The server takes fewer recipients per message (5xx X.5.3). */
    TOO_MANY_RECIPIENTS(FailureKind.MESSAGE_REJECTED),
    /** The server refused the message itself. */
    CONTENT(FailureKind.MESSAGE_REJECTED),

    /** The server sent more than any SMTP reply holds. */
    REPLY_TOO_LONG(FailureKind.CONNECTION_LOST),
    /** The connection dropped after the final dot: the message may have been delivered. */
    DROPPED_AFTER_DOT(FailureKind.CONNECTION_LOST),
    /** The connection dropped before the message was accepted. */
    DROPPED(FailureKind.CONNECTION_LOST),

    /** No rule matched: a gap in the classifier, logged with the exception classes. */
    UNCLASSIFIED(FailureKind.UNKNOWN);

    private final FailureKind kind;

    SmtpReason(FailureKind kind) {
        this.kind = kind;
    }

    @Override
    public FailureKind kind() {
        return kind;
    }

    /**
     * True when the server refused an XOAUTH2 access token: a fresh token from a source that caches
     * them may succeed where the cached one failed (it may have been revoked or have expired early).
     */
    boolean refusesToken() {
        return this == TOKEN_REFUSED || this == MICROSOFT_SMTP_AUTH_DISABLED;
    }
}
