package dev.mailover.smtp.internal;

import dev.mailover.Dsn;
import dev.mailover.Mailer;
import dev.mailover.MailerProvider;
import dev.mailover.smtp.SmtpMailer;
import dev.mailover.smtp.SmtpSecurity;
import java.util.Locale;
import java.util.Set;

/**
 * Creates {@link SmtpMailer}s from DSNs:
 * {@code smtp://user:pass@host:587} (STARTTLS), {@code smtps://user:pass@host:465} (implicit TLS),
 * {@code smtp://host:25?security=none}.
 *
 * <p>Options: {@code security} ({@code starttls}, {@code smtps}, {@code none}; smtp scheme only),
 * {@code connect_timeout}, {@code read_timeout}, {@code pool_size}, {@code max_messages_per_connection},
 * {@code allow_plaintext_auth}, {@code local_host}. Unknown options are refused. Registered through
 * {@code META-INF/services/dev.mailover.MailerProvider}. Internal: not API, use
 * {@link dev.mailover.Mailers#fromDsn(String)}.
 */
public final class SmtpMailerProvider implements MailerProvider {

    private static final String[] OPTIONS = {"security", "connect_timeout", "read_timeout", "pool_size",
        "max_messages_per_connection", "allow_plaintext_auth", "local_host"};

    /** Used by {@link java.util.ServiceLoader}. */
    public SmtpMailerProvider() {
    }

    @Override
    public Set<String> schemes() {
        return Set.of("smtp", "smtps");
    }

    @Override
    public Mailer create(Dsn dsn) {
        dsn.requireKnownOptions(OPTIONS);
        if (dsn.isDefaultHost()) {
            throw new IllegalArgumentException("DSN " + dsn.scheme() + ": give the SMTP server's host name; "
                    + "'default' has no meaning for SMTP");
        }
        SmtpMailer.Builder b = SmtpMailer.builder().host(dsn.host()).security(security(dsn));
        dsn.port().ifPresent(b::port);
        if (dsn.user().isEmpty() && dsn.password().isPresent()) {
            // Silently sending without AUTH would hide the mistake until the server refuses the mail.
            throw new IllegalArgumentException("DSN " + dsn.scheme() + ": a password without a user; "
                    + "write user:password@host");
        }
        if (dsn.user().isPresent()) {
            String password = dsn.password().orElseThrow(() -> new IllegalArgumentException(
                    "DSN " + dsn.scheme() + ": a user without a password; write user:password@host"));
            b.credentials(dsn.user().get(), password);
        }
        dsn.durationOption("connect_timeout").ifPresent(b::connectTimeout);
        dsn.durationOption("read_timeout").ifPresent(b::readTimeout);
        dsn.intOption("pool_size").ifPresent(b::poolSize);
        dsn.intOption("max_messages_per_connection").ifPresent(b::maxMessagesPerConnection);
        dsn.booleanOption("allow_plaintext_auth").ifPresent(b::allowPlaintextAuth);
        dsn.option("local_host").ifPresent(b::localHost);
        return b.build();
    }

    private static SmtpSecurity security(Dsn dsn) {
        String value = dsn.option("security").map(v -> v.strip().toLowerCase(Locale.ROOT)).orElse(null);
        if ("smtps".equals(dsn.scheme())) {
            if (value != null && !value.equals("smtps") && !value.equals("ssl") && !value.equals("tls")) {
                throw new IllegalArgumentException("DSN smtps: security=" + value
                        + " contradicts the smtps scheme (implicit TLS); use smtp:// for STARTTLS or none");
            }
            return SmtpSecurity.SMTPS;
        }
        if (value == null) {
            return SmtpSecurity.STARTTLS;
        }
        switch (value) {
            case "starttls": return SmtpSecurity.STARTTLS;
            case "smtps": case "ssl": case "tls": return SmtpSecurity.SMTPS;
            case "none": case "plain": return SmtpSecurity.NONE;
            default:
                throw new IllegalArgumentException("DSN option security: '" + value
                        + "' is not one of starttls, smtps, none");
        }
    }
}
