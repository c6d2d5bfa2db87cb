package dev.mailover.micrometer;

import dev.mailover.MailException;
import dev.mailover.SendResult;
import io.micrometer.common.KeyValues;
import java.util.List;
import java.util.Optional;

/**
 * The default {@link MailSendObservationConvention}: the observation is named {@code mail.delivery}, its
 * span {@code mail send}, and its low-cardinality keys are {@code mailer}, {@code transport},
 * {@code outcome} ({@code delivered} or {@code failed}) and {@code kind} (the failure's kind in lower case,
 * or {@code none}); the one high-cardinality key is {@code mail.attempts}. No recipient, subject,
 * Message-ID or secret is ever a key.
 *
 * <p>The name is not {@code mail.send} on purpose: {@link MailerMetrics#listener} already times each
 * attempt as {@code mail.send} with other tags, and Micrometer's {@code DefaultMeterObservationHandler}
 * names its timer after the observation. Two timers of one name with different tag keys break a
 * Prometheus registry, and would count one send once per attempt and once more as a whole. So
 * {@code mail.send} counts attempts, and {@code mail.delivery} counts sends.
 *
 * <p>Extend it to add keys; the instance is stateless and thread-safe.
 */
public class DefaultMailSendObservationConvention implements MailSendObservationConvention {

    /** The observation's name, and so the name of the timer that a meter handler makes of it. */
    public static final String NAME = "mail.delivery";

    /** Creates the default convention. */
    public DefaultMailSendObservationConvention() {
    }

    /** {@value #NAME}. */
    @Override
    public String getName() {
        return NAME;
    }

    /** {@code mail send}: the span's name. */
    @Override
    public String getContextualName(MailSendContext context) {
        return "mail send";
    }

    /** {@code mailer}, {@code transport}, {@code outcome} and {@code kind}, as the class says. */
    @Override
    public KeyValues getLowCardinalityKeyValues(MailSendContext context) {
        Optional<SendResult> result = context.result();
        Optional<RuntimeException> failure = context.failure();
        String transport = result.map(SendResult::transport)
                .or(() -> failure.filter(MailException.class::isInstance).map(e -> ((MailException) e).transport()))
                .orElse(MailTags.NONE);
        String outcome = failure.isPresent() ? "failed" : result.isPresent() ? "delivered" : MailTags.NONE;
        String kind = failure.map(e -> e instanceof MailException m ? MailTags.kind(m.kind()) : "unknown")
                .orElse(MailTags.NONE);
        return KeyValues.of(
                MailSendObservationDocumentation.LowCardinalityKeyNames.MAILER.withValue(context.mailer()),
                MailSendObservationDocumentation.LowCardinalityKeyNames.TRANSPORT.withValue(transport),
                MailSendObservationDocumentation.LowCardinalityKeyNames.OUTCOME.withValue(outcome),
                MailSendObservationDocumentation.LowCardinalityKeyNames.KIND.withValue(kind));
    }

    /** {@code mail.attempts}, once the send has ended. */
    @Override
    public KeyValues getHighCardinalityKeyValues(MailSendContext context) {
        Optional<List<?>> attempts = context.result().<List<?>>map(SendResult::attempts)
                .or(() -> context.failure().filter(MailException.class::isInstance)
                        .map(e -> ((MailException) e).attempts()));
        return attempts.map(a -> KeyValues.of(
                MailSendObservationDocumentation.HighCardinalityKeyNames.ATTEMPTS.withValue(String.valueOf(a.size()))))
                .orElse(KeyValues.empty());
    }
}
