package dev.mailover;

/**
 * Why a send or a health check failed. The taxonomy decides what happens next: whether the failure
 * counts against the transport's circuit breaker ({@link #transportFault()}), whether another
 * transport may succeed so that failover moves on ({@link #failsOver()}), and whether the same
 * transport is worth retrying later ({@link #retryable()}).
 *
 * <p>Recipient and message problems are deliberately not transport faults: another provider would
 * refuse the same message, and a bad address must never mark a healthy transport as dead. A
 * per-recipient deferral ({@link #RECIPIENT_DEFERRED}: greylisting, a full mailbox) is not a
 * transport fault either, but it does fail over: an API provider queues the message and retries it
 * on its own schedule.
 */
public enum FailureKind {
    /** The host name does not resolve. */
    DNS_FAILURE(true, true, false,
            "Check the host name for typos and that this machine's DNS resolver can resolve it."),
    /** "Connection refused": nothing listens on that host and port, or a firewall rejects it. */
    CONNECTION_REFUSED(true, true, false,
            "Check the host and port; a firewall may reject the connection, or the server is not running."),
    /** "Connection timed out": the port is blocked, blackholed or filtered on the way. */
    CONNECTION_TIMEOUT(true, true, true,
            "The port is probably blocked or filtered between this host and the server; try another port or an HTTP API transport."),
    /** TLS did not work: wrong encryption for the port, an expired, untrusted or mismatched certificate, or STARTTLS missing. */
    TLS_FAILURE(true, true, false,
            "Check that the security mode matches the port (587 STARTTLS, 465 SMTPS) and that the server's certificate is valid and trusted."),
    /** The credentials were refused: wrong user or password, app password needed, or the API key revoked. */
    AUTHENTICATION_FAILED(true, true, false,
            "Check the user name and password or API key; many providers require an app password or OAuth2."),
    /** The from-address is not verified or not allowed at this provider. */
    SENDER_REJECTED(true, true, false,
            "Verify the from-address or its domain with the provider, or send from an address it allows."),
    /** The server or provider throttles this sender. */
    RATE_LIMITED(true, true, true,
            "The provider is throttling this account; slow down, wait for the retry-after period, or raise the quota."),
    /** The service is temporarily unavailable: 421 closing, other 4xx transient replies, HTTP 5xx. */
    SERVICE_UNAVAILABLE(true, true, true,
            "The service reported a temporary problem; retry later or use another transport."),
    /** The connection was reset or closed in the middle of the conversation. */
    CONNECTION_LOST(true, true, true,
            "The connection dropped mid-conversation; retry, and check for proxies or firewalls that cut idle or large transfers."),
    /** A recipient was refused: unknown mailbox, suppressed or inactive address. */
    RECIPIENT_REJECTED(false, false, false,
            "Check the recipient address; it does not exist, is suppressed, or was refused by the receiving side."),
    /**
     * The recipient's server deferred the message for now (450/451/452 at RCPT): greylisting, a full
     * mailbox, an address it could not verify yet. It says nothing about the transport's path, so it
     * never counts toward a circuit breaker; another transport (an API provider that queues and
     * retries on its own) may still deliver it, and the same transport may succeed later.
     */
    RECIPIENT_DEFERRED(false, true, true,
            "The recipient's server deferred the message (greylisting, a full mailbox or a busy server); "
                    + "it accepts it later, so retry in a few minutes or send through a provider that queues and retries."),
    /** The message itself was refused: too large, content or policy rejection, or an invalid request body. */
    MESSAGE_REJECTED(false, false, false,
            "Change the message: it is too large, malformed, or refused by policy; another transport would refuse it too."),
    /** The transport is misconfigured: missing credentials, bad URL or port, or a feature it lacks. */
    INVALID_CONFIGURATION(true, true, false,
            "Fix the transport's configuration; the detail names the setting that is wrong."),
    /** Anything not classified. Each occurrence is a gap in a classifier: please report it. */
    UNKNOWN(true, true, false,
            "An unclassified failure; the detail holds the original error. Please report it so it can be classified.");

    private final boolean transportFault;
    private final boolean failsOver;
    private final boolean retryable;
    private final String defaultHint;

    FailureKind(boolean transportFault, boolean failsOver, boolean retryable, String defaultHint) {
        this.transportFault = transportFault;
        this.failsOver = failsOver;
        this.retryable = retryable;
        this.defaultHint = defaultHint;
    }

    /**
     * True when this failure says something about the transport's path rather than about the
     * message or its recipients: it counts toward the transport's circuit breaker.
     */
    public boolean transportFault() {
        return transportFault;
    }

    /**
     * True when another transport may succeed where this one failed, so a failover send moves on to
     * the next transport. Every {@link #transportFault() transport fault} fails over, and so does
     * {@link #RECIPIENT_DEFERRED}; a rejected recipient or message does not, because another
     * provider would refuse it too.
     */
    public boolean failsOver() {
        return failsOver;
    }

    /** True when the same transport is worth another try, after a backoff or the server's retry-after. */
    public boolean retryable() {
        return retryable;
    }

    /**
     * A generic hint for this kind, used when a transport has nothing more specific to say. Transports
     * usually give a better one that names the port, the security mode or the provider.
     */
    public String defaultHint() {
        return defaultHint;
    }
}
