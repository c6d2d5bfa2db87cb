package dev.mailover;

import java.util.Objects;

/**
 * One step of a diagnosis on one port: for example "TCP connect" on 587 failed, or "certificate"
 * on 465 expires in 12 days.
 *
 * @param step   the checklist step, such as {@code DNS}, {@code TCP}, {@code greeting}, {@code EHLO},
 *               {@code TLS}, {@code certificate} or {@code AUTH}
 * @param port   the port the step ran against, or 0 for a step about the host as a whole (DNS)
 * @param status pass, warning or failure
 * @param detail what was seen
 * @param hint   what to do; empty when there is nothing to do
 * @param subject what the step is about when a diagnosis covers several things (a transport's name,
 *                {@code sender domain shop.example}); empty for a diagnosis of one server
 */
public record Finding(String step, int port, Status status, String detail, String hint, String subject) {

    /** How one step went. */
    public enum Status {
        /** The step worked. */
        PASS,
        /** The step worked, but something needs attention (a certificate expiring soon, AUTH not offered). */
        WARN,
        /** The step failed. */
        FAIL
    }

    /** Checks for nulls; a null detail, hint or subject becomes empty. */
    public Finding {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(status, "status");
        detail = detail == null ? "" : detail;
        hint = hint == null ? "" : hint;
        subject = subject == null ? "" : subject;
    }

    /** A finding about the one server a diagnosis is of (no subject). */
    public Finding(String step, int port, Status status, String detail, String hint) {
        this(step, port, status, detail, hint, "");
    }

    /** This finding, about {@code subject} (a transport's name, the sender domain). */
    public Finding about(String subject) {
        return new Finding(step, port, status, detail, hint, subject);
    }

    /** A passing step. */
    public static Finding pass(String step, int port, String detail) {
        return new Finding(step, port, Status.PASS, detail, "");
    }

    /** A step with a warning. */
    public static Finding warn(String step, int port, String detail, String hint) {
        return new Finding(step, port, Status.WARN, detail, hint);
    }

    /** A failed step. */
    public static Finding fail(String step, int port, String detail, String hint) {
        return new Finding(step, port, Status.FAIL, detail, hint);
    }
}
