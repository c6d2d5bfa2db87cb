package dev.mailover.failover;

import dev.mailover.Attempt;
import dev.mailover.Email;
import dev.mailover.FailureKind;
import dev.mailover.MailException;
import dev.mailover.SendResult;
import dev.mailover.failover.FailureDecisions.Action;
import dev.mailover.failover.FailureDecisions.Decision;
import dev.mailover.failover.FailureDecisions.Situation;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One send through a {@link FailoverMailer}: walks the transports in order, asks each one's breaker
 * for permission, retries or fails over as {@link FailureDecisions} says, and keeps every attempt.
 * Used by one thread, once.
 */
final class FailoverSend {

    private static final Logger log = LoggerFactory.getLogger(FailoverMailer.class);

    private final Email email;
    private final List<Transport> order;
    private final AmbiguityPolicy ambiguity;
    private final Listeners listeners;
    private final Deadline deadline;
    private final List<Attempt> attempts = new ArrayList<>();
    /**
     * The last failure of each transport tried, in the order tried. Keyed by transport, not by
     * name: two transports may share one ({@code failover(smtp://primary smtp://backup)}).
     */
    private final Map<Transport, FailureKind> tried = new LinkedHashMap<>();
    private final List<Transport> skipped = new ArrayList<>();
    private MailException lastFailure;
    private boolean possiblyDelivered;

    FailoverSend(Email email, List<Transport> order, AmbiguityPolicy ambiguity, Listeners listeners, Duration deadline) {
        this.email = email;
        this.order = order;
        this.ambiguity = ambiguity;
        this.listeners = listeners;
        this.deadline = Deadline.start(deadline);
    }

    SendResult run() {
        for (int i = 0; i < order.size(); i++) {
            Transport transport = order.get(i);
            if (deadline.spent()) {
                throw deadlineSpent(i);
            }
            Optional<SendResult> delivered = turn(transport);
            if (delivered.isPresent()) {
                return delivered.get();
            }
            if (i + 1 < order.size() && tried.containsKey(transport)) {
                listeners.onFailover(transport.name(), order.get(i + 1).name(), lastFailure.kind());
            }
        }
        throw exhausted();
    }

    /** Tries one transport, with retries; empty when the send should move on to the next one. */
    private Optional<SendResult> turn(Transport transport) {
        Retry.AsyncContext<SendResult> retry = transport.retryContext();
        CircuitBreaker breaker = transport.breaker();
        for (boolean first = true; ; first = false) {
            if (!breaker.tryAcquirePermission()) {
                if (first) {
                    skip(transport, "circuit breaker " + breaker.getState()
                            + transport.lastFailure().map(k -> " after " + k).orElse(""));
                }
                // else: this turn's own failures opened the breaker, which cancels the retry
                return Optional.empty();
            }
            Duration remaining = deadline.remaining();
            if (remaining.isZero()) {
                breaker.releasePermission();
                throw deadlineSpent(order.indexOf(transport));
            }
            long start = System.nanoTime();
            MailException failure;
            try {
                SendResult result = transport.send(email, remaining);
                long elapsed = System.nanoTime() - start;
                transport.recordSuccess(elapsed);
                retry.onComplete();
                List<Attempt> own = result.attempts().isEmpty()
                        ? List.of(Attempt.delivered(transport.name(), result.messageId(), Duration.ofNanos(elapsed)))
                        : result.attempts();
                own.forEach(this::attempt);
                return Optional.of(new SendResult(result.messageId(), result.transport(), attempts, deadline.elapsed()));
            } catch (MailException e) {
                failure = e;
            } catch (Error e) {
                breaker.releasePermission();
                throw e;
            }
            long elapsed = System.nanoTime() - start;
            failed(transport, failure, Duration.ofNanos(elapsed));
            transport.recordFailure(failure, elapsed);
            Situation situation = new Situation(failure, ambiguity, deadline.remaining(), () -> retry.onError(failure));
            Decision decision = FailureDecisions.decide(situation);
            log.debug("{} failed with {}: {} because {}", transport.name(), failure.kind(), decision.action(), decision.reason());
            if (decision.action() == Action.STOP) {
                throw stopped(failure);
            }
            if (decision.action() == Action.OUT_OF_TIME) {
                throw deadlineSpent(order.indexOf(transport) + 1);
            }
            if (decision.action() == Action.FAILOVER) {
                return Optional.empty();
            }
            pause(situation.retryDelayMillis());
        }
    }

    private void attempt(Attempt attempt) {
        attempts.add(attempt);
        listeners.onAttempt(attempt);
    }

