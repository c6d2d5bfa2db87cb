package dev.mailover.failover;

import dev.mailover.HealthCheck;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.IllegalStateTransitionException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks, every interval, the transports whose breaker is open. A transport whose
 * {@link dev.mailover.Mailer#check() check} passes moves to half-open at once, so the next send
 * tries it without waiting out the open period or for live traffic to find it. Runs on one named
 * daemon thread, stopped by {@link #close()}.
 */
final class OpenBreakerProbe implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FailoverMailer.class);
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final List<Transport> transports;
    private final ScheduledExecutorService scheduler;

    OpenBreakerProbe(List<Transport> transports, Duration interval) {
        this.transports = List.copyOf(transports);
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "mailover-failover-probe-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.setRemoveOnCancelPolicy(true);
        this.scheduler = pool;
        long millis = Math.max(1, interval.toMillis());
        scheduler.scheduleWithFixedDelay(this::probeOpenBreakers, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** One round: check each transport whose breaker is open. */
    void probeOpenBreakers() {
        for (Transport transport : transports) {
            CircuitBreaker breaker = transport.breaker();
            if (breaker.getState() != CircuitBreaker.State.OPEN) {
                continue;
            }
            HealthCheck check = transport.check();
            if (!check.healthy()) {
                log.debug("probe: transport {} is still unhealthy: {}", transport.name(), check);
                continue;
            }
            try {
                breaker.transitionToHalfOpenState();
                log.info("probe: transport {} is healthy again; its breaker is half-open, the next send tries it",
                        transport.name());
            } catch (IllegalStateTransitionException e) {
                log.debug("probe: breaker of {} changed state meanwhile", transport.name(), e);
            }
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
