package dev.mailover.failover.internal;

import dev.mailover.Dsn;
import dev.mailover.Mailer;
import dev.mailover.MailerProvider;
import dev.mailover.Mailers;
import dev.mailover.failover.FailoverMailer;
import java.util.Set;

/**
 * Builds {@link FailoverMailer}s for the DSN schemes {@code failover(DSN DSN …)} and
 * {@code roundrobin(DSN DSN …)}. Registered through {@link java.util.ServiceLoader}; not API, use
 * {@link Mailers#fromDsn(String)}.
 *
 * <p>The options are those of {@link FailoverMailer#builder(Dsn)}; any other option is refused, for
 * example {@code failover(smtp://… sendgrid+api://…)?deadline=30s&retries=0}.
 */
public final class FailoverMailerProvider implements MailerProvider {

    /** Called by {@link java.util.ServiceLoader}. */
    public FailoverMailerProvider() {
    }

    /** {@code failover} and {@code roundrobin}. */
    @Override
    public Set<String> schemes() {
        return Set.of("failover", "roundrobin");
    }

    /**
     * Builds a {@link FailoverMailer} over the child DSNs, in order; {@code roundrobin} uses
     * {@code Strategy.ROUND_ROBIN}. Children built before a failing one are closed again.
     *
     * @throws IllegalArgumentException when there are no children, a child DSN is bad, or an option
     *                                  is unknown or malformed, naming it
     */
    @Override
    public Mailer create(Dsn dsn) {
        return FailoverMailer.builder(dsn).build();
    }
}
