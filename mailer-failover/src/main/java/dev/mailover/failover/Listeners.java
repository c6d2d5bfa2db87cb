package dev.mailover.failover;

import dev.mailover.Attempt;
import dev.mailover.FailureKind;
import dev.mailover.MailerListener;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The failover mailer's listeners, plus its own logging: every failover is a warning, so a broken
 * primary is never invisible, and every breaker that opens is a warning too. A listener that throws
 * is logged and ignored; it never disturbs the send.
 */
final class Listeners implements MailerListener {

    private static final Logger log = LoggerFactory.getLogger(FailoverMailer.class);

    private final List<MailerListener> listeners;

    Listeners(List<MailerListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    @Override
    public void onAttempt(Attempt attempt) {
        log.debug("attempt: {}", attempt);
        each(l -> l.onAttempt(attempt));
    }

    @Override
    public void onFailover(String fromTransport, String toTransport, FailureKind reason) {
        log.warn("transport {} failed with {}; failing over to {}", fromTransport, reason, toTransport);
        each(l -> l.onFailover(fromTransport, toTransport, reason));
    }

    @Override
    public void onCircuitStateChange(String transport, String state) {
        if (state.contains("OPEN") && !state.equals("HALF_OPEN")) {
            log.warn("circuit breaker of transport {} is now {}: it is skipped until it recovers", transport, state);
        } else {
            log.info("circuit breaker of transport {} is now {}", transport, state);
        }
        each(l -> l.onCircuitStateChange(transport, state));
    }

    private void each(Consumer<MailerListener> event) {
        for (MailerListener l : listeners) {
            try {
                event.accept(l);
            } catch (RuntimeException e) {
                log.warn("listener {} threw; the event is ignored for it", l, e);
            }
        }
    }
}
