package dev.mailover.smtp;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Everything needed to open an SMTP connection, as {@link SmtpMailer.Builder} validated it.
 *
 * @param host          the server's host name, as the certificate must name it
 * @param port          the server's port, as the user configured it (hints are about this port)
 * @param dialPort      the port actually connected to; equals {@code port} except in tests
 * @param security      the encryption mode
 * @param user          the user for AUTH, or null for none
 * @param secret        supplies the password, or a fresh OAuth2 access token per connection; null for none
 * @param oauth2        true when {@code secret} supplies XOAUTH2 access tokens
 * @param connectTimeout TCP connect timeout
 * @param readTimeout   read timeout, also used as the write timeout
 * @param tls           the trust used to verify the server
 * @param localHost     the name sent with EHLO, or null for Jakarta Mail's default
 * @param validateAfterIdle a pooled connection idle longer than this is checked with NOOP before reuse
 * @param name          the transport's name in attempts, exceptions and logs
 * @param vocabulary    how hints name settings (builder methods, DSN options, command-line flags)
 */
record SmtpSettings(String host, int port, int dialPort, SmtpSecurity security, String user,
                    Supplier<String> secret, boolean oauth2, Duration connectTimeout, Duration readTimeout,
                    TrustedTls tls, String localHost, Duration validateAfterIdle, String name,
                    HintVocabulary vocabulary) {

    boolean hasCredentials() {
        return user != null && secret != null;
    }

    String endpoint() {
        return host + ":" + port;
    }

    /** How many read timeouts a whole conversation may take, after the connect, when the caller set no time limit. */
    static final int CONVERSATION_READ_TIMEOUTS = 10;

    /**
     * The longest a send without a time limit, or a check, may take from the connect to the last reply:
     * the connect timeout plus {@value #CONVERSATION_READ_TIMEOUTS} read timeouts (5 min 10 s with the
     * defaults). A server that answers each reply within the read timeout but trickles it one byte at
     * a time is cut off here.
     */
    Duration conversationBound() {
        return connectTimeout.plus(readTimeout.multipliedBy(CONVERSATION_READ_TIMEOUTS));
    }
}
