package dev.mailover;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One try of one transport during a send: delivered, failed with a {@link FailureKind}, or skipped
 * because the transport's circuit breaker was open. {@link SendResult#attempts()} and
 * {@link MailException#attempts()} list them in the order they happened.
 *
 * @param transport the transport's {@link Mailer#name() name}
 * @param outcome   what happened
 * @param failure   why it failed; empty unless the outcome is {@link Outcome#FAILED}
 * @param detail    the server's reply or the reason, with secrets masked
 * @param hint      what a person should do about this failure (the failure's own hint, specific to the
 *                  transport, port and mode); empty unless the outcome is {@link Outcome#FAILED}
 * @param elapsed   how long the attempt took
 */
public record Attempt(String transport, Outcome outcome, Optional<FailureKind> failure, String detail, String hint,
                      Duration elapsed) {

    /** What happened to one attempt. */
    public enum Outcome {
        /** The transport accepted the message. */
        DELIVERED,
        /** The transport failed; {@link Attempt#failure()} says why. */
        FAILED,
        /** The transport was not tried, usually because its circuit breaker was open. */
        SKIPPED
    }

    /** Checks that no component is null and that a failure is given exactly for failed attempts. */
    public Attempt {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(elapsed, "elapsed");
        detail = detail == null ? "" : detail;
        hint = hint == null ? "" : hint;
        if ((outcome == Outcome.FAILED) != failure.isPresent()) {
            throw new IllegalArgumentException("failure: must be present exactly when the outcome is FAILED");
        }
        if (outcome != Outcome.FAILED && !hint.isEmpty()) {
            throw new IllegalArgumentException("hint: only a failed attempt has one");
        }
    }

    /** A delivered attempt. */
    public static Attempt delivered(String transport, String detail, Duration elapsed) {
        return new Attempt(transport, Outcome.DELIVERED, Optional.empty(), detail, "", elapsed);
    }

    /** A failed attempt with the failure's own hint. */
    public static Attempt failed(String transport, FailureKind kind, String detail, String hint, Duration elapsed) {
        return new Attempt(transport, Outcome.FAILED, Optional.of(kind), detail, hint, elapsed);
    }

    /** A failed attempt whose hint is the kind's {@link FailureKind#defaultHint() default}. */
    public static Attempt failed(String transport, FailureKind kind, String detail, Duration elapsed) {
        return failed(transport, kind, detail, kind.defaultHint(), elapsed);
    }

    /** The failed attempt that this exception describes: its kind, detail and hint. */
    public static Attempt failed(MailException failure, Duration elapsed) {
        return failed(failure.transport(), failure.kind(), failure.detail(), failure.hint(), elapsed);
    }

    /** A skipped attempt, with the reason it was skipped. */
    public static Attempt skipped(String transport, String reason) {
        return new Attempt(transport, Outcome.SKIPPED, Optional.empty(), reason, "", Duration.ZERO);
    }

    /** For example {@code smtp FAILED CONNECTION_REFUSED (1.0 s): Connection refused}. */
    @Override
    public String toString() {
        return transport + ' ' + outcome + failure.map(k -> " " + k).orElse("")
                + " (" + elapsed.toMillis() + " ms)" + (detail.isEmpty() ? "" : ": " + detail);
    }
}