    private void skip(Transport transport, String reason) {
        if (!tried.containsKey(transport)) {
            skipped.add(transport);
        }
        attempt(Attempt.skipped(transport.name(), reason));
    }

    private void failed(Transport transport, MailException failure, Duration elapsed) {
        lastFailure = failure;
        possiblyDelivered |= failure.possiblyDelivered();
        tried.remove(transport);
        tried.put(transport, failure.kind());
        skipped.remove(transport);
        if (failure.attempts().isEmpty()) {
            attempt(Attempt.failed(transport.name(), failure.kind(), failure.detail(), failure.hint(), elapsed));
        } else {
            failure.attempts().forEach(this::attempt);
        }
    }

    /** Waits before a retry; the decision already made sure the wait fits in the deadline. */
    private void pause(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw combined("interrupted while waiting to retry; the last failure, on " + lastFailure.transport() + ": ", "");
        }
    }

    private MailException stopped(MailException decisive) {
        return decisive.toBuilder()
                .hint(sentences(decisive.hint(), triedSummary()))
                .attempts(attempts)
                .possiblyDelivered(possiblyDelivered)
                .cause(decisive)
                .build();
    }

    private MailException exhausted() {
        if (lastFailure == null) {
            FailureKind kind = order.stream().map(Transport::lastFailure).flatMap(Optional::stream)
                    .reduce((a, b) -> b).orElse(FailureKind.SERVICE_UNAVAILABLE);
            return MailException.builder(kind, FailoverMailer.NAME)
                    .detail("every transport was skipped: their circuit breakers are open")
                    .hint("Every transport failed recently and is resting; check the warnings logged when each "
                            + "breaker opened, or the transports' check(). " + triedSummary())
                    .attempts(attempts)
                    .build();
        }
        return combined("every transport failed; the last, " + lastFailure.transport() + ", said: ", "");
    }

    private MailException deadlineSpent(int next) {
        List<String> notTried = new ArrayList<>();
        for (int i = next; i < order.size(); i++) {
            notTried.add(order.get(i).name());
        }
        String notTriedText = notTried.isEmpty() ? "" : " Not tried: " + String.join(", ", notTried)
                + "; raise the failover deadline or lower the transports' timeouts so that every transport gets a turn.";
        if (lastFailure == null) {
            return MailException.builder(FailureKind.CONNECTION_TIMEOUT, FailoverMailer.NAME)
                    .detail("the deadline of " + deadline.budget().toMillis() + " ms was spent before any transport answered")
                    .hint("Raise the failover deadline." + notTriedText)
                    .attempts(attempts)
                    .build();
        }
        return combined("the deadline of " + deadline.budget().toMillis() + " ms was spent; the last failure, on "
                + lastFailure.transport() + ": ", notTriedText);
    }

    private MailException combined(String detailPrefix, String hintSuffix) {
        MailException.Builder b = MailException.builder(lastFailure.kind(), FailoverMailer.NAME)
                .detail(detailPrefix + lastFailure.detail())
                .hint(sentences(lastFailure.hint(), triedSummary() + hintSuffix))
                .retryAfter(lastFailure.retryAfter().orElse(null))
                .possiblyDelivered(possiblyDelivered)
                .rejectedRecipients(lastFailure.rejectedRecipients())
                .attempts(attempts)
                .cause(lastFailure);
        lastFailure.code().ifPresent(b::code);
        return b.build();
    }

    /** Joins two hints as sentences: "use 587 with STARTTLS" and "Tried: …" become "use 587 with STARTTLS. Tried: …". */
    private static String sentences(String first, String second) {
        String a = first.strip();
        String b = second.strip();
        if (a.isEmpty() || b.isEmpty()) {
            return a + b;
        }
        char last = a.charAt(a.length() - 1);
        return a + (last == '.' || last == '!' || last == '?' ? " " : ". ") + b;
    }

    /** For example "Tried: smtp (CONNECTION_REFUSED), sendgrid (RATE_LIMITED); skipped: ses (circuit open)." */
    private String triedSummary() {
        StringJoiner t = new StringJoiner(", ", "Tried: ", "");
        t.setEmptyValue("");
        tried.forEach((transport, kind) -> t.add(transport.name() + " (" + kind + ")"));
        StringJoiner s = new StringJoiner(", ", t.length() > 0 ? "skipped (circuit open): " : "Skipped (circuit open): ", "");
        s.setEmptyValue("");
        skipped.forEach(transport -> s.add(transport.name()));
        String both = t.length() > 0 && s.length() > 0 ? t + "; " + s : t.toString() + s;
        return both.isEmpty() ? "" : both + ".";
    }
}
