package dev.mailover.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The {@code mail.outbox.entries} gauges over a counts function, as the starter binds them to
 * {@code Outbox::counts} (mailer-micrometer does not depend on mailer-outbox; its own tests cover the counts).
 */
class OutboxGaugesTest {

    enum Status { PENDING, SENDING, SENT, FAILED }

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicLong clock = new AtomicLong();

    private Supplier<Map<Status, Long>> counts(long pending, long sent) {
        return () -> {
            reads.incrementAndGet();
            Map<Status, Long> m = new EnumMap<>(Status.class);
            m.put(Status.PENDING, pending);
            m.put(Status.SENT, sent);
            return m;
        };
    }

    private double gauge(String status) {
        return registry.get("mail.outbox.entries").tag("status", status).gauge().value();
    }

    @Test
    void eachStatusHasAGaugeTaggedWithItsNameInLowerCase() {
        MailerMetrics.outbox(registry, Status.class, counts(3, 7));

        assertThat(gauge("pending")).isEqualTo(3);
        assertThat(gauge("sent")).isEqualTo(7);
        assertThat(gauge("sending")).isZero();
        assertThat(gauge("failed")).isZero();
        assertThat(registry.get("mail.outbox.entries").gauges()).hasSize(4);
        assertThat(registry.get("mail.outbox.entries").gauge().getId().getBaseUnit()).isEqualTo("entries");
    }

    @Test
    void aScrapeOfEveryStatusReadsTheCountsOnce() {
        new OutboxGauges<>(counts(1, 2), clock::get).register(registry, Status.class);

        registry.get("mail.outbox.entries").gauges().forEach(g -> g.value());
        assertThat(reads).hasValue(1);

        clock.addAndGet(OutboxGauges.REUSE);
        registry.get("mail.outbox.entries").gauges().forEach(g -> g.value());
        assertThat(reads).hasValue(2);
    }

    @Test
    void whileTheCountsCannotBeReadTheGaugesReadNaNAndRecoverAfterwards() {
        AtomicInteger calls = new AtomicInteger();
        Supplier<Map<Status, Long>> flaky = () -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("database unreachable");
            }
            return Map.of(Status.PENDING, 5L);
        };
        new OutboxGauges<>(flaky, clock::get).register(registry, Status.class);

        assertThat(gauge("pending")).isNaN();
        assertThat(gauge("pending")).isEqualTo(5);
    }
}
