package dev.mailover.spring;

import java.util.Objects;

/**
 * A {@code mailover.*} property that cannot work: which property, why, and what to do. Thrown while the
 * beans are created, and turned into a readable startup failure by {@link MailoverFailureAnalyzer}. Its
 * message never holds a secret: the reasons come from Mailover's own DSN and builder errors, which mask
 * user names, passwords and keys, and are masked once more against the DSN's secrets.
 */
final class MailoverPropertyException extends RuntimeException {

    private final String property;
    private final String action;

    MailoverPropertyException(String property, String reason, String action, Throwable cause) {
        super("Property '" + property + "': " + reason, cause);
        this.property = Objects.requireNonNull(property, "property");
        this.action = Objects.requireNonNull(action, "action");
    }

    /** The property at fault, for example {@code mailover.dsn}. */
    String property() {
        return property;
    }

    /** What to do about it. */
    String action() {
        return action;
    }
}
