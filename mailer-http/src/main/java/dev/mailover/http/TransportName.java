package dev.mailover.http;

import java.util.Objects;

/**
 * Checks the name a user gives a transport ({@code name(..)} on the builders, {@code name=} in a
 * DSN), so that two transports of one provider can be told apart in attempts, exceptions, health
 * checks, logs and metrics. A name is short and stable: 1 to 64 ASCII letters, digits, {@code .},
 * {@code _} or {@code -}, starting with a letter or digit.
 */
final class TransportName {

    static final int MAX_LENGTH = 64;

    private TransportName() {
    }

    /**
     * @return the name, unchanged
     * @throws IllegalArgumentException naming the field and the rule when the name does not fit
     */
    static String check(String name) {
        Objects.requireNonNull(name, "name");
        boolean fits = !name.isEmpty() && name.length() <= MAX_LENGTH && Character.isLetterOrDigit(name.charAt(0))
                && name.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                        || c == '.' || c == '_' || c == '-');
        if (!fits) {
            throw new IllegalArgumentException("name: '" + name.replaceAll("\\p{Cntrl}", "?") + "' must be 1 to "
                    + MAX_LENGTH + " ASCII letters, digits, '.', '_' or '-', starting with a letter or digit"
                    + " (for example sendgrid-eu)");
        }
        return name;
    }
}
