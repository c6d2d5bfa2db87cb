package dev.mailover.spring;

import dev.mailover.Dsn;
import dev.mailover.Mailer;
import dev.mailover.Mailers;
import dev.mailover.failover.FailoverMailer;
import dev.mailover.internal.Secrets;
import dev.mailover.micrometer.MailSendObservationConvention;
import dev.mailover.micrometer.MailerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The mailer that {@code mailover.dsn} describes, as the starter built it: what the application (or the
 * outbox's relay) sends through, observed when there is an {@link ObservationRegistry}; the same mailer
 * unobserved, for the health contributor; and what the sends said about each transport. It owns the mailer
 * and closes it with the application context.
 *
 * <p>A {@code failover(…)} or {@code roundrobin(…)} DSN is built through {@link FailoverMailer#builder(Dsn)},
 * so the {@code mailover.failover.*} properties are applied to the builder (after the DSN's own options,
 * which they override) and the meters' listener is added to it: nothing is parsed twice and the DSN
 * options keep their one meaning.
 */
final class MailoverDelivery implements AutoCloseable {

    private static final String DSN = "mailover.dsn";
    private static final String DSN_ACTION = "Fix mailover.dsn. Examples: smtp://user:pass@smtp.example.com:587,"
            + " sendgrid+api://KEY@default, failover(smtp://user:pass@smtp.example.com:587 sendgrid+api://KEY@default)."
            + " Percent-encode @ / ? # ( ) and spaces in user names, passwords and keys (@ as %40).";

    private final Mailer mailer;
    private final Mailer unobserved;
    private final TransportActivity activity;

    private MailoverDelivery(Mailer mailer, Mailer unobserved, TransportActivity activity) {
        this.mailer = mailer;
        this.unobserved = unobserved;
        this.activity = activity;
    }

    /**
     * Builds the mailer of the properties.
     *
     * @param meters       where the failover's meters go; null for none
     * @param observations what observes each send; null for none
     * @param convention   the observation's convention; null for the default
     * @throws MailoverPropertyException naming the property at fault
     */
    static MailoverDelivery create(MailoverProperties properties, MeterRegistry meters, ObservationRegistry observations,
                                   MailSendObservationConvention convention) {
        String text = Objects.requireNonNull(properties.getDsn(), DSN);
        Dsn dsn;
        try {
            dsn = Dsn.parse(text);
        } catch (IllegalArgumentException e) {
            throw new MailoverPropertyException(DSN, e.getMessage(), DSN_ACTION, e);
        }
        Secrets secrets = secretsOf(dsn);
        TransportActivity activity = new TransportActivity(Clock.systemUTC());
        Mailer built;
        try {
            built = isComposite(dsn) ? failover(dsn, properties.getFailover(), meters, activity, secrets)
                    : transport(dsn, properties.getFailover());
        } catch (IllegalArgumentException | IllegalStateException e) {
            String reason = secrets.mask(e.getMessage());
            throw new MailoverPropertyException(DSN, reason, DSN_ACTION + (reason.contains("unknown DSN scheme") ? ""
                    : " Schemes on the class path: " + String.join(", ", Mailers.availableSchemes()) + "."), null);
        }
        Mailer sent = observations == null || observations.isNoop() ? built
                : MailerMetrics.observe(built, observations, convention);
        return new MailoverDelivery(sent, built, activity);
    }

    private static boolean isComposite(Dsn dsn) {
        return dsn.scheme().equals("failover") || dsn.scheme().equals("roundrobin");
    }

    private static Mailer failover(Dsn dsn, MailoverProperties.Failover settings, MeterRegistry meters,
                                   TransportActivity activity, Secrets secrets) {
        FailoverMailer.Builder b = FailoverMailer.builder(dsn).listener(activity);
        if (meters != null) {
            b.listener(MailerMetrics.listener(meters));
        }
        apply("mailover.failover.deadline", settings.getDeadline(), b::deadline, secrets);
        apply("mailover.failover.ambiguity", settings.getAmbiguity(), b::ambiguity, secrets);
        apply("mailover.failover.probe-on-startup", settings.getProbeOnStartup(), b::probeOnStartup, secrets);
        return b.build();
    }

    private static <T> void apply(String property, T value, Consumer<T> setter, Secrets secrets) {
        if (value == null) {
            return;
        }
        try {
            setter.accept(value);
        } catch (IllegalArgumentException e) {
            throw new MailoverPropertyException(property, secrets.mask(e.getMessage()), "Fix " + property + ".", null);
        }
    }

    private static Mailer transport(Dsn dsn, MailoverProperties.Failover settings) {
        Mailer transport = Mailers.fromDsn(dsn); // first, so that a DSN that cannot work is reported as such
        if (settings.anySet()) {
            transport.close();
            throw new MailoverPropertyException("mailover.failover", "the mailover.failover.* properties apply to a"
                    + " failover(…) or roundrobin(…) DSN, and mailover.dsn is a single " + dsn.scheme() + " transport",
                    "Remove the mailover.failover.* properties, or make mailover.dsn a failover DSN:"
                            + " failover(" + dsn.scheme() + "://… sendgrid+api://KEY@default).", null);
        }
        return transport;
    }

    /**
     * Every password in the DSN and its children, and the user of each API scheme (its key), so that no
     * error can quote one.
     */
    private static Secrets secretsOf(Dsn dsn) {
        List<String> secrets = new ArrayList<>();
        collect(dsn, secrets);
        return Secrets.of(secrets);
    }

    private static void collect(Dsn dsn, List<String> secrets) {
        if (dsn.scheme().endsWith("+api")) {
            dsn.user().ifPresent(secrets::add);
        }
        dsn.password().ifPresent(secrets::add);
        dsn.children().forEach(c -> collect(c, secrets));
    }

    /** What the application, or the outbox's relay, sends through: observed when observations are on. */
    Mailer mailer() {
        return mailer;
    }

    /** The same mailer without the observation, for checks. */
    Mailer unobserved() {
        return unobserved;
    }

    TransportActivity activity() {
        return activity;
    }

    /** Closes the mailer; idempotent, as every mailer's close is. */
    @Override
    public void close() {
        mailer.close();
    }

    @Override
    public String toString() {
        return "MailoverDelivery{" + mailer + '}';
    }
}
