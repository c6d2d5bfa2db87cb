package dev.mailover.micrometer;

import dev.mailover.Email;
import dev.mailover.MailException;
import dev.mailover.SendResult;
import io.micrometer.observation.Observation;
import java.util.Objects;
import java.util.Optional;

/**
 * What an observation of one {@code Mailer.send} knows: the email, the name of the mailer it went through,
 * and, once the send has ended, its result or its failure. A {@link MailSendObservationConvention} reads it.
 *
 * <p>The email is here for a custom convention that needs it; the default convention takes none of its
 * recipients, subject or Message-ID, and a convention should not make any of them a low-cardinality key.
 */
public final class MailSendContext extends Observation.Context {

    private final Email email;
    private final String mailer;
    private volatile SendResult result;
    private volatile RuntimeException failure;

    /**
     * The context of sending {@code email} through the mailer named {@code mailer}.
     *
     * @param email  the email being sent
     * @param mailer the {@link dev.mailover.Mailer#name() name} of the mailer it is sent through
     */
    public MailSendContext(Email email, String mailer) {
        this.email = Objects.requireNonNull(email, "email");
        this.mailer = Objects.requireNonNull(mailer, "mailer");
    }

    /** The email being sent. */
    public Email email() {
        return email;
    }

    /** The name of the mailer the email is sent through: {@code failover}, {@code smtp}, {@code outbox}, … */
    public String mailer() {
        return mailer;
    }

    /** The result, once the send delivered; empty while it runs and when it failed. */
    public Optional<SendResult> result() {
        return Optional.ofNullable(result);
    }

    /**
     * What the send threw, once it failed: usually a {@link MailException}; empty while it runs and when it
     * delivered.
     */
    public Optional<RuntimeException> failure() {
        return Optional.ofNullable(failure);
    }

    void delivered(SendResult result) {
        this.result = result;
    }

    void failed(RuntimeException failure) {
        this.failure = failure;
    }
}
