package dev.mailover.micrometer;

import dev.mailover.Mailer;
import dev.mailover.MailerListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Micrometer meters and observations for Mailover's mailers.
 *
 * <pre>{@code
 * Mailer failover = FailoverMailer.builder()
 *     .transport(smtp).transport(sendgrid)
 *     .listener(MailerMetrics.listener(meterRegistry))       // mail.send, mail.failover, mail.circuit.state
 *     .build();
 * Mailer mailer = MailerMetrics.observe(failover, observationRegistry);   // mail.delivery, and a span per send
 * MailerMetrics.outbox(meterRegistry, OutboxStatus.class, outbox::counts); // mail.outbox.entries
 * }</pre>
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th><th>counts</th></tr>
 *   <tr><td>{@code mail.send}</td><td>timer</td><td>{@code transport}, {@code outcome} ({@code delivered},
 *       {@code failed}, {@code skipped}), {@code kind} (lower case, or {@code none})</td><td>each attempt of
 *       each transport</td></tr>
 *   <tr><td>{@code mail.failover}</td><td>counter</td><td>{@code from}, {@code to}, {@code kind}</td>
 *       <td>each move from one transport to the next</td></tr>
 *   <tr><td>{@code mail.circuit.state}</td><td>gauge</td><td>{@code transport}, {@code state}</td>
 *       <td>one gauge per state and transport, 1 for the current state (Resilience4j's own convention)</td></tr>
 *   <tr><td>{@code mail.outbox.entries}</td><td>gauge</td><td>{@code status}</td><td>outbox entries in each
 *       status</td></tr>
 *   <tr><td>{@code mail.delivery}</td><td>timer (from the observation)</td><td>{@code mailer},
 *       {@code transport}, {@code outcome}, {@code kind}, and {@code error} (added by Micrometer)</td>
 *       <td>each whole {@code send}, however many attempts it took</td></tr>
 * </table>
 *
 * <p>Times are in the registry's base unit (seconds for Prometheus). No tag ever carries a recipient, a
 * subject, a Message-ID or a secret: every value is a transport's configured name or a word from a fixed
 * vocabulary. The attempt timer and the observation's timer have different names on purpose (see
 * {@link DefaultMailSendObservationConvention}), so both can share one registry, Prometheus included, and
 * nothing is counted twice.
 */
public final class MailerMetrics {

    /** The timer of each attempt. */
    public static final String SEND = "mail.send";
    /** The counter of failovers. */
    public static final String FAILOVER = "mail.failover";
    /** The gauges of the circuit breakers' states. */
    public static final String CIRCUIT_STATE = "mail.circuit.state";
    /** The gauges of outbox entries by status. */
    public static final String OUTBOX_ENTRIES = "mail.outbox.entries";

    private MailerMetrics() {
    }

    /**
     * A listener that records {@code mail.send}, {@code mail.failover} and {@code mail.circuit.state} in the
     * registry. Give it to the mailer that reports events (a {@code FailoverMailer}'s builder takes it with
     * {@code listener(..)}). A transport's breaker gauges appear with its first attempt or state change,
     * starting closed. Use one listener per mailer: two mailers with transports of the same name would
     * share their gauges.
     *
     * @param registry where the meters go
     * @return a thread-safe listener
     */
    public static MailerListener listener(MeterRegistry registry) {
        return new MeteringListener(Objects.requireNonNull(registry, "registry"));
    }

    /**
     * The mailer, with each {@code send} (and {@code sendAsync}) made one observation under the
     * {@link DefaultMailSendObservationConvention default convention}. With a meter handler on the registry
     * (Spring Boot registers one) that makes the {@code mail.delivery} timer; with a tracing bridge, a span
     * per send, in the scope of which the transports run. Checks and closing pass straight through.
     *
     * @param mailer   the mailer to observe; closing the result closes it
     * @param registry the observation registry
     * @return an observed mailer with the same name
     */
    public static Mailer observe(Mailer mailer, ObservationRegistry registry) {
        return observe(mailer, registry, null);
    }

    /**
     * The same as {@link #observe(Mailer, ObservationRegistry)}, with a convention of the caller's own
     * instead of the default one.
     *
     * @param mailer     the mailer to observe; closing the result closes it
     * @param registry   the observation registry
     * @param convention the convention that names the observation and its keys; null for the default
     * @return an observed mailer with the same name
     */
    public static Mailer observe(Mailer mailer, ObservationRegistry registry, MailSendObservationConvention convention) {
        return new ObservedMailer(mailer, registry, convention);
    }

    /**
     * Registers the {@code mail.outbox.entries} gauges, one per constant of {@code statuses}, tagged with its
     * name in lower case. A scrape reads {@code counts} once (the reading serves every status for a second);
     * a status missing from the map reads 0, and while {@code counts} throws every gauge reads NaN.
     *
     * <pre>{@code MailerMetrics.outbox(registry, OutboxStatus.class, outbox::counts);}</pre>
     *
     * @param registry where the gauges go; it holds the counts function from now on
     * @param statuses the status enum, for example {@code OutboxStatus.class}
     * @param counts   how many entries there are in each status, for example {@code outbox::counts}
     * @param <S>      the status type
     */
    public static <S extends Enum<S>> void outbox(MeterRegistry registry, Class<S> statuses,
                                                  Supplier<? extends Map<S, ? extends Number>> counts) {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(statuses, "statuses");
        Objects.requireNonNull(counts, "counts");
        new OutboxGauges<S>(counts, System::nanoTime).register(registry, statuses);
    }
}
