package dev.mailover;

import dev.mailover.internal.Utf8;
import java.net.IDN;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Objects;

/**
 * An email address with an optional display name, for example {@code Ada Lovelace <ada@example.com>}.
 *
 * <p>Both parts are validated when the record is created, with an {@link IllegalArgumentException}
 * that says what is wrong. What is accepted, and why:
 * <ul>
 *   <li><b>Local part</b> (before the last {@code @}): the RFC 5322 dot-atom characters, or a quoted
 *       string, at most 64 characters. Non-ASCII letters, marks, digits, punctuation and symbols are
 *       accepted (RFC 6531, {@code josé@example.test}) when the text is in Unicode normalization form
 *       C, so that it is sent exactly as written; such an address can travel over SMTP only to a
 *       server that offers SMTPUTF8, and the SMTP transport refuses it clearly elsewhere, never
 *       mangling it. Refused everywhere: whitespace of any kind (also U+00A0 and other no-break
 *       spaces), control characters (NUL, NEL U+0085, …), line and paragraph separators (U+2028,
 *       U+2029), invisible format characters (bidirectional controls such as U+202E, zero-width
 *       characters, U+FEFF), unpaired surrogates, private-use and unassigned code points.</li>
 *   <li><b>Domain</b>: ASCII letter-digit-hyphen labels of at most 63 characters, or an address
 *       literal such as {@code [192.0.2.1]}. An internationalized domain ({@code bücher.example}) is
 *       accepted when IDNA ({@link IDN}, with the STD3 rules) converts it to ASCII and back to the very
 *       same text: transports send it as A-labels ({@code xn--bcher-kva.example},
 *       {@link #emailWithAsciiDomain()}), which every server understands. A domain that IDNA would
 *       silently change (full-width letters, {@code ß} becoming {@code ss}, ideographic full stops,
 *       zero-width joiners) is refused, because mail would go to a domain other than the one written.</li>
 *   <li><b>Display name</b>: any Unicode text except control characters other than tab (a CR or LF
 *       would inject headers), line and paragraph separators, bidirectional embedding, override and
 *       isolate controls (U+202A–U+202E, U+2066–U+2069, which can make a name read as something else),
 *       other invisible format characters (zero-width joiners and the directional marks U+200E,
 *       U+200F and U+061C excepted, which scripts and emoji need) and unpaired surrogates. A
 *       {@code null} or blank name means "no display name". Transports encode non-ASCII names as
 *       their protocol requires.</li>
 * </ul>
 * The whole address, with its domain in ASCII, is at most 254 characters.
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
            String nameProblem = displayNameProblem(name);
            if (nameProblem != null) {
                throw new IllegalArgumentException("display name of '" + email + "' " + nameProblem);
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

    /** The domain part of the address, lower-cased, as written (an internationalized domain in Unicode). */
    public String domain() {
        return email.substring(email.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
    }

    /** The part before the last {@code @}, as written. */
    public String localPart() {
        return email.substring(0, email.lastIndexOf('@'));
    }

    /**
     * The address as it goes over the wire: an internationalized domain as IDNA A-labels
     * ({@code ada@bücher.example} becomes {@code ada@xn--bcher-kva.example}); an ASCII domain, and
     * the local part, unchanged.
     */
    public String emailWithAsciiDomain() {
        int at = email.lastIndexOf('@');
        String domain = email.substring(at + 1);
        return Utf8.isAscii(domain) ? email : email.substring(0, at + 1) + IDN.toASCII(domain, IDN.USE_STD3_ASCII_RULES);
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
        for (int i = 0; i < email.length(); ) {
            int c = email.codePointAt(i);
            i += Character.charCount(c);
            if (c == '\r' || c == '\n') {
                return "it contains a CR or LF";
            }
            if (Character.isISOControl(c) || Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                return "it contains whitespace or a control character" + (c < 0x80 ? "" : " (" + codePoint(c) + ")");
            }
            if (invisible(c)) {
                return "it contains the invisible, unassigned or private-use character " + codePoint(c);
            }
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
        String ascii = Utf8.isAscii(domain) ? domain : asciiDomain(domain);
        if (ascii == null) {
            return "the domain '" + domain + "' is not a valid internationalized domain name";
        }
        if (!Utf8.isAscii(domain)) { // an ASCII domain never touches IDN, whose tables cost a JVM ~20 ms to load
            String back = IDN.toUnicode(ascii, IDN.USE_STD3_ASCII_RULES);
            if (!back.equals(domain.toLowerCase(Locale.ROOT))) {
                return "the domain '" + domain + "' would be sent as '" + back + "' (" + ascii
                        + "), a different name; write the domain in that form if it is the one meant";
            }
        }
        if (local.length() + 1 + ascii.length() > MAX_ADDRESS) {
            return "it is longer than " + MAX_ADDRESS + " characters" + (ascii.equals(domain) ? "" : " with its domain in ASCII");
        }
        return domainProblem(ascii);
    }

    /** The display name's problem, said after "display name of 'a@b' ", or null when it is acceptable. */
    private static String displayNameProblem(String name) {
        for (int i = 0; i < name.length(); ) {
            int c = name.codePointAt(i);
            i += Character.charCount(c);
            if (c == '\r' || c == '\n') {
                return "contains a CR or LF, which could inject headers";
            }
            if (Character.isISOControl(c) && c != '\t') {
                return "contains the control character " + codePoint(c);
            }
            int type = Character.getType(c);
            if (type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
                return "contains the line separator " + codePoint(c);
            }
            if ((c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069)) {
                return "contains the bidirectional control character " + codePoint(c) + ", which can disguise the name";
            }
            if (type == Character.SURROGATE) {
                return "contains an unpaired surrogate " + codePoint(c);
            }
            boolean allowedFormat = c == 0x200C || c == 0x200D || c == 0x200E || c == 0x200F || c == 0x061C
                    || (c >= 0xE0020 && c <= 0xE007F);
            if (type == Character.FORMAT && !allowedFormat) {
                return "contains the invisible character " + codePoint(c);
            }
        }
        return null;
    }

    /** Format characters (bidi controls, zero-width), line separators, surrogates, private use, unassigned. */
    private static boolean invisible(int c) {
        int type = Character.getType(c);
        return type == Character.FORMAT || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.SURROGATE || type == Character.PRIVATE_USE || type == Character.UNASSIGNED;
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
        if (!Utf8.isAscii(local) && !Normalizer.isNormalized(local, Normalizer.Form.NFC)) {
            return "the part before '@' is not in Unicode normalization form C; normalize it "
                    + "(java.text.Normalizer, Form.NFC) so that it is sent as the recipient's server knows it";
        }
        return null;
    }

    /** The domain as IDNA A-labels, or null when IDNA refuses it. */
    private static String asciiDomain(String domain) {
        if (domain.startsWith("[")) {
            return null;
        }
        try {
            return IDN.toASCII(domain, IDN.USE_STD3_ASCII_RULES);
        } catch (IllegalArgumentException e) {
            return null;
        }
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
                boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
                if (!ok) {
                    return "the domain contains '" + c + "'";
                }
            }
        }
        return null;
    }

    /** For example {@code U+2028}. */
    static String codePoint(int c) {
        return String.format(Locale.ROOT, "U+%04X", c);
    }

    /**
     * The text for an error message: CR and LF written as backslash-r and backslash-n, and every other
     * control, format, separator (but the space), surrogate, private-use or unassigned character as a
     * Java escape (backslash, u, four hex digits), so that the message can neither break a log line,
     * hide a character nor be displayed reversed.
     */
    static String printable(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int type = Character.getType(c);
            if (c == '\r') {
                b.append("\\r");
            } else if (c == '\n') {
                b.append("\\n");
            } else if (c != '\t' && c != ' ' && (Character.isISOControl(c) || type == Character.FORMAT
                    || type == Character.SPACE_SEPARATOR || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE
                    || type == Character.PRIVATE_USE || type == Character.UNASSIGNED)) {
                b.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
