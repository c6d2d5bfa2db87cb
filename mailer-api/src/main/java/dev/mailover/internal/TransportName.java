package dev.mailover.internal;

import java.util.Objects;

/**
 * The one rule for the name a user gives a transport ({@code name(..)} on every transport's builder,
 * {@code name=} in a DSN), so that two transports of one kind can be told apart in attempts,
 * exceptions, health checks, logs and metrics. A name is short and stable: 1 to 64 ASCII letters,
 * digits, {@code .}, {@code _} or {@code -}, starting with a letter or digit. Not API.
 */
public final class TransportName {

    /** The longest name allowed. */
    public static final int MAX_LENGTH = 64;

    private TransportName() {
    }

    /**
     * Checks a transport name.
     *
     * @return the name, unchanged
     * @throws IllegalArgumentException naming the field and the rule when the name does not fit; control
     *                                  characters of the name are shown as {@code ?}
     */
    public static String check(String name) {
        Objects.requireNonNull(name, "name");
        boolean fits = !name.isEmpty() && name.length() <= MAX_LENGTH && Character.isLetterOrDigit(name.charAt(0))
                && name.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                        || c == '.' || c == '_' || c == '-');
        if (!fits) {
            throw new IllegalArgumentException("name: '" + name.replaceAll("\\p{Cntrl}", "?") + "' must be 1 to "
                    + MAX_LENGTH + " ASCII letters, digits, '.', '_' or '-', starting with a letter or digit"
                    + " (for example smtp-backup or sendgrid-eu)");
        }
        return name;
    }
}
