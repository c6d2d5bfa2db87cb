package dev.mailover.micrometer;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * The convention of the observation around {@code Mailer.send}: its name, its span name and its key values.
 * Implement it (or extend {@link DefaultMailSendObservationConvention}) and pass it to
 * {@link MailerMetrics#observe(dev.mailover.Mailer, io.micrometer.observation.ObservationRegistry,
 * MailSendObservationConvention)} to change them. Keep low-cardinality keys low: a recipient, a subject or a
 * Message-ID as a meter tag makes a new time series per email.
 */
public interface MailSendObservationConvention extends ObservationConvention<MailSendContext> {

    /** True for a {@link MailSendContext}. */
    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof MailSendContext;
    }
}
