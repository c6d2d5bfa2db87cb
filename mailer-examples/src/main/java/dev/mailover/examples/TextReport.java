package dev.mailover.examples;

import dev.mailover.Attempt;
import dev.mailover.FailureKind;
import dev.mailover.HealthCheck;
import dev.mailover.MailException;
import dev.mailover.SendResult;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Renders the library's results as plain text for a terminal: a send's result and attempts, a failure
 * with its hint, and health checks. Every line is meant to be read by a person at 2 a.m.; none of them
 * holds a secret, because the values rendered mask theirs already.
 */
final class TextReport {

    private static final String HINT_INDENT = "       -> ";

    private TextReport() {
    }

    /** For example: {@code Sent by sendgrid in 42 ms, message id <…>}, then the attempts. */
    static String result(SendResult r) {
        StringBuilder s = new StringBuilder();
        s.append("Sent by ").append(r.transport()).append(" in ").append(millis(r.elapsed())).append('\n');
        s.append("Message id: ").append(r.messageId()).append('\n');
        appendAttempts(s, r.attempts());
        return s.toString();
    }

    /** The failure in one line, its hint, a warning when it may have been delivered, then the attempts. */
    static String failure(MailException e) {
        StringBuilder s = new StringBuilder();
        s.append("Not sent: ").append(e.kind()).append(" on ").append(e.transport());
        e.code().ifPresent(c -> s.append(" (").append(c).append(')'));
        if (!e.detail().isEmpty()) {
            s.append(": ").append(oneLine(e.detail()));
        }
        s.append('\n');
        if (!e.rejectedRecipients().isEmpty()) {
            s.append("Refused recipients: ").append(String.join(", ", e.rejectedRecipients())).append('\n');
        }
        if (e.possiblyDelivered()) {
            s.append("Warning: the connection broke after the message was handed over; it may have been delivered."
                    + " Check before sending it again.\n");
        }
        e.retryAfter().ifPresent(d -> s.append("Retry after: ").append(millis(d)).append('\n'));
        s.append("Hint: ").append(e.hint()).append('\n');
        appendAttempts(s, e.attempts());
        return s.toString();
    }

    /**
     * One line per transport: {@code [ OK ]} or {@code [FAIL]}, the kind, the time and what was seen,
     * then the hint. A composite check (failover) lists its components beneath its own line.
     */
    static String health(HealthCheck h) {
        StringBuilder s = new StringBuilder();
        if (h.components().isEmpty()) {
            appendHealth(s, h, "", h.detail());
            return s.toString();
        }
        long healthy = h.components().stream().filter(HealthCheck::healthy).count();
        appendHealth(s, h, "", healthy + " of " + h.components().size() + " transports healthy");
        for (HealthCheck c : h.components()) {
            appendHealth(s, c, "  ", c.detail());
        }
        return s.toString();
    }

    /** The attempts alone, numbered, each failed one followed by its own hint. */
    static String attempts(List<Attempt> attempts) {
        StringBuilder s = new StringBuilder();
        appendAttempts(s, attempts);
        return s.toString();
    }

    private static void appendAttempts(StringBuilder s, List<Attempt> attempts) {
        if (attempts.isEmpty()) {
            return;
        }
        int width = attempts.stream().mapToInt(a -> a.transport().length()).max().orElse(0);
        s.append("Attempts:\n");
        int n = 1;
        for (Attempt a : attempts) {
            s.append(String.format(Locale.ROOT, "  %d. %-" + width + "s  %-9s  %-21s %7s",
                    n++, a.transport(), a.outcome(), a.failure().map(FailureKind::name).orElse(""), millis(a.elapsed())));
            if (!a.detail().isEmpty()) {
                s.append("  ").append(oneLine(a.detail()));
            }
            s.append('\n');
            a.failure().ifPresent(kind -> s.append(HINT_INDENT).append(hintFor(a, kind)).append('\n'));
        }
    }

    /** Each failed attempt's own hint (it names the port, the mode, the provider); its kind's default only when it has none. */
    private static String hintFor(Attempt a, FailureKind kind) {
        return a.hint().isEmpty() ? kind.defaultHint() : oneLine(a.hint());
    }

    private static void appendHealth(StringBuilder s, HealthCheck h, String indent, String detail) {
        s.append(indent).append(h.healthy() ? "[ OK ] " : "[FAIL] ").append(h.transport());
        h.failure().ifPresent(k -> s.append(' ').append(k));
        s.append(" (").append(millis(h.elapsed())).append(')');
        if (!detail.isEmpty()) {
            s.append(": ").append(oneLine(detail));
        }
        s.append('\n');
        if (!h.healthy() && !h.hint().isEmpty()) {
            s.append(indent).append(HINT_INDENT).append(h.hint()).append('\n');
        }
    }

    static String millis(Duration d) {
        long ms = d.toMillis();
        return ms < 10_000 ? ms + " ms" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    /** Server replies can span lines (multi-line SMTP replies); a report line must not. */
    static String oneLine(String text) {
        return text.strip().replaceAll("\\s*[\\r\\n]+\\s*", " | ");
    }
}
