package dev.mailover;

import java.util.Set;

/**
 * Creates mailers for DSN schemes. Transport modules register implementations in
 * {@code META-INF/services/dev.mailover.MailerProvider}, which {@link Mailers#fromDsn(String)}
 * finds with {@link java.util.ServiceLoader}, so the API module needs no transport code.
 */
public interface MailerProvider {

    /** The schemes this provider handles, for example {@code smtp} and {@code smtps}. */
    Set<String> schemes();

    /**
     * Creates a mailer for a parsed DSN whose scheme is one of {@link #schemes()}. A composite DSN
     * such as {@code failover(...)} has {@link Dsn#children()}; build them with
     * {@link Mailers#fromDsn(Dsn)}.
     *
     * @throws IllegalArgumentException when the DSN is incomplete or has an unknown option; the
     *                                  message names the part that is wrong and never a secret
     */
    Mailer create(Dsn dsn);
}
