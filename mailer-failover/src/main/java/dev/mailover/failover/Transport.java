package dev.mailover.failover;

import dev.mailover.Email;
import dev.mailover.FailureKind;
import dev.mailover.HealthCheck;
import dev.mailover.MailException;
import dev.mailover.Mailer;
import dev.mailover.SendResult;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One transport behind a {@link FailoverMailer}, with its own circuit breaker and retry policy.
 * Thread-safe.
 */
final class Transport {

    private static final Logger log = LoggerFactory.getLogger(FailoverMailer.class);

    private final Mailer mailer;
    private final String name;
    private final CircuitBreaker breaker;
    private final Retry retry;
    private volatile FailureKind lastFailure;

    Transport(Mailer mailer, CircuitBreakerConfig breakerConfig, RetryPolicy retryPolicy) {
        this.mailer = mailer;
        this.name = mailer.name();
        this.breaker = CircuitBreaker.of(name, breakerConfig);
        this.retry = Retry.of(name, retryPolicy.config());
    }

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

    /**
     * Sends once, capped by {@code timeLimit}. Anything other than a {@link MailException} is a
     * transport bug; it becomes {@link FailureKind#UNKNOWN} so the send can go on elsewhere.
     */
    SendResult send(Email email, Duration timeLimit) {
        try {
            return mailer.send(email, timeLimit);
        } catch (MailException e) {
            throw e;
        } catch (RuntimeException e) {
            throw unclassified(e);
        }
    }

    /** Tells the breaker that the path delivered. */
    void recordSuccess(long elapsedNanos) {
        breaker.onSuccess(elapsedNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Tells the breaker how the path failed. Only transport faults count against it; a recipient
     * or message rejection proves the path works and counts as a success.
     */
    void recordFailure(MailException failure, long elapsedNanos) {
        lastFailure = failure.kind();
        if (failure.kind().transportFault()) {
            breaker.onError(elapsedNanos, TimeUnit.NANOSECONDS, failure);
        } else {
            breaker.onSuccess(elapsedNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Opens the breaker without a send, for a transport found unreachable, and remembers why. */
    void open(FailureKind reason) {
        lastFailure = reason;
        breaker.transitionToOpenState();
    }

    /** Runs the transport's check. Never throws. */
    HealthCheck check() {
        long start = System.nanoTime();
        try {
            return mailer.check();
        } catch (RuntimeException e) {
            return HealthCheck.unhealthy(unclassified(e), Duration.ofNanos(System.nanoTime() - start));
        }
    }

    void close() {
        try {
            mailer.close();
        } catch (RuntimeException e) {
            log.debug("closing transport {} failed", name, e);
        }
    }

    private MailException unclassified(RuntimeException e) {
        log.warn("transport {} threw {} instead of a MailException; treating it as UNKNOWN. Please report it.",
                name, causeChain(e), e);
        return MailException.builder(FailureKind.UNKNOWN, name).detail(e.toString()).cause(e).build();
    }

    private static String causeChain(Throwable e) {
        StringBuilder chain = new StringBuilder();
        for (Throwable t = e; t != null && chain.length() < 500; t = t.getCause()) {
            chain.append(chain.length() == 0 ? "" : " <- ").append(t.getClass().getName());
            if (t.getCause() == t) {
                break;
            }
        }
        return chain.toString();
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
