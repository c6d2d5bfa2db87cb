package dev.mailover.oauth2;

import dev.mailover.FailureKind;
import dev.mailover.internal.Reason;

/**
 * Why a token source has no token, as {@link TokenEndpointFailures} decided it: the token endpoint's
 * refusal, a network failure on the way to it, or the caller's time limit. Each reason fixes its
 * {@link FailureKind} and selects its hint in {@link TokenEndpointFailures#HINTS}, which has a row for
 * every reason (its build refuses a gap).
 */
enum TokenReason implements Reason {

    /** AADSTS7000222: the client secret expired. */
    SECRET_EXPIRED(FailureKind.AUTHENTICATION_FAILED),
    /** AADSTS7000215: the client secret is wrong (often its ID instead of its value). */
    SECRET_WRONG(FailureKind.AUTHENTICATION_FAILED),
    /** AADSTS700016: no such application in the tenant. */
    APP_NOT_FOUND(FailureKind.AUTHENTICATION_FAILED),
    /** AADSTS90002: no such tenant. */
    TENANT_NOT_FOUND(FailureKind.INVALID_CONFIGURATION),
    /** AADSTS65001: the application's permissions have no consent. */
    CONSENT_MISSING(FailureKind.AUTHENTICATION_FAILED),
    /** AADSTS500011: the scope's resource is not in the tenant. */
    RESOURCE_NOT_FOUND(FailureKind.AUTHENTICATION_FAILED),
    /** {@code invalid_scope}, AADSTS70011, AADSTS1002012: the scope is not valid for the client. */
    SCOPE_WRONG(FailureKind.AUTHENTICATION_FAILED),
    /** HTTP 429 or {@code slow_down}. */
    THROTTLED(FailureKind.RATE_LIMITED),
    /** {@code temporarily_unavailable}, {@code server_error} or HTTP 5xx. */
    UNAVAILABLE(FailureKind.SERVICE_UNAVAILABLE),
    /** {@code invalid_client}, or 401/403 without an error code: the client ID or secret. */
    CLIENT_REFUSED(FailureKind.AUTHENTICATION_FAILED),
    /** {@code invalid_grant} of a refresh token: expired, revoked or another client's. */
    REFRESH_TOKEN_REFUSED(FailureKind.AUTHENTICATION_FAILED),
    /** {@code invalid_grant} of client credentials. */
    GRANT_REFUSED(FailureKind.AUTHENTICATION_FAILED),
    /** {@code unauthorized_client}: the client may not use this grant. */
    CLIENT_UNAUTHORIZED(FailureKind.AUTHENTICATION_FAILED),
    /** {@code invalid_request}, {@code unsupported_grant_type}. */
    REQUEST_REFUSED(FailureKind.INVALID_CONFIGURATION),
    /** An answer without an access token or an error code: a sign-in page, a proxy, another service. */
    NOT_A_TOKEN_ENDPOINT(FailureKind.INVALID_CONFIGURATION),
    /** An error code no rule knows: a gap, logged. */
    UNKNOWN_ERROR_CODE(FailureKind.UNKNOWN),

    /** The token endpoint's host does not resolve. */
    UNKNOWN_HOST(FailureKind.DNS_FAILURE),
    /** Nothing accepts connections at the token endpoint. */
    REFUSED(FailureKind.CONNECTION_REFUSED),
    /** The TCP connect to the token endpoint timed out. */
    CONNECT_TIMEOUT(FailureKind.CONNECTION_TIMEOUT),
    /** The token endpoint accepted the connection but did not answer in time. */
    TIMEOUT(FailureKind.CONNECTION_TIMEOUT),
    /** TLS with the token endpoint failed. */
    TLS(FailureKind.TLS_FAILURE),
    /** The connection dropped before the answer. */
    DROPPED(FailureKind.CONNECTION_LOST),
    /** Something answered that is not HTTP (another service on the port). */
    NOT_HTTP(FailureKind.INVALID_CONFIGURATION),
    /** A failure on the way that no rule knows: a gap, logged. */
    UNCLASSIFIED(FailureKind.UNKNOWN),

    /** The caller's time limit ran out before a token came (the request goes on). */
    TIME_LIMIT(FailureKind.CONNECTION_TIMEOUT),
    /** The caller's thread was interrupted while it waited for a token. */
    WAIT_INTERRUPTED(FailureKind.CONNECTION_TIMEOUT);

    private final FailureKind kind;

    TokenReason(FailureKind kind) {
        this.kind = kind;
    }

    @Override
    public FailureKind kind() {
        return kind;
    }
}
