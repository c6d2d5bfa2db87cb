package dev.mailover.spring;

import dev.mailover.FailureKind;
import dev.mailover.HealthCheck;
import dev.mailover.MailException;
import dev.mailover.Mailer;
import dev.mailover.failover.FailoverMailer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code mailover} health contributor: each transport's {@link Mailer#check()} (reachability and
 * credentials; it sends nothing), its circuit breaker's state and the kind of its last failed send, and,
 * with the outbox, its storage and the entries by status. Bounded in time: it answers within about
 * {@code mailover.health.timeout} even when a transport's host is blackholed (Spring Boot's own mail health
 * check waits forever there), reporting such a transport down with {@code CONNECTION_TIMEOUT} while its check
 * runs on in the background, never more than one at a time.
 *
 * <p>The status follows the library's own meaning of healthy: UP while mail can be sent. Without the outbox
 * that is while at least one transport passes its check (a failover mailer with one broken transport is UP,
 * and its details show the broken one as DOWN); with the outbox it is while the storage answers, because
 * sends are then accepted and delivered later.
 */
final class MailoverHealthIndicator implements HealthIndicator, AutoCloseable {

    private final Mailer mailer;
    private final TransportActivity activity;
    private final Supplier<? extends Map<?, ? extends Number>> outboxCounts;
    private final Duration timeout;
    private final BoundedCalls calls = new BoundedCalls(2);

    /**
     * @param mailer       the mailer to check (unobserved)
     * @param activity     what sends said about each transport; null when unknown
     * @param outboxCounts the outbox's entries by status; null without an outbox
     */
    MailoverHealthIndicator(Mailer mailer, TransportActivity activity, Supplier<? extends Map<?, ? extends Number>> outboxCounts,
                            Duration timeout) {
        this.mailer = mailer;
        this.activity = activity;
        this.outboxCounts = outboxCounts;
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new MailoverPropertyException("mailover.health.timeout", "must be positive, was " + timeout,
                    "Set mailover.health.timeout to a few seconds, for example 5s.", null);
        }
        this.timeout = timeout;
    }

    @Override
    public Health health() {
        HealthCheck check = check();
        List<HealthCheck> transports = check.components().isEmpty() ? List.of(check) : check.components();
        Map<String, Object> byTransport = new LinkedHashMap<>();
        for (HealthCheck t : transports) {
            byTransport.put(t.transport(), transport(t));
        }
        Health.Builder health = new Health.Builder().withDetail("mailer", mailer.name()).withDetail("transports", byTransport);
        boolean up = check.healthy();
        if (outboxCounts != null) {
            Map<String, Object> outbox = outbox();
            up = "UP".equals(outbox.get("status"));
            health.withDetail("outbox", outbox);
        }
        return (up ? health.up() : health.down()).build();
    }

    private HealthCheck check() {
        if (mailer instanceof FailoverMailer failover) {
            return failover.check(timeout);
        }
        return calls.call("check", mailer::check, timeout).orElseGet(() -> HealthCheck.unhealthy(mailer.name(),
                FailureKind.CONNECTION_TIMEOUT, "the check did not answer within " + timeout.toMillis() + " ms",
                "The transport hangs on its check; check its host, port and timeouts.", timeout));
    }

    private Map<String, Object> transport(HealthCheck check) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("status", check.healthy() ? "UP" : "DOWN");
        breaker(check.transport()).ifPresent(state -> details.put("breaker", state));
        check.failure().ifPresent(kind -> details.put("failure", kind.name()));
        if (!check.detail().isEmpty()) {
            details.put("detail", check.detail());
        }
        if (!check.hint().isEmpty()) {
            details.put("hint", check.hint());
        }
        details.put("elapsed", check.elapsed().toMillis() + " ms");
        if (activity != null) {
            activity.lastFailure(check.transport()).ifPresent(last -> {
                details.put("lastFailure", last.kind().name());
                details.put("lastFailureAt", last.at().toString());
            });
        }
        return details;
    }

    private Optional<String> breaker(String transport) {
        if (mailer instanceof FailoverMailer failover) {
            try {
                return Optional.of(failover.circuitState(transport).name());
            } catch (IllegalArgumentException e) {
                return Optional.empty(); // a nested mailer's component: its breaker is not this one's
            }
        }
        return Optional.empty();
    }

    private Map<String, Object> outbox() {
        Map<String, Object> details = new LinkedHashMap<>();
        try {
            Optional<? extends Map<?, ? extends Number>> counts = calls.call("outbox", outboxCounts, timeout);
            if (counts.isEmpty()) {
                details.put("status", "DOWN");
                details.put("failure", FailureKind.CONNECTION_TIMEOUT.name());
                details.put("detail", "the outbox's storage did not answer within " + timeout.toMillis() + " ms");
                return details;
            }
            details.put("status", "UP");
            counts.get().forEach((status, n) -> details.put(status.toString().toLowerCase(Locale.ROOT), n.longValue()));
        } catch (MailException e) {
            details.put("status", "DOWN");
            details.put("failure", e.kind().name());
            details.put("detail", e.detail());
            details.put("hint", e.hint());
        }
        return details;
    }

    /** Stops the threads of checks still running. */
    @Override
    public void close() {
        calls.close();
    }

    @Override
    public String toString() {
        return "MailoverHealthIndicator{" + mailer.name() + " timeout=" + timeout.toMillis() + "ms}";
    }
}
