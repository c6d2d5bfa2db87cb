package dev.mailover.failover;

import dev.mailover.HealthCheck;
import dev.mailover.internal.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the half-open trial of every open circuit breaker, so that no user's send pays for it. Every
 * interval it looks for breakers whose open period is over (the breaker's configuration decides when
 * that is), moves each to half-open and runs its transport's {@link dev.mailover.Mailer#check() check}:
 * a passing check closes the breaker, a failing one opens it again for another open period. While the
 * trial runs, user sends skip the transport.
 *
 * <p>Bounded: a check runs on its own thread, at most one per transport, and counts as failed when it
 * has not answered within {@code checkTimeout}; a check that hangs keeps its thread (and no other
 * trial of that transport starts) until it returns, but it never holds the probe. The threads are
 * daemons named {@code mailover-failover-probe-N} and {@code mailover-failover-probe-N-check-M}, and
 * stop in {@link #close()}.
 */
final class OpenBreakerProbe implements AutoCloseable {

    /** How often the probe looks for breakers whose open period is over, unless the builder says otherwise. */
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(FailoverMailer.class);
    private static final AtomicInteger PROBES = new AtomicInteger();

    private final List<Transport> transports;
    private final Duration checkTimeout;
    private final ScheduledThreadPoolExecutor scheduler;
    private final ThreadPoolExecutor checks;

    OpenBreakerProbe(List<Transport> transports, Duration interval, Duration checkTimeout) {
        this.transports = List.copyOf(transports);
        this.checkTimeout = checkTimeout;
        String name = "mailover-failover-probe-" + PROBES.incrementAndGet();
        this.scheduler = new ScheduledThreadPoolExecutor(1, daemons(name, null));
        scheduler.setRemoveOnCancelPolicy(true);
        this.checks = new ThreadPoolExecutor(0, this.transports.size(), 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                daemons(name + "-check-", new AtomicInteger()));
        long millis = Math.max(1, interval.toMillis());
        scheduler.scheduleWithFixedDelay(this::probeDueBreakers, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** One round: start the trial of each transport whose breaker grants one. Never blocks on a check. */
    void probeDueBreakers() {
        for (Transport transport : transports) {
            if (transport.startTrial()) {
                trial(transport);
            }
        }
    }

    /**
     * Checks every transport at once, each bounded by the check timeout, and waits for all: the
     * startup probe. A transport whose check is still running from before counts as unhealthy.
     */
    List<HealthCheck> checkEach() {
        return checkEach(checkTimeout);
    }

    /**
     * Checks every transport at once, each bounded by {@code timeout}, and waits for all: at most about the
     * timeout. A transport whose check is still running from before (a trial, or an earlier check that
     * outlived its timeout) counts as unhealthy at once, so repeated calls never pile up checks.
     */
    List<HealthCheck> checkEach(Duration timeout) {
        List<CompletableFuture<HealthCheck>> checks = new ArrayList<>();
        for (Transport transport : transports) {
            checks.add(transport.beginCheck() ? boundedCheck(transport, System.nanoTime(), timeout)
                    : CompletableFuture.completedFuture(timedOut(transport, System.nanoTime(), timeout)));
        }
        return checks.stream().map(CompletableFuture::join).toList();
    }

    private void trial(Transport transport) {
        log.debug("probe: checking transport {} for its breaker's half-open trial", transport.name());
        long start = System.nanoTime();
        boundedCheck(transport, start, checkTimeout).thenAccept(check -> {
            transport.recordTrial(check, System.nanoTime() - start);
            if (check.healthy()) {
                log.info("probe: transport {} passed its check; the next sends use it again", transport.name());
            } else {
                log.debug("probe: transport {} is still unhealthy: {}", transport.name(), check);
            }
        });
    }

    /**
     * Runs the check of a transport whose {@link Transport#beginCheck()} succeeded on a check thread.
     * The future completes with the check, or with a timed-out one after the check timeout; the
     * transport's check ends when the check itself returns, however long that takes.
     */
    private CompletableFuture<HealthCheck> boundedCheck(Transport transport, long start, Duration timeout) {
        CompletableFuture<HealthCheck> outcome = new CompletableFuture<>();
        try {
            checks.execute(() -> {
                try {
                    outcome.complete(transport.check());
                } finally {
                    transport.endCheck();
                }
            });
        } catch (RejectedExecutionException e) {
            transport.endCheck();
            return CompletableFuture.completedFuture(HealthCheck.unhealthy(transport.name(),
                    FailoverReason.PROBE_CLOSING.kind(), "the failover mailer is closing",
                    FailoverHints.hint(FailoverReason.PROBE_CLOSING, Map.of()), Duration.ofNanos(System.nanoTime() - start)));
        }
        try {
            ScheduledFuture<?> timer = scheduler.schedule(() -> outcome.complete(timedOut(transport, start, timeout)),
                    timeout.toNanos(), TimeUnit.NANOSECONDS);
            outcome.whenComplete((check, e) -> timer.cancel(false));
        } catch (RejectedExecutionException e) {
            log.debug("probe: closing; the check of {} runs on without a timeout", transport.name());
        }
        return outcome;
    }

    private HealthCheck timedOut(Transport transport, long start, Duration timeout) {
        String limit = Durations.human(timeout);
        return HealthCheck.unhealthy(transport.name(), FailoverReason.CHECK_TIMED_OUT.kind(),
                "the check did not answer within " + limit,
                FailoverHints.hint(FailoverReason.CHECK_TIMED_OUT, Map.of("transport", transport.name(), "limit", limit)),
                Duration.ofNanos(System.nanoTime() - start));
    }

    private static ThreadFactory daemons(String name, AtomicInteger numbers) {
        return r -> {
            Thread t = new Thread(r, numbers == null ? name : name + numbers.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Stops the probe and interrupts running checks. Idempotent. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        checks.shutdownNow();
    }
}
