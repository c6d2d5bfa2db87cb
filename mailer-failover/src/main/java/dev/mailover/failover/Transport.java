package dev.mailover.failover;

import dev.mailover.Attempt;
import dev.mailover.FailureKind;
import dev.mailover.HealthCheck;
import dev.mailover.MailException;
import dev.mailover.Mailer;
import dev.mailover.SendResult;
import dev.mailover.internal.Causes;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.IllegalStateTransitionException;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One transport behind a {@link FailoverMailer}, under the name the failover gave it (distinct among
 * its transports), with its own circuit breaker and retry policy. Thread-safe.
 *
 * <p>User sends use the transport only while its breaker is closed. An open or half-open breaker is
 * the {@link OpenBreakerProbe}'s business: it makes the half-open trial with the transport's
 * {@link Mailer#check() check}, so no user's send pays for it.
 */
final class Transport {

    private static final Logger log = LoggerFactory.getLogger(FailoverMailer.class);

    private final Mailer mailer;
    private final String name;
    private final CircuitBreaker breaker;
    private final Retry retry;
    private final AtomicBoolean checkRunning = new AtomicBoolean();
    private volatile FailureKind lastFailure;

    Transport(Mailer mailer, String name, CircuitBreakerConfig breakerConfig, RetryPolicy retryPolicy) {
        this.mailer = mailer;
        this.name = name;
        this.breaker = CircuitBreaker.of(name, breakerConfig);
        this.retry = Retry.of(name, retryPolicy.config());
    }

    /** The failover's name for this transport: the mailer's own name, or {@code smtp-2} … when that is taken. */
    String name() {
        return name;
    }

    Mailer mailer() {
        return mailer;
    }

    CircuitBreaker breaker() {
        return breaker;
    }

    /** A fresh retry context for one send's turn on this transport. */
    Retry.AsyncContext<SendResult> retryContext() {
        return retry.asyncContext();
    }

    /** The kind of the last failure seen on this transport, if any. */
    Optional<FailureKind> lastFailure() {
        return Optional.ofNullable(lastFailure);
    }

    /** True when the breaker lets user sends through: closed, or switched off by the configuration. */
    boolean usable() {
        return switch (breaker.getState()) {
            case CLOSED, DISABLED, METRICS_ONLY -> true;
            default -> false;
        };
    }

    /**
     * Asks for one user send's call: granted only while the breaker is {@link #usable() usable}. An
     * open breaker is never moved to half-open here, so a user's send never makes the trial.
     */
    boolean admits() {
        return usable() && breaker.tryAcquirePermission();
    }

    /** Gives back a call that {@link #admits()} granted and that was not made. */
    void releasePermission() {
        breaker.releasePermission();
    }

    /** Why a user's send skips this transport, for its attempt. */
    String skipReason() {
        CircuitBreaker.State state = breaker.getState();
        return "circuit breaker " + state
                + (state == CircuitBreaker.State.HALF_OPEN ? " (the background probe is checking it)" : "")
                + lastFailure().map(k -> " after " + k).orElse("");
    }

    /** The failover's name for a name the mailer reported: its own name becomes this transport's name. */
    String renamed(String reported) {
        return reported.equals(mailer.name()) ? name : reported;
    }

    /** The mailer's own attempts under this transport's name. */
    List<Attempt> renamed(List<Attempt> attempts) {
        return attempts.stream().map(a -> a.transport().equals(mailer.name()) && !name.equals(mailer.name())
                ? new Attempt(name, a.outcome(), a.failure(), a.detail(), a.hint(), a.elapsed()) : a).toList();
    }

    /**
     * Classifies what a transport threw instead of a {@link MailException}, which is a bug in it or an
     * email it cannot express, never news about its path. An {@link IllegalArgumentException} means it
     * refused this email (for example a metadata key that cannot be a header name): a message problem,
     * {@link FailureKind#MESSAGE_REJECTED}. Anything else is {@link FailureKind#UNKNOWN}, so the send
     * can go on elsewhere. Neither counts toward the breaker (see {@link #recordUnexpected()}).
     */
    MailException unexpected(RuntimeException e) {
        FailoverReason reason = e instanceof IllegalArgumentException
                ? FailoverReason.EMAIL_REFUSED_BY_TRANSPORT : FailoverReason.TRANSPORT_BUG;
        String detail;
        if (reason == FailoverReason.EMAIL_REFUSED_BY_TRANSPORT) {
            log.debug("transport {} refused the email: {}", name, e.getMessage());
            detail = "the email cannot be sent through " + name + ": " + e.getMessage();
        } else {
            log.warn("transport {} threw {} instead of a MailException; treating it as UNKNOWN. Please report it.",
                    name, Causes.classes(e), e);
            detail = e.toString();
        }
        return MailException.builder(reason.kind(), name)
                .detail(detail)
                .hint(FailoverHints.hint(reason, Map.of("transport", name, "exception", e.getClass().getName())))
                .cause(e)
                .build();
    }

    /** Tells the breaker that the path delivered. */
    void recordSuccess(long elapsedNanos) {
        breaker.onSuccess(elapsedNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Tells the breaker how the path failed. Only transport faults count against it; a rejected or
     * deferred recipient or a rejected message proves the path works and counts as a success. A
     * failure of the connection itself ({@link MailException#connectionFailed()}) opens the breaker at
     * once: it would fail the same way for the next send.
     */
    void recordFailure(MailException failure, long elapsedNanos) {
        lastFailure = failure.kind();
        if (!failure.kind().transportFault()) {
            breaker.onSuccess(elapsedNanos, TimeUnit.NANOSECONDS);
            return;
        }
        breaker.onError(elapsedNanos, TimeUnit.NANOSECONDS, failure);
        if (failure.connectionFailed()) {
            openAtOnce();
        }
    }

    /** A call that ended in a transport bug ({@link #unexpected}): it says nothing about the path. */
    void recordUnexpected() {
        breaker.releasePermission();
    }

    /** Opens the breaker without a send, for a transport found unreachable, and remembers why. */
    void open(FailureKind reason) {
        lastFailure = reason;
        breaker.transitionToOpenState();
    }

    private void openAtOnce() {
        CircuitBreaker.State state = breaker.getState();
        if (state != CircuitBreaker.State.CLOSED && state != CircuitBreaker.State.HALF_OPEN) {
            return; // already open, or switched off by the configuration
        }
        try {
            breaker.transitionToOpenState();
        } catch (IllegalStateTransitionException e) {
            log.debug("breaker of {} changed state meanwhile", name, e);
        }
    }

    /**
     * Starts a half-open trial when the breaker is open or half-open, no check of this transport is
     * running, and the breaker grants one (an open breaker does once its open period is over). When it
     * returns true the caller runs {@link #check()}, reports the outcome with {@link #recordTrial} and
     * calls {@link #endCheck()} when the check has returned.
     */
    boolean startTrial() {
        if (usable() || !beginCheck()) {
            return false;
        }
        if (breaker.tryAcquirePermission()) {
            return true;
        }
        endCheck();
        return false;
    }

    /** Claims this transport's one background check; false while another one is still running. */
    boolean beginCheck() {
        return checkRunning.compareAndSet(false, true);
    }

    /** The background check has returned (or was never started); another one may start. */
    void endCheck() {
        checkRunning.set(false);
    }

    /** The trial's outcome: a passing check closes a half-open breaker, a failing one opens it again. */
    void recordTrial(HealthCheck check, long elapsedNanos) {
        if (check.healthy()) {
            breaker.onSuccess(elapsedNanos, TimeUnit.NANOSECONDS);
            return;
        }
        FailureKind kind = check.failure().orElse(FailureKind.UNKNOWN);
        lastFailure = kind;
        breaker.onError(elapsedNanos, TimeUnit.NANOSECONDS,
                MailException.builder(kind, name).detail(check.detail()).hint(check.hint()).build());
    }

    /** Runs the transport's check. Never throws. */
    HealthCheck check() {
        long start = System.nanoTime();
        try {
            return mailer.check();
        } catch (RuntimeException e) {
            return HealthCheck.unhealthy(unexpected(e), Duration.ofNanos(System.nanoTime() - start));
        }
    }

    void close() {
        try {
            mailer.close();
        } catch (RuntimeException e) {
            log.debug("closing transport {} failed", name, e);
        }
    }

    @Override
    public String toString() {
        return name + ' ' + breaker.getState();
    }

    /**
     * How a transport retries {@link FailureKind#retryable() retryable} failures: up to
     * {@code attempts} tries, exponential backoff with jitter between them, the server's
     * {@link MailException#retryAfter() retry-after} instead of the backoff when it gave one.
     */
    record RetryPolicy(int attempts, Duration backoffStart, Duration backoffCap) {

        /** Randomization of each backoff, ±50 %, so that senders throttled together do not retry together. */
        static final double JITTER = 0.5;

        RetryConfig config() {
            IntervalFunction backoff = IntervalFunction.ofExponentialRandomBackoff(backoffStart, 2.0, JITTER, backoffCap);
            IntervalBiFunction<SendResult> interval = (attempt, outcome) -> {
                if (outcome.isLeft() && outcome.getLeft() instanceof MailException e && e.retryAfter().isPresent()) {
                    return e.retryAfter().get().toMillis();
                }
                return backoff.apply(attempt);
            };
            return RetryConfig.<SendResult>custom()
                    .maxAttempts(attempts)
                    .intervalBiFunction(interval)
                    .retryOnException(t -> t instanceof MailException e && e.kind().retryable())
                    .failAfterMaxAttempts(false)
                    .build();
        }
    }
}
