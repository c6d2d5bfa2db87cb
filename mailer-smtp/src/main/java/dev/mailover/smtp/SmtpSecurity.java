package dev.mailover.smtp;

/**
 * How an SMTP connection is encrypted.
 *
 * <p>Whatever the mode, when TLS is used the server's certificate chain and host name are always
 * verified; there is no way to turn that off, only to trust more certificates
 * ({@link SmtpMailer.Builder#trustedCertificates}).
 */
public enum SmtpSecurity {
    /**
     * Connect in plaintext, then upgrade with STARTTLS before anything else is sent. Required: when
     * the server does not offer STARTTLS, the connection fails; it never continues in plaintext.
     * The usual mode for port 587.
     */
    STARTTLS(587),
    /** Implicit TLS from the first byte ("SMTPS", RFC 8314). The usual mode for port 465. */
    SMTPS(465),
    /**
     * No encryption. Meant for a relay on the same host or a trusted network (port 25). AUTH over
     * such a connection is refused unless {@link SmtpMailer.Builder#allowPlaintextAuth(boolean)}.
     */
    NONE(25);

    private final int defaultPort;

    SmtpSecurity(int defaultPort) {
        this.defaultPort = defaultPort;
    }

    /** The port this mode usually runs on: 587, 465 or 25. */
    public int defaultPort() {
        return defaultPort;
    }
}
