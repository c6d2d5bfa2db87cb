package dev.mailover.failover;

import dev.mailover.Email;
import dev.mailover.FailureKind;
import dev.mailover.HealthCheck;
import dev.mailover.MailException;
import dev.mailover.Mailer;
import dev.mailover.SendResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Test fixture for the engine's decision logic: a {@link Mailer} that answers from a script instead
 * of a network. Each step delivers, or throws a real {@link MailException} of a given kind, the way
 * a transport would. When the script runs out, the last step repeats. The end-to-end tests use the
 * real transports instead.
 */
final class ScriptedMailer implements Mailer {

    /** One scripted answer. */
    interface Step {
        SendResult answer(String transport, Email email, Duration timeLimit);
    }

    private final String name;
    private final ConcurrentLinkedDeque<Step> script = new ConcurrentLinkedDeque<>();
    private volatile Step last = deliver();
    private volatile Supplier<HealthCheck> health;
    final AtomicInteger sends = new AtomicInteger();
    final AtomicInteger closes = new AtomicInteger();
    final AtomicInteger checks = new AtomicInteger();
    final List<Duration> timeLimits = new CopyOnWriteArrayList<>();
    final List<Email> emails = new CopyOnWriteArrayList<>();

    private ScriptedMailer(String name) {
        this.name = name;
        HealthCheck healthy = HealthCheck.healthy(name, "scripted", Duration.ZERO);
        this.health = () -> healthy;
    }

    static ScriptedMailer named(String name) {
        return new ScriptedMailer(name);
    }

    /** Queues answers, in order; the last one repeats. */
    ScriptedMailer then(Step... steps) {
        for (Step s : steps) {
            script.add(s);
        }
        return this;
    }

    ScriptedMailer health(HealthCheck check) {
        return health(() -> check);
    }

    /** Answers each check from {@code check}, for example one that blocks, as a hanging server would. */
    ScriptedMailer health(Supplier<HealthCheck> check) {
        this.health = check;
        return this;
    }

    static Step deliver() {
        return (transport, email, limit) -> SendResult.delivered("id-" + transport + "-" + email.messageId(), transport,
                "250 OK", Duration.ofMillis(1));
    }

    static Step fail(FailureKind kind) {
        return (transport, email, limit) -> {
            throw MailException.builder(kind, transport).detail("scripted " + kind).build();
        };
    }

    static Step fail(MailException.Builder failure) {
        return (transport, email, limit) -> {
            throw failure.build();
        };
    }

    /** A transport that honours its time limit: it waits until the limit and then times out. */
    static Step hang() {
        return (transport, email, limit) -> {
            spend(limit.plusMillis(1));
            throw MailException.builder(FailureKind.CONNECTION_TIMEOUT, transport).detail("connect timed out").build();
        };
    }

    /** A slow server: the send takes {@code time}, whatever its time limit, and then fails with {@code failure}. */
    static Step slowThenFail(Duration time, MailException.Builder failure) {
        return (transport, email, limit) -> {
            spend(time);
            throw failure.build();
        };
    }

    /** The time a scripted server takes: this peer's pace, not a test waiting for a result. */
    private static void spend(Duration time) {
        try {
            Thread.sleep(time.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public SendResult send(Email email) {
        return send(email, Duration.ofDays(1));
    }

    @Override
    public SendResult send(Email email, Duration timeLimit) {
        sends.incrementAndGet();
        timeLimits.add(timeLimit);
        emails.add(email);
        Step step = script.poll();
        if (step == null) {
            step = last;
        } else if (script.isEmpty()) {
            last = step;
        }
        return step.answer(name, email, timeLimit);
    }

    @Override
    public HealthCheck check() {
        checks.incrementAndGet();
        return health.get();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void close() {
        closes.incrementAndGet();
    }

    @Override
    public String toString() {
        return "ScriptedMailer{" + name + "}";
    }
}
