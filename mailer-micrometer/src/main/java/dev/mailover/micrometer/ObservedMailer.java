package dev.mailover.micrometer;

import dev.mailover.Email;
import dev.mailover.HealthCheck;
import dev.mailover.Mailer;
import dev.mailover.SendResult;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A mailer whose every send is one observation: started before the send, with the send running in its
 * scope (so a transport's own observations, such as OkHttp's, nest under it), stopped with its result or
 * its failure. Checks, names and closing go straight to the mailer it wraps.
 */
final class ObservedMailer implements Mailer {

    private static final MailSendObservationConvention DEFAULT = new DefaultMailSendObservationConvention();

    private final Mailer mailer;
    private final ObservationRegistry registry;
    private final MailSendObservationConvention convention;

    ObservedMailer(Mailer mailer, ObservationRegistry registry, MailSendObservationConvention convention) {
        this.mailer = Objects.requireNonNull(mailer, "mailer");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.convention = convention;
    }

    @Override
    public SendResult send(Email email) {
        return observe(email, () -> mailer.send(email));
    }

    @Override
    public SendResult send(Email email, Duration timeLimit) {
        Objects.requireNonNull(timeLimit, "timeLimit");
        return observe(email, () -> mailer.send(email, timeLimit));
    }

    /** The wrapped mailer's asynchronous send, observed from the call until the future completes. */
    @Override
    public CompletableFuture<SendResult> sendAsync(Email email) {
        Objects.requireNonNull(email, "email");
        MailSendContext context = new MailSendContext(email, mailer.name());
        Observation observation = observation(context).start();
        CompletableFuture<SendResult> sent;
        try (Observation.Scope scope = observation.openScope()) {
            sent = mailer.sendAsync(email);
        } catch (RuntimeException e) {
            stop(observation, context, e);
            throw e;
        }
        return sent.whenComplete((result, e) -> {
            if (e == null) {
                context.delivered(result);
                observation.stop();
            } else {
                Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
                stop(observation, context, cause instanceof RuntimeException r ? r : new RuntimeException(cause));
            }
        });
    }

    @Override
    public HealthCheck check() {
        return mailer.check();
    }

    @Override
    public String name() {
        return mailer.name();
    }

    @Override
    public void close() {
        mailer.close();
    }

    /** For example {@code Observed{FailoverMailer{…}}}. */
    @Override
    public String toString() {
        return "Observed{" + mailer + '}';
    }

    private SendResult observe(Email email, Supplier<SendResult> send) {
        Objects.requireNonNull(email, "email");
        MailSendContext context = new MailSendContext(email, mailer.name());
        Observation observation = observation(context).start();
        try (Observation.Scope scope = observation.openScope()) {
            SendResult result = send.get();
            context.delivered(result);
            observation.stop();
            return result;
        } catch (RuntimeException e) {
            stop(observation, context, e);
            throw e;
        }
    }

    private Observation observation(MailSendContext context) {
        return MailSendObservationDocumentation.MAIL_DELIVERY.observation(convention, DEFAULT, () -> context, registry);
    }

    private static void stop(Observation observation, MailSendContext context, RuntimeException failure) {
        context.failed(failure);
        observation.error(failure);
        observation.stop();
    }
}
