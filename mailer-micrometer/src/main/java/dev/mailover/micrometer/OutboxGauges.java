package dev.mailover.micrometer;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The {@code mail.outbox.entries} gauges: one per status, all read from one call of the counts function,
 * which is made at most once per {@link #REUSE} so that a scrape of every status costs one query. When the
 * counts cannot be read (the database is down, the outbox is closed) the gauges read NaN, Micrometer's
 * "no value", until they can again.
 */
final class OutboxGauges<S extends Enum<S>> {

    /** How long one reading of the counts serves every status's gauge. */
    static final long REUSE = 1_000_000_000L;

    private final Supplier<? extends Map<S, ? extends Number>> counts;
    private final LongSupplier nanoTime;
    private long readAt;
    private Map<S, ? extends Number> last;

    OutboxGauges(Supplier<? extends Map<S, ? extends Number>> counts, LongSupplier nanoTime) {
        this.counts = counts;
        this.nanoTime = nanoTime;
    }

    void register(MeterRegistry registry, Class<S> statuses) {
        for (S status : statuses.getEnumConstants()) {
            Gauge.builder(MailerMetrics.OUTBOX_ENTRIES, this, g -> g.count(status))
                    .description("Outbox entries in each status")
                    .baseUnit("entries")
                    .tag("status", status.name().toLowerCase(Locale.ROOT))
                    .strongReference(true)
                    .register(registry);
        }
    }

    double count(S status) {
        Map<S, ? extends Number> now = read();
        if (now == null) {
            return Double.NaN;
        }
        Number n = now.get(status);
        return n == null ? 0 : n.doubleValue();
    }

    private synchronized Map<S, ? extends Number> read() {
        long now = nanoTime.getAsLong();
        if (last == null || now - readAt >= REUSE) {
            try {
                last = counts.get();
            } catch (RuntimeException e) {
                last = null; // unreadable now: NaN, and the next scrape asks again
                return null;
            }
            readAt = now;
        }
        return last;
    }
}
