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
 */
record SmtpSettings(String host, int port, int dialPort, SmtpSecurity security, String user,
                    Supplier<String> secret, boolean oauth2, Duration connectTimeout, Duration readTimeout,
                    TrustedTls tls, String localHost, Duration validateAfterIdle) {

    boolean hasCredentials() {
        return user != null && secret != null;
    }

    String endpoint() {
        return host + ":" + port;
    }
}
