package dev.mailover.micrometer;

import dev.mailover.Attempt;
import dev.mailover.FailureKind;
import dev.mailover.MailerListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Turns a mailer's events into meters: each attempt into the {@code mail.send} timer, each failover into
 * the {@code mail.failover} counter, and each breaker's state into the {@code mail.circuit.state} gauges.
 * Thread-safe; it keeps no more than one state per transport.
 */
final class MeteringListener implements MailerListener {

    /**
     * The states a Resilience4j breaker has, as its own {@code resilience4j.circuitbreaker.state} gauges name
     * them: each transport gets one gauge per state, 1 for the current one and 0 for the others.
     */
    static final List<String> STATES = List.of("closed", "open", "half_open", "forced_open", "disabled", "metrics_only");

    private final MeterRegistry registry;
    private final Meter.MeterProvider<Timer> sends;
    private final Meter.MeterProvider<Counter> failovers;
    private final Map<String, AtomicReference<String>> states = new ConcurrentHashMap<>();

    MeteringListener(MeterRegistry registry) {
        this.registry = registry;
        this.sends = Timer.builder(MailerMetrics.SEND)
                .description("Attempts to send an email through one transport: delivered, failed or skipped")
                .withRegistry(registry);
        this.failovers = Counter.builder(MailerMetrics.FAILOVER)
                .description("Sends that moved from one transport to the next")
                .withRegistry(registry);
    }

    @Override
    public void onAttempt(Attempt attempt) {
        sends.withTags(Tags.of(
                MailTags.TRANSPORT, attempt.transport(),
                MailTags.OUTCOME, MailTags.outcome(attempt.outcome()),
                MailTags.KIND, MailTags.kind(attempt.failure()))).record(attempt.elapsed());
        state(attempt.transport());
    }

    @Override
    public void onFailover(String fromTransport, String toTransport, FailureKind reason) {
        failovers.withTags(Tags.of("from", fromTransport, "to", toTransport, MailTags.KIND, MailTags.kind(reason)))
                .increment();
    }

    @Override
    public void onCircuitStateChange(String transport, String state) {
        String current = MailTags.state(state);
        AtomicReference<String> holder = state(transport);
        holder.set(current);
        if (!STATES.contains(current)) {
            gauge(transport, current, holder);
        }
    }

    /**
     * The state of a transport's breaker, with its gauges registered the first time the transport is seen.
     * A breaker starts closed, and the failover mailer reports every change from then on.
     */
    private AtomicReference<String> state(String transport) {
        return states.computeIfAbsent(transport, t -> {
            AtomicReference<String> holder = new AtomicReference<>("closed");
            STATES.forEach(s -> gauge(t, s, holder));
            return holder;
        });
    }

    private void gauge(String transport, String state, AtomicReference<String> holder) {
        Gauge.builder(MailerMetrics.CIRCUIT_STATE, holder, h -> state.equals(h.get()) ? 1 : 0)
                .description("The state of a transport's circuit breaker: 1 for the current state, 0 for the others")
                .tags(MailTags.TRANSPORT, transport, "state", state)
                .strongReference(true)
                .register(registry);
    }

    @Override
    public String toString() {
        return "MailerMetrics.listener{" + registry.getClass().getSimpleName() + '}';
    }
}
