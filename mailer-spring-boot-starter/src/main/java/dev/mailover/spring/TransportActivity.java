package dev.mailover.spring;

import dev.mailover.Attempt;
import dev.mailover.FailureKind;
import dev.mailover.MailerListener;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the sends themselves say about each transport: the kind of its last failed attempt and when it
 * happened, for the health contributor (a check sends nothing, so it cannot see a failure that only sending
 * provokes, such as a throttled account). Thread-safe; one entry per transport.
 */
final class TransportActivity implements MailerListener {

    /** The last failure of one transport. */
    record LastFailure(FailureKind kind, Instant at) {
    }

    private final Map<String, LastFailure> lastFailures = new ConcurrentHashMap<>();
    private final Clock clock;

    TransportActivity(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void onAttempt(Attempt attempt) {
        attempt.failure().ifPresent(kind -> lastFailures.put(attempt.transport(), new LastFailure(kind, clock.instant())));
    }

    Optional<LastFailure> lastFailure(String transport) {
        return Optional.ofNullable(lastFailures.get(transport));
    }
}
