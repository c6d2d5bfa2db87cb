package dev.mailover.failover.internal;

import dev.mailover.Dsn;
import dev.mailover.Mailer;
import dev.mailover.MailerProvider;
import dev.mailover.Mailers;
import dev.mailover.failover.AmbiguityPolicy;
import dev.mailover.failover.FailoverMailer;
import dev.mailover.failover.Strategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds {@link FailoverMailer}s for the DSN schemes {@code failover(DSN DSN …)} and
 * {@code roundrobin(DSN DSN …)}. Registered through {@link java.util.ServiceLoader}; not API, use
 * {@link Mailers#fromDsn(String)}.
 *
 * <p>Options: {@code deadline} (a duration, default 60s); {@code retries} (how many times a
 * transport is retried after its first try, for retryable failures; default 1, 0 turns retries
 * off); {@code ambiguity} ({@code failover}, the default, or {@code fail}). Any other option is
 * refused, for example {@code failover(smtp://… sendgrid+api://…)?deadline=30s&retries=0}.
 */
public final class FailoverMailerProvider implements MailerProvider {

    private static final Logger log = LoggerFactory.getLogger(FailoverMailerProvider.class);
    private static final Duration DEFAULT_BACKOFF_START = Duration.ofMillis(200);
    private static final Duration DEFAULT_BACKOFF_CAP = Duration.ofSeconds(5);

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
     * {@link Strategy#ROUND_ROBIN}. Children built before a failing one are closed again.
     *
     * @throws IllegalArgumentException when there are no children, a child DSN is bad, or an option
     *                                  is unknown or malformed, naming it
     */
    @Override
    public Mailer create(Dsn dsn) {
        dsn.requireKnownOptions("deadline", "retries", "ambiguity");
        if (dsn.children().isEmpty()) {
            throw new IllegalArgumentException("DSN " + dsn.scheme() + ": write it as " + dsn.scheme() + "(DSN DSN …)");
        }
        FailoverMailer.Builder b = FailoverMailer.builder()
                .strategy(dsn.scheme().equals("roundrobin") ? Strategy.ROUND_ROBIN : Strategy.PRIORITY);
        dsn.durationOption("deadline").ifPresent(b::deadline);
        dsn.intOption("retries").ifPresent(n -> {
            if (n < 0) {
                throw new IllegalArgumentException("DSN option retries: must be 0 or more, was " + n);
            }
            b.retry(n + 1, DEFAULT_BACKOFF_START, DEFAULT_BACKOFF_CAP);
        });
        dsn.option("ambiguity").map(FailoverMailerProvider::ambiguity).ifPresent(b::ambiguity);
        List<Mailer> children = new ArrayList<>();
        try {
            for (Dsn child : dsn.children()) {
                children.add(Mailers.fromDsn(child));
            }
        } catch (RuntimeException e) {
            children.forEach(FailoverMailerProvider::closeQuietly);
            throw e;
        }
        children.forEach(b::transport);
        return b.build();
    }

    private static AmbiguityPolicy ambiguity(String value) {
        try {
            return AmbiguityPolicy.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("DSN option ambiguity: '" + value + "' is neither 'failover' nor 'fail'", e);
        }
    }

    private static void closeQuietly(Mailer m) {
        try {
            m.close();
        } catch (RuntimeException e) {
            log.debug("closing {} after a failed DSN failed too", m.name(), e);
        }
    }
}
