package dev.mailover.failover;

import dev.mailover.Attempt;
import dev.mailover.Email;
import dev.mailover.FailureKind;
import dev.mailover.MailException;
import dev.mailover.SendResult;
import dev.mailover.failover.FailureDecisions.Action;
import dev.mailover.failover.FailureDecisions.Decision;
import dev.mailover.failover.FailureDecisions.Situation;
import dev.mailover.internal.Durations;
import io.github.resilience4j.retry.Retry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One send through a {@link FailoverMailer}: walks the transports in order, skips those whose breaker
 * is not closed, gives each attempt its share of the deadline, retries or fails over as
 * {@link FailureDecisions} says, and keeps every attempt. Used by one thread, once.
 */
final class FailoverSend {

    private static final Logger log = LoggerFactory.getLogger(FailoverMailer.class);

    private final Email email;
    private final List<Transport> order;
    private final AmbiguityPolicy ambiguity;
    private final Listeners listeners;
    private final Deadline deadline;
    private final List<Attempt> attempts = new ArrayList<>();
    /** The last failure of each transport tried, in the order tried. */
    private final Map<Transport, FailureKind> tried = new LinkedHashMap<>();
    private final List<Transport> skipped = new ArrayList<>();
    private MailException lastFailure;
    private Transport lastTransport;
    /** The first deferral of the recipients, so that a send that runs out of transports stays retryable. */
    private MailException deferral;
    private Transport deferredBy;
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
            Optional<SendResult> delivered = turn(i);
            if (delivered.isPresent()) {
                return delivered.get();
            }
            if (i + 1 < order.size() && tried.containsKey(transport)) {
                listeners.onFailover(transport.name(), order.get(i + 1).name(), lastFailure.kind());
            }
        }
        throw exhausted();
    }

    /** Tries the transport at {@code index}, with retries; empty when the send should move on to the next one. */
    private Optional<SendResult> turn(int index) {
        Transport transport = order.get(index);
        Retry.AsyncContext<SendResult> retry = transport.retryContext();
        for (boolean first = true; ; first = false) {
            if (!transport.admits()) {
                if (first) {
                    skip(transport);
                }
                // else: this turn's own failures opened the breaker, which cancels the retry
                return Optional.empty();
            }
            int untried = untriedAfter(index);
            Duration limit = deadline.forAttempt(untried);
            if (limit.isZero()) {
                transport.releasePermission();
                throw deadlineSpent(index);
            }
            long start = System.nanoTime();
            MailException failure;
            boolean unexpected = false;
            try {
                SendResult result = transport.mailer().send(email, limit);
                long elapsed = System.nanoTime() - start;
                transport.recordSuccess(elapsed);
                retry.onComplete();
                List<Attempt> own = result.attempts().isEmpty()
                        ? List.of(Attempt.delivered(transport.name(), result.messageId(), Duration.ofNanos(elapsed)))
                        : transport.renamed(result.attempts());
                own.forEach(this::attempt);
                return Optional.of(new SendResult(result.messageId(), transport.renamed(result.transport()), attempts,
                        deadline.elapsed()));
            } catch (MailException e) {
                failure = e;
            } catch (RuntimeException e) {
                failure = transport.unexpected(e);
                unexpected = true;
            } catch (Error e) {
                transport.releasePermission();
                throw e;
            }
            long elapsed = System.nanoTime() - start;
            failed(transport, failure, Duration.ofNanos(elapsed));
            if (unexpected) {
                transport.recordUnexpected();
            } else {
                transport.recordFailure(failure, elapsed);
            }
            MailException decided = failure;
            int untriedNow = untriedAfter(index);
            Situation situation = new Situation(failure, ambiguity, deadline.remaining(), deadline.forAttempt(untriedNow),
                    untriedNow > 0, () -> retry.onError(decided));
            Decision decision = FailureDecisions.decide(situation);
            log.debug("{} failed with {}: {} because {}", transport.name(), failure.kind(), decision.action(), decision.reason());
            if (decision.action() == Action.STOP) {
                throw stopped(transport, failure);
            }
            if (decision.action() == Action.OUT_OF_TIME) {
                throw deadlineSpent(index + 1);
            }
            if (decision.action() == Action.FAILOVER) {
                return Optional.empty();
            }
            pause(situation.retryDelayMillis());
        }
    }

    /** How many transports after {@code index} are still to come with a breaker that lets sends through. */
    private int untriedAfter(int index) {
        int n = 0;
        for (int i = index + 1; i < order.size(); i++) {
            if (order.get(i).usable()) {
                n++;
            }
        }
        return n;
    }

    private void attempt(Attempt attempt) {
        attempts.add(attempt);
        listeners.onAttempt(attempt);
    }

    private void skip(Transport transport) {
        if (!tried.containsKey(transport)) {
            skipped.add(transport);
        }
        attempt(Attempt.skipped(transport.name(), transport.skipReason()));
    }

    private void failed(Transport transport, MailException failure, Duration elapsed) {
        lastFailure = failure;
        lastTransport = transport;
        if (failure.kind() == FailureKind.RECIPIENT_DEFERRED && deferral == null) {
            deferral = failure;
            deferredBy = transport;
        }
        possiblyDelivered |= failure.possiblyDelivered();
        tried.remove(transport);
        tried.put(transport, failure.kind());
        skipped.remove(transport);
        if (failure.attempts().isEmpty()) {
            attempt(Attempt.failed(transport.name(), failure.kind(), failure.detail(), failure.hint(), elapsed));
        } else {
            transport.renamed(failure.attempts()).forEach(this::attempt);
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
            throw passedOn(FailoverMailer.NAME, FailoverReason.INTERRUPTED, decisive(),
                    "interrupted while waiting to retry; the last failure, on " + lastTransport.name() + ": ", Map.of())
                    .build();
        }
    }

    /** The decisive failure, under the failover's name for its transport, with every attempt. */
    private MailException stopped(Transport transport, MailException decisive) {
        return passedOn(transport.renamed(decisive.transport()), FailoverReason.STOPPED, decisive, "", Map.of())
                .connectionFailed(decisive.connectionFailed())
                .build();
    }

    private MailException exhausted() {
        if (lastFailure == null) {
            FailureKind kind = order.stream().map(Transport::lastFailure).flatMap(Optional::stream)
                    .reduce((a, b) -> b).orElse(FailoverReason.ALL_BREAKERS_OPEN.kind());
            return MailException.builder(kind, FailoverMailer.NAME)
                    .detail("every transport was skipped: their circuit breakers are open")
                    .hint(FailoverHints.hint(FailoverReason.ALL_BREAKERS_OPEN, Map.of("tried", triedSummary())))
                    .attempts(attempts)
                    .build();
        }
        MailException decisive = decisive();
        String detail = decisive == deferral && deferral != lastFailure
                ? "every transport failed; " + deferredBy.name()
                        + " was deferred by the recipient's server, so the message may go through later: "
                : "every transport failed; the last, " + lastTransport.name() + ", said: ";
        return passedOn(FailoverMailer.NAME, FailoverReason.EVERY_TRANSPORT_FAILED, decisive, detail, Map.of()).build();
    }

    private MailException deadlineSpent(int next) {
        List<String> notTried = new ArrayList<>();
        for (int i = next; i < order.size(); i++) {
            notTried.add(order.get(i).name());
        }
        Map<String, String> untried = Map.of("untried", String.join(", ", notTried));
        String budget = Durations.human(deadline.budget());
        if (lastFailure == null) {
            FailoverReason reason = FailoverReason.DEADLINE_BEFORE_ANY_ANSWER;
            return MailException.builder(reason.kind(), FailoverMailer.NAME)
                    .detail("the deadline of " + budget + " was spent before any transport answered")
                    .hint(FailoverHints.hint(reason, untried))
                    .attempts(attempts)
                    .build();
        }
        return passedOn(FailoverMailer.NAME, notTried.isEmpty() ? FailoverReason.DEADLINE_SPENT
                : FailoverReason.DEADLINE_SPENT_UNTRIED, decisive(), "the deadline of " + budget
                + " was spent; the last failure, on " + lastTransport.name() + ": ", untried).build();
    }

    /**
     * The failure that decides how a failed send is reported: the last one, unless it is not worth
     * retrying while a recipient's server deferred the message earlier. Then the deferral decides, so
     * that the send stays retryable: that server accepts the message later.
     */
    private MailException decisive() {
        return deferral != null && !lastFailure.kind().retryable() ? deferral : lastFailure;
    }

    /**
     * The send's failure for a reason that {@link FailoverReason#passesOn() passes the decisive
     * failure on}: its kind, code, retry-after and refused recipients, the detail after
     * {@code detailPrefix}, and the reason's hint from {@link FailoverHints} around the decisive hint.
     */
    private MailException.Builder passedOn(String transport, FailoverReason reason, MailException decisive, String detailPrefix,
                                   Map<String, String> values) {
        Map<String, String> v = new HashMap<>(values);
        v.put("hint", FailoverHints.sentence(decisive.hint()));
        v.put("tried", triedSummary());
        MailException.Builder b = MailException.builder(decisive.kind(), transport)
                .detail(detailPrefix + decisive.detail())
                .hint(FailoverHints.hint(reason, v))
                .retryAfter(decisive.retryAfter().orElse(null))
                .possiblyDelivered(possiblyDelivered)
                .rejectedRecipients(decisive.rejectedRecipients())
                .attempts(attempts)
                .cause(decisive);
        decisive.code().ifPresent(b::code);
        return b;
    }

    /** For example "Tried: smtp (CONNECTION_REFUSED), sendgrid (RATE_LIMITED); skipped (circuit open): ses." */
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
