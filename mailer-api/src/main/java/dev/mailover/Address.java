package dev.mailover;

import java.util.Locale;
import java.util.Objects;

/**
 * An email address with an optional display name, for example {@code Ada Lovelace <ada@example.com>}.
 *
 * <p>The address is validated when the record is created; a display name may hold any Unicode text
 * except control characters (a CR or LF in a name would let it inject headers). A {@code null} name
 * means "no display name". Transports encode non-ASCII names as their protocol requires.
 *
 * @param email the address itself, {@code local@domain}
 * @param name  the display name, or {@code null}
 */
public record Address(String email, String name) {

    private static final int MAX_LOCAL_PART = 64;
    private static final int MAX_ADDRESS = 254;

    /** Validates both parts; throws {@link IllegalArgumentException} saying what is wrong. */
    public Address {
        Objects.requireNonNull(email, "email");
        String problem = addressProblem(email);
        if (problem != null) {
            throw new IllegalArgumentException("'" + printable(email) + "' is not a valid address: " + problem);
        }
        if (name != null) {
            name = name.strip();
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                if (c == '\r' || c == '\n') {
                    throw new IllegalArgumentException("display name of '" + email
                            + "' contains a CR or LF, which could inject headers");
                }
                if (Character.isISOControl(c) && c != '\t') {
                    throw new IllegalArgumentException("display name of '" + email
                            + "' contains the control character U+" + String.format(Locale.ROOT, "%04X", (int) c));
                }
            }
            if (name.isEmpty()) {
                name = null;
            }
        }
    }

    /** An address without a display name. */
    public static Address of(String email) {
        return new Address(email, null);
    }

    /** An address with a display name. */
    public static Address of(String email, String name) {
        return new Address(email, name);
    }

    /**
     * Parses {@code a@b.example}, {@code <a@b.example>}, {@code Name <a@b.example>} or
     * {@code "Last, First" <a@b.example>}.
     *
     * @throws IllegalArgumentException when the text is not one address
     */
    public static Address parse(String text) {
        Objects.requireNonNull(text, "address");
        String s = text.strip();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("'' is not a valid address: it is empty");
        }
        if (!s.endsWith(">")) {
            if (s.indexOf('<') >= 0) {
                throw new IllegalArgumentException("'" + printable(text) + "' is not a valid address: '<' without a closing '>'");
            }
            return new Address(s, null);
        }
        int open = s.lastIndexOf('<');
        if (open < 0) {
            throw new IllegalArgumentException("'" + printable(text) + "' is not a valid address: '>' without an opening '<'");
        }
        String email = s.substring(open + 1, s.length() - 1).strip();
        String phrase = s.substring(0, open).strip();
        if (phrase.length() >= 2 && phrase.startsWith("\"") && phrase.endsWith("\"")) {
            phrase = unquote(phrase.substring(1, phrase.length() - 1));
        }
        return new Address(email, phrase.isEmpty() ? null : phrase);
    }

    /**
     * The address in RFC 5322 form: {@code a@b.example}, {@code Name <a@b.example>}, or
     * {@code "Last, First" <a@b.example>} when the name needs quoting. Non-ASCII names are left
     * as Unicode (RFC 6532); transports apply RFC 2047 encoding where their protocol needs it.
     */
    @Override
    public String toString() {
        if (name == null) {
            return email;
        }
        return (needsQuoting(name) ? quote(name) : name) + " <" + email + ">";
    }

    /** The domain part of the address, lower-cased. */
    public String domain() {
        return email.substring(email.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
    }

    private static boolean needsQuoting(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if ("()<>[]:;@\\,.\"".indexOf(c) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static String quote(String name) {
        return '"' + name.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static String unquote(String quoted) {
        StringBuilder b = new StringBuilder(quoted.length());
        for (int i = 0; i < quoted.length(); i++) {
            char c = quoted.charAt(i);
            if (c == '\\' && i + 1 < quoted.length()) {
                c = quoted.charAt(++i);
            }
            b.append(c);
        }
        return b.toString();
    }

    /** Returns null when the address is acceptable, or a short reason when it is not. */
    static String addressProblem(String email) {
        if (email.isEmpty()) {
            return "it is empty";
        }
        for (int i = 0; i < email.length(); i++) {
            char c = email.charAt(i);
            if (c == '\r' || c == '\n') {
                return "it contains a CR or LF";
            }
            if (Character.isISOControl(c) || Character.isWhitespace(c)) {
                return "it contains whitespace or a control character";
            }
        }
        if (email.length() > MAX_ADDRESS) {
            return "it is longer than " + MAX_ADDRESS + " characters";
        }
        int at = email.lastIndexOf('@');
        if (at < 0) {
            return "it has no '@'";
        }
        String local = email.substring(0, at);
        String domain = email.substring(at + 1);
        if (local.isEmpty()) {
            return "the part before '@' is empty";
        }
        if (domain.isEmpty()) {
            return "the domain after '@' is empty";
        }
        if (local.length() > MAX_LOCAL_PART) {
            return "the part before '@' is longer than " + MAX_LOCAL_PART + " characters";
        }
        String localProblem = localPartProblem(local);
        if (localProblem != null) {
            return localProblem;
        }
        return domainProblem(domain);
    }

    private static String localPartProblem(String local) {
        if (local.length() >= 2 && local.startsWith("\"") && local.endsWith("\"")) {
            return null; // quoted local part: anything printable, checked for controls above
        }
        if (local.startsWith(".") || local.endsWith(".") || local.contains("..")) {
            return "the part before '@' has a leading, trailing or doubled dot";
        }
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            boolean atext = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-/=?^_`{|}~.".indexOf(c) >= 0 || c >= 0x80;
            if (!atext) {
                return "the part before '@' contains '" + c + "'";
            }
        }
        return null;
    }

    private static String domainProblem(String domain) {
        if (domain.startsWith("[") && domain.endsWith("]")) {
            return null; // address literal such as [192.0.2.1]
        }
        if (domain.startsWith(".") || domain.endsWith(".") || domain.contains("..")) {
            return "the domain has a leading, trailing or doubled dot";
        }
        for (String label : domain.split("\\.")) {
            if (label.length() > 63) {
                return "the domain label '" + label + "' is longer than 63 characters";
            }
            if (label.startsWith("-") || label.endsWith("-")) {
                return "the domain label '" + label + "' starts or ends with '-'";
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                        || c == '-' || c >= 0x80;
                if (!ok) {
                    return "the domain contains '" + c + "'";
                }
            }
        }
        return null;
    }

    static String printable(String s) {
        return s.replace("\r", "\\r").replace("\n", "\\n");
    }
}
