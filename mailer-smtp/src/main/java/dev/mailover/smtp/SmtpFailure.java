package dev.mailover.smtp;

import dev.mailover.FailureKind;
import dev.mailover.MailException;
import dev.mailover.internal.Classification;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * What {@link SmtpFailureClassifier} made of one SMTP failure: the shared {@link Classification}
 * (reason, what the server said, hint, code, retry-after, possibly delivered, connection failed),
 * where it happened, and the refused recipients it is about. The mailer turns it into its
 * {@link MailException}; the doctor into a finding. Immutable.
 *
 * @param classification     the reason and the facts
 * @param where              the endpoint and phase, such as {@code smtp.example.com:587 (STARTTLS) at RCPT TO},
 *                           or empty
 * @param rejectedRecipients the refused recipients of the deciding kind; empty unless a recipient was refused
 *                           or deferred
 */
record SmtpFailure(Classification classification, String where, List<String> rejectedRecipients) {

    SmtpFailure {
        Objects.requireNonNull(classification, "classification");
        where = where == null ? "" : where;
        rejectedRecipients = List.copyOf(rejectedRecipients);
    }

    /** The reason the classifier decided on. */
    SmtpReason reason() {
        return (SmtpReason) classification.reason();
    }

    /** The kind of failure. */
    FailureKind kind() {
        return classification.kind();
    }

    /** The hint. */
    String hint() {
        return classification.hint();
    }

    /**
     * The exception a send throws: the detail starts with where it happened, and the secrets are
     * masked in the detail, the hint and the cause chain.
     */
    MailException toException(String transport, Collection<String> secrets, Throwable cause) {
        String said = classification.detail();
        MailException.Builder b = classification.toException(transport)
                .detail(where.isEmpty() ? said : where + ": " + said)
                .rejectedRecipients(rejectedRecipients)
                .cause(cause);
        for (String s : secrets) {
            b.secret(s);
        }
        return b.build();
    }
}
