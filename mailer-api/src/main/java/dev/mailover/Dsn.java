package dev.mailover;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A parsed mailer configuration string.
 *
 * <p>A transport DSN has the form {@code scheme://[user[:password]@]host[:port][/path][?key=value&…]},
 * for example {@code smtp://user:pass@smtp.example.com:587?connect_timeout=5s}. A composite DSN
 * wraps others: {@code failover(DSN DSN …)} or {@code roundrobin(DSN DSN …)}, separated by
 * whitespace, nestable, optionally followed by {@code ?options}. User and password are
 * percent-decoded (so {@code p%40ss} is {@code p@ss}; {@code +} stays a plus). For the API schemes
 * the host {@code default} means the provider's public endpoint.
 *
 * <p>The user and password must percent-encode the characters that delimit a DSN: {@code @} (%40),
 * {@code /} (%2F), {@code ?} (%3F), {@code #} (%23), {@code (} (%28), {@code )} (%29) and spaces
 * (%20). A DSN's user info runs from its {@code ://} to the last {@code @} before the next DSN, so a
 * secret holding one of them unencoded is recognised and refused with an error that quotes no part
 * of it (an {@code @} in an option value must be written {@code %40} for the same reason).
 * Errors never quote a part of a user info.
 *
 * <p>{@link #toString()} masks the user and password (for API schemes the user is the key), and
 * the values of secret options: those whose names end in {@code secret}, {@code password} or
 * {@code _token} ({@code client_secret}, {@code refresh_token}). Errors mask them too.
 */
public final class Dsn {

    private final String scheme;
    private final String user;
    private final String password;
    private final String host;
    private final int port;
    private final String path;
    private final Map<String, String> options;
    private final List<Dsn> children;

    private Dsn(String scheme, String user, String password, String host, int port, String path,
                Map<String, String> options, List<Dsn> children) {
        this.scheme = scheme;
        this.user = user;
        this.password = password;
        this.host = host;
        this.port = port;
        this.path = path;
        this.options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
        this.children = List.copyOf(children);
    }

    /**
     * Parses a DSN.
     *
     * @throws IllegalArgumentException saying which part is malformed; the message masks secrets
     */
    public static Dsn parse(String dsn) {
        Objects.requireNonNull(dsn, "dsn");
        String s = dsn.strip();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("DSN: it is empty");
        }
        for (int[] userInfo : userInfos(s)) {
            if (!isEncoded(s.substring(userInfo[0], userInfo[1]))) {
                throw unencodedUserInfo("DSN '" + mask(s) + "'", schemeBefore(s, userInfo[0] - 3));
            }
        }
        int paren = s.indexOf('(');
        int colon = s.indexOf("://");
        if (paren > 0 && (colon < 0 || paren < colon)) {
            return parseComposite(s, paren);
        }
        return parseTransport(s);
    }

    private static Dsn parseComposite(String s, int paren) {
        String scheme = s.substring(0, paren).strip().toLowerCase(Locale.ROOT);
        checkScheme(scheme, s);
        int close = matchingParen(s, paren);
        String inner = s.substring(paren + 1, close);
        String rest = s.substring(close + 1).strip();
        Map<String, String> options = Map.of();
        if (!rest.isEmpty()) {
            if (!rest.startsWith("?")) {
                throw new IllegalArgumentException("DSN '" + mask(s) + "': unexpected '" + mask(rest)
                        + "' after ')'; only ?options may follow");
            }
            options = parseQuery(rest.substring(1), s);
        }
        List<Dsn> children = new ArrayList<>();
        for (String part : splitTopLevel(inner, s)) {
            children.add(parse(part));
        }
        if (children.isEmpty()) {
            throw new IllegalArgumentException("DSN '" + mask(s) + "': " + scheme + "(...) needs at least one DSN inside");
        }
        return new Dsn(scheme, null, null, "", -1, "", options, children);
    }

    private static Dsn parseTransport(String s) {
        int sep = s.indexOf("://");
        if (sep <= 0) {
            throw new IllegalArgumentException("DSN '" + mask(s) + "': expected scheme://host or name(DSN DSN …)");
        }
        String scheme = s.substring(0, sep).toLowerCase(Locale.ROOT);
        checkScheme(scheme, s);
        String rest = s.substring(sep + 3);
        // The user info ends at the last '@': a host never holds one, so a secret with an unencoded
        // '/', '?' or '#' does not end it early. What follows the '@' never holds a secret.
        int at = rest.lastIndexOf('@');
        String user = null;
        String password = null;
        String afterUser = rest.substring(at + 1);
        String shown = SECRET_OPTION.matcher(at < 0 ? s : scheme + "://****@" + afterUser).replaceAll("$1****");
        if (at >= 0) {
            String userInfo = rest.substring(0, at);
            if (!isEncoded(userInfo)) {
                throw unencodedUserInfo("DSN '" + shown + "'", scheme);
            }
            int c = userInfo.indexOf(':');
            user = decode(c < 0 ? userInfo : userInfo.substring(0, c), "user", shown);
            password = c < 0 ? null : decode(userInfo.substring(c + 1), "password", shown);
            if (user.isEmpty()) {
                user = null;
            }
        }
        int end = indexOfAny(afterUser, "/?#");
        String hostPort = end < 0 ? afterUser : afterUser.substring(0, end);
        String tail = end < 0 ? "" : afterUser.substring(end);
        if (tail.indexOf('#') >= 0) {
            throw new IllegalArgumentException("DSN '" + shown + "': '#' is not allowed; percent-encode it as %23");
        }
        String path = "";
        String query = "";
        int q = tail.indexOf('?');
        if (q >= 0) {
            query = tail.substring(q + 1);
            tail = tail.substring(0, q);
        }
        if (tail.startsWith("/")) {
            path = decode(tail.substring(1), "path", shown);
        }
        String host;
        int port = -1;
        String portText = null;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("DSN '" + shown + "': IPv6 host without a closing ']'");
            }
            host = hostPort.substring(1, close);
            String after = hostPort.substring(close + 1);
            if (after.startsWith(":")) {
                portText = after.substring(1);
            } else if (!after.isEmpty()) {
                throw new IllegalArgumentException("DSN '" + shown + "': unexpected '" + after + "' after the IPv6 host");
            }
        } else {
            int c = hostPort.lastIndexOf(':');
            host = c < 0 ? hostPort : hostPort.substring(0, c);
            portText = c < 0 ? null : hostPort.substring(c + 1);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("DSN '" + shown + "': the host is missing (use 'default' for the provider's endpoint)");
        }
        if (portText != null) {
            boolean digits = !portText.isEmpty() && portText.chars().allMatch(ch -> ch >= '0' && ch <= '9');
            try {
                port = digits ? Integer.parseInt(portText) : -1;
            } catch (NumberFormatException e) {
                port = -1;
            }
            if ((port < 1 || port > 65535) && at < 0 && !(digits && portText.length() <= 5)) {
                // Without an '@', "host:port" may be user info that lacks its "@host": never quote it.
                throw new IllegalArgumentException("DSN '" + scheme + "://…': what follows the host's last ':' is not"
                        + " a port from 1 to 65535; if it is user info, end it with @host");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("DSN '" + shown + "': port '" + portText + "' is not a number from 1 to 65535");
            }
        }
        return new Dsn(scheme, user, password, host.toLowerCase(Locale.ROOT), port, path, parseQuery(query, shown), List.of());
    }

    /** The scheme, lower-cased: {@code smtp}, {@code sendgrid+api}, {@code failover}, … */
    public String scheme() {
        return scheme;
    }

    /** The percent-decoded user (for API schemes, the key). */
    public Optional<String> user() {
        return Optional.ofNullable(user);
    }

    /** The percent-decoded password (for some API schemes, a second value such as Mailgun's domain). */
    public Optional<String> password() {
        return Optional.ofNullable(password);
    }

    /** The host, lower-cased; {@code default} means the provider's public endpoint. Empty for composites. */
    public String host() {
        return host;
    }

    /** True when the host is {@code default}. */
    public boolean isDefaultHost() {
        return "default".equals(host);
    }

    /** The port, when the DSN gives one. */
    public OptionalInt port() {
        return port < 0 ? OptionalInt.empty() : OptionalInt.of(port);
    }

    /** The decoded path without its leading slash; empty when absent. */
    public String path() {
        return path;
    }

    /** All query options, in the order given, decoded. */
    public Map<String, String> options() {
        return options;
    }

    /** One option's value. */
    public Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    /**
     * A duration option, written as {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}, a plain
     * number of seconds, or ISO-8601 ({@code PT10S}).
     *
     * @throws IllegalArgumentException naming the option when the value is not a duration
     */
    public Optional<Duration> durationOption(String name) {
        return option(name).map(v -> parseDuration(name, v));
    }

    /**
     * A whole-number option.
     *
     * @throws IllegalArgumentException naming the option when the value is not a number
     */
    public OptionalInt intOption(String name) {
        Optional<String> v = option(name);
        if (v.isEmpty()) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(v.get().strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("DSN option " + name + ": '" + v.get() + "' is not a whole number");
        }
    }

    /**
     * A boolean option: {@code true}, {@code yes}, {@code 1} or {@code false}, {@code no}, {@code 0}.
     *
     * @throws IllegalArgumentException naming the option when the value is neither
     */
    public Optional<Boolean> booleanOption(String name) {
        return option(name).map(v -> {
            switch (v.strip().toLowerCase(Locale.ROOT)) {
                case "true": case "yes": case "1": case "on": return Boolean.TRUE;
                case "false": case "no": case "0": case "off": return Boolean.FALSE;
                default: throw new IllegalArgumentException("DSN option " + name + ": '" + v + "' is not true or false");
            }
        });
    }

    /** The DSNs inside a composite such as {@code failover(...)}; empty for a transport DSN. */
    public List<Dsn> children() {
        return children;
    }

    /**
     * Refuses options this DSN's scheme does not know, so a typo does not pass silently.
     *
     * @throws IllegalArgumentException listing the unknown option and the known ones
     */
    public Dsn requireKnownOptions(String... known) {
        Set<String> allowed = new LinkedHashSet<>(Arrays.asList(known));
        for (String name : options.keySet()) {
            if (!allowed.contains(name)) {
                throw new IllegalArgumentException("DSN " + scheme + ": unknown option '" + name + "'"
                        + (allowed.isEmpty() ? "; it takes no options" : "; known options: " + String.join(", ", allowed)));
            }
        }
        return this;
    }

    /** The DSN with user and password masked, for example {@code sendgrid+api://****@default}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(scheme);
        if (!children.isEmpty()) {
            b.append('(');
            for (int i = 0; i < children.size(); i++) {
                b.append(i == 0 ? "" : " ").append(children.get(i));
            }
            b.append(')');
        } else {
            b.append("://");
            if (user != null || password != null) {
                b.append("****").append(password != null ? ":****" : "").append('@');
            }
            b.append(host.indexOf(':') >= 0 ? "[" + host + "]" : host);
            if (port >= 0) {
                b.append(':').append(port);
            }
            if (!path.isEmpty()) {
                b.append('/').append(path);
            }
        }
        if (!options.isEmpty()) {
            b.append('?');
            int i = 0;
            for (Map.Entry<String, String> e : options.entrySet()) {
                b.append(i++ == 0 ? "" : "&").append(e.getKey()).append('=')
                        .append(isSecretOption(e.getKey()) ? "****" : e.getValue());
            }
        }
        return b.toString();
    }

    /**
     * True for an option whose value is a secret: its name ends in {@code secret}, {@code password}
     * or {@code _token} ({@code client_secret}, {@code refresh_token}; not {@code token_uri}).
     */
    public static boolean isSecretOption(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith("secret") || n.endsWith("password") || n.endsWith("_token");
    }

    /** The value of every secret option in a text ({@code client_secret=…}), for errors. */
    private static final Pattern SECRET_OPTION = Pattern.compile(
            "(?i)([?&][a-z0-9_.-]*(?:secret|password|_token)=)[^&\\s)]*");

    static Duration parseDuration(String name, String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        try {
            if (v.startsWith("pt") || v.startsWith("p")) {
                return Duration.parse(v.toUpperCase(Locale.ROOT));
            }
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2).strip()));
            }
            char unit = v.isEmpty() ? ' ' : v.charAt(v.length() - 1);
            String number = Character.isDigit(unit) ? v : v.substring(0, v.length() - 1).strip();
            long n = Long.parseLong(number);
            switch (unit) {
                case 's': return Duration.ofSeconds(n);
                case 'm': return Duration.ofMinutes(n);
                case 'h': return Duration.ofHours(n);
                default:
                    if (Character.isDigit(unit)) {
                        return Duration.ofSeconds(n);
                    }
            }
        } catch (NumberFormatException | DateTimeParseException e) {
            // fall through to the error below
        }
        throw new IllegalArgumentException("DSN option " + name + ": '" + value
                + "' is not a duration (examples: 500ms, 10s, 2m)");
    }

    private static void checkScheme(String scheme, String s) {
        if (scheme.isEmpty() || !scheme.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.')
                || !Character.isLetter(scheme.charAt(0))) {
            throw new IllegalArgumentException("DSN '" + mask(s) + "': '" + scheme + "' is not a valid scheme");
        }
    }

    private static int matchingParen(String s, int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("DSN '" + mask(s) + "': '(' at position " + open + " is never closed");
    }

    private static List<String> splitTopLevel(String inner, String whole) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < inner.length(); i++) {
            char c = inner.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
                if (depth < 0) {
                    throw new IllegalArgumentException("DSN '" + mask(whole) + "': unbalanced ')'");
                }
            }
            if (Character.isWhitespace(c) && depth == 0) {
                if (current.length() > 0) {
                    parts.add(current.toString());
                    current.setLength(0);
                }
            } else {
                current.append(c);
            }
        }
        if (current.length() > 0) {
            parts.add(current.toString());
        }
        return parts;
    }

    private static Map<String, String> parseQuery(String query, String whole) {
        Map<String, String> options = new LinkedHashMap<>();
        if (query.isEmpty()) {
            return options;
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("DSN '" + mask(whole) + "': option '" + pair + "' must be name=value");
            }
            String name = decode(pair.substring(0, eq), "option name", whole);
            String value = decode(pair.substring(eq + 1), "option " + name, whole);
            if (options.put(name, value) != null) {
                throw new IllegalArgumentException("DSN '" + mask(whole) + "': option '" + name + "' is given twice");
            }
        }
        return options;
    }

    /** Percent-decodes as in a URI (RFC 3986): {@code +} stays a plus. */
    private static String decode(String s, String part, String whole) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                int hi = i + 1 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
                int lo = i + 2 < s.length() ? Character.digit(s.charAt(i + 2), 16) : -1;
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("DSN '" + mask(whole) + "': the " + part
                            + " has a '%' not followed by two hex digits; write a literal % as %25");
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else {
                int end = Character.isHighSurrogate(c) && i + 1 < s.length() ? i + 2 : i + 1;
                byte[] bytes = s.substring(i, end).getBytes(StandardCharsets.UTF_8);
                out.write(bytes, 0, bytes.length);
                i = end - 1;
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    /** The characters that delimit a DSN, so a user or password must percent-encode them. */
    private static boolean isEncoded(String userInfo) {
        for (int i = 0; i < userInfo.length(); i++) {
            char c = userInfo.charAt(i);
            if ("@/?#()".indexOf(c) >= 0 || Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The error for a user or password holding a delimiter. It names neither the character nor
     * where it is, and avoids words that secrets are commonly made of.
     */
    private static IllegalArgumentException unencodedUserInfo(String where, String scheme) {
        return new IllegalArgumentException(where + ": the user info of the " + scheme + " DSN holds an unencoded"
                + " @, /, ?, #, (, ) or space, which makes it ambiguous; percent-encode each of them there: @ as %40,"
                + " / as %2F, ? as %3F, # as %23, ( as %28, ) as %29, space as %20 (and an @ in an option as %40 too)");
    }

    /**
     * Where each DSN inside a text starts: the index of its {@code ://}. The first {@code ://} starts
     * one, and so does each later one whose scheme follows whitespace or {@code (}; a {@code ://}
     * elsewhere (inside a secret) does not.
     */
    private static List<Integer> starts(String s) {
        List<Integer> starts = new ArrayList<>();
        for (int i = s.indexOf("://"); i >= 0; i = s.indexOf("://", i + 3)) {
            int b = schemeStart(s, i);
            if (starts.isEmpty() || b < i && Character.isLetter(s.charAt(b))
                    && (b == 0 || Character.isWhitespace(s.charAt(b - 1)) || s.charAt(b - 1) == '(')) {
                starts.add(i);
            }
        }
        return starts;
    }

    /**
     * The user info of each DSN in a text, as {@code [begin, end)} index pairs: from after its
     * {@code ://} to the last {@code @} before the next DSN. It holds the whole secret even when the
     * secret holds an unencoded {@code @ / ? # ( )} or space.
     */
    private static List<int[]> userInfos(String s) {
        List<Integer> starts = starts(s);
        List<int[]> ranges = new ArrayList<>();
        for (int k = 0; k < starts.size(); k++) {
            int begin = starts.get(k) + 3;
            int limit = k + 1 < starts.size() ? schemeStart(s, starts.get(k + 1)) : s.length();
            int at = s.lastIndexOf('@', limit - 1);
            if (at >= begin) {
                ranges.add(new int[] {begin, at});
            }
        }
        return ranges;
    }

    private static int schemeStart(String s, int colon) {
        int b = colon;
        while (b > 0 && isSchemeChar(s.charAt(b - 1))) {
            b--;
        }
        return b;
    }

    private static String schemeBefore(String s, int colon) {
        return s.substring(schemeStart(s, colon), colon).toLowerCase(Locale.ROOT);
    }

    private static boolean isSchemeChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
    }

    /**
     * Masks the user info of every DSN in a text as {@code ****}, for error messages: everything from
     * its {@code ://} to the last {@code @} before the next DSN, so a secret with an unencoded
     * delimiter is masked whole too; and the values of {@link #isSecretOption secret options}.
     */
    static String mask(String s) {
        String masked = maskUserInfos(s);
        return SECRET_OPTION.matcher(masked).replaceAll("$1****");
    }

    private static String maskUserInfos(String s) {
        List<int[]> ranges = userInfos(s);
        if (ranges.isEmpty()) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        int from = 0;
        for (int[] r : ranges) {
            b.append(s, from, r[0]).append("****");
            from = r[1];
        }
        return b.append(s, from, s.length()).toString();
    }
}
