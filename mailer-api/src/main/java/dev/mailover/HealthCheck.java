package dev.mailover;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of {@link Mailer#check()}: whether the transport is reachable and its credentials are
 * accepted, found without sending a message. A failover mailer's check holds one component per
 * transport in {@link #components()}.
 */
public final class HealthCheck {

    private final String transport;
    private final FailureKind failure;
    private final String detail;
    private final String hint;
    private final Duration elapsed;
    private final List<HealthCheck> components;

    private HealthCheck(String transport, FailureKind failure, String detail, String hint, Duration elapsed,
                        List<HealthCheck> components) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.failure = failure;
        this.detail = detail == null ? "" : detail;
        this.hint = hint == null ? "" : hint;
        this.elapsed = Objects.requireNonNull(elapsed, "elapsed");
        this.components = List.copyOf(components);
    }

    /** A passing check. */
    public static HealthCheck healthy(String transport, String detail, Duration elapsed) {
        return new HealthCheck(transport, null, detail, "", elapsed, List.of());
    }

    /** A failing check, with the failure's kind, what was seen, and what to do. */
    public static HealthCheck unhealthy(String transport, FailureKind failure, String detail, String hint, Duration elapsed) {
        Objects.requireNonNull(failure, "failure");
        return new HealthCheck(transport, failure, detail, hint == null ? failure.defaultHint() : hint, elapsed, List.of());
    }

    /** A failing check made from a classified failure. */
    public static HealthCheck unhealthy(MailException e, Duration elapsed) {
        return new HealthCheck(e.transport(), e.kind(), e.detail(), e.hint(), elapsed, List.of());
    }

    /**
     * A check made of the checks of several transports. It is healthy when at least one component
     * is healthy (mail still flows); its failure is the first component's failure otherwise.
     */
    public static HealthCheck composite(String transport, List<HealthCheck> components, Duration elapsed) {
        boolean any = components.stream().anyMatch(HealthCheck::healthy);
        FailureKind failure = any ? null : components.stream().map(c -> c.failure).filter(Objects::nonNull)
                .findFirst().orElse(FailureKind.INVALID_CONFIGURATION);
        StringBuilder detail = new StringBuilder();
        for (HealthCheck c : components) {
            if (detail.length() > 0) {
                detail.append("; ");
            }
            detail.append(c.transport).append(c.healthy() ? " healthy" : " " + c.failure);
        }
        if (components.isEmpty()) {
            detail.append("no transports");
        }
        return new HealthCheck(transport, failure, detail.toString(), any ? "" : "No transport is usable.", elapsed, components);
    }

    /** True when the transport can send. */
    public boolean healthy() {
        return failure == null;
    }

    /** The transport's name. */
    public String transport() {
        return transport;
    }

    /** Why the check failed; empty when healthy. */
    public Optional<FailureKind> failure() {
        return Optional.ofNullable(failure);
    }

    /** What the check saw: the server's greeting and capabilities, or the failure's reply. */
    public String detail() {
        return detail;
    }

    /** What to do about a failure; empty when healthy. */
    public String hint() {
        return hint;
    }

    /** How long the check took. */
    public Duration elapsed() {
        return elapsed;
    }

    /** The checks of the transports behind a composite mailer; empty for a single transport. */
    public List<HealthCheck> components() {
        return components;
    }

    @Override
    public String toString() {
        return transport + (healthy() ? " healthy" : " " + failure) + " (" + elapsed.toMillis() + " ms)"
                + (detail.isEmpty() ? "" : ": " + detail) + (hint.isEmpty() ? "" : ". Hint: " + hint);
    }
}
