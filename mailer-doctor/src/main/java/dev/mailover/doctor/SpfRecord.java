package dev.mailover.doctor;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One SPF record parsed as RFC 7208 writes it: {@code v=spf1}, then directives (an optional
 * qualifier and a mechanism) and modifiers. Malformed terms are kept out of {@link #terms()} and
 * described in {@link #errors()}, so a corrected record can be offered without them.
 */
final class SpfRecord {

    /** The mechanisms that cost a DNS lookup (RFC 7208, 4.6.4), and the redirect modifier. */
    private static final List<String> LOOKUPS = List.of("include", "a", "mx", "ptr", "exists", "redirect");

    /** Each mechanism's form, in order; the first that matches a term's name decides. */
    private static final List<Syntax> SYNTAX = List.of(
            new Syntax("all", Pattern.compile("")),
            new Syntax("include", Pattern.compile(":" + Syntax.DOMAIN_SPEC)),
            new Syntax("exists", Pattern.compile(":" + Syntax.DOMAIN_SPEC)),
            new Syntax("a", Pattern.compile("(:" + Syntax.DOMAIN_SPEC + ")?" + Syntax.DUAL_CIDR)),
            new Syntax("mx", Pattern.compile("(:" + Syntax.DOMAIN_SPEC + ")?" + Syntax.DUAL_CIDR)),
            new Syntax("ptr", Pattern.compile("(:" + Syntax.DOMAIN_SPEC + ")?")),
            new Syntax("ip4", Pattern.compile(":[0-9.]+(/[0-9]{1,2})?")),
            new Syntax("ip6", Pattern.compile(":[0-9a-f:.]+(/[0-9]{1,3})?")));

    private static final Pattern MODIFIER = Pattern.compile("([a-z][a-z0-9_.-]*)=(.*)");

    /** A term of the record: a directive ({@code ~all}, {@code include:x}) or a modifier ({@code redirect=x}). */
    record Term(char qualifier, String name, String value, boolean modifier) {
        /** The term as written in a record. */
        String text() {
            if (modifier) {
                return name + "=" + value;
            }
            return (qualifier == '+' ? "" : String.valueOf(qualifier)) + name + (value.isEmpty() ? "" : ":" + value);
        }

        boolean costsLookup() {
            return LOOKUPS.contains(name);
        }
    }

    private record Syntax(String mechanism, Pattern rest) {
        static final String DOMAIN_SPEC = "[^\\s:/]+";
        static final String DUAL_CIDR = "(/[0-9]{1,2})?(//[0-9]{1,3})?";
    }

    private final String text;
    private final List<Term> terms;
    private final List<String> errors;

    private SpfRecord(String text, List<Term> terms, List<String> errors) {
        this.text = text;
        this.terms = List.copyOf(terms);
        this.errors = List.copyOf(errors);
    }

    /** True when the TXT record is an SPF record at all: it starts with {@code v=spf1}. */
    static boolean isSpf(String txt) {
        String t = txt.strip().toLowerCase(Locale.ROOT);
        return t.equals("v=spf1") || t.startsWith("v=spf1 ");
    }

    static SpfRecord parse(String txt) {
        String[] parts = txt.strip().split("\\s+");
        List<Term> terms = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            String raw = parts[i];
            Optional<Term> term = term(raw.toLowerCase(Locale.ROOT));
            if (term.isEmpty()) {
                errors.add("'" + raw + "' is not an SPF mechanism or modifier");
            } else if (!term.get().modifier() && !validValue(term.get())) {
                errors.add("'" + raw + "' is malformed");
            } else {
                terms.add(term.get());
            }
        }
        long redirects = terms.stream().filter(t -> t.name().equals("redirect")).count();
        if (redirects > 1) {
            errors.add("redirect= appears " + redirects + " times");
        }
        return new SpfRecord(txt.strip(), terms, errors);
    }

    private static Optional<Term> term(String raw) {
        if (raw.contains("=") && !raw.contains(":")) {
            var m = MODIFIER.matcher(raw);
            return m.matches() ? Optional.of(new Term('+', m.group(1), m.group(2), true)) : Optional.empty();
        }
        char q = "+-~?".indexOf(raw.charAt(0)) >= 0 ? raw.charAt(0) : '+';
        String body = "+-~?".indexOf(raw.charAt(0)) >= 0 ? raw.substring(1) : raw;
        for (Syntax s : SYNTAX) {
            if (body.equals(s.mechanism()) || body.startsWith(s.mechanism() + ":") || body.startsWith(s.mechanism() + "/")) {
                String rest = body.substring(s.mechanism().length());
                if (!s.rest().matcher(rest).matches()) {
                    return Optional.of(new Term(q, s.mechanism(), "\0" + rest, false));
                }
                return Optional.of(new Term(q, s.mechanism(), rest.startsWith(":") ? rest.substring(1) : rest, false));
            }
        }
        return Optional.empty();
    }

    private static boolean validValue(Term t) {
        if (t.value().startsWith("\0")) {
            return false;
        }
        if (t.name().equals("ip4") || t.name().equals("ip6")) {
            String ip = t.value().contains("/") ? t.value().substring(0, t.value().indexOf('/')) : t.value();
            int prefix = t.value().contains("/") ? Integer.parseInt(t.value().substring(t.value().indexOf('/') + 1)) : -1;
            boolean v4 = t.name().equals("ip4");
            if (v4 ? !Cidr.isIpv4(ip) : !ip.contains(":") || Cidr.parse(ip).isEmpty()) {
                return false;
            }
            return prefix <= (v4 ? 32 : 128);
        }
        return true;
    }

    String text() {
        return text;
    }

    List<Term> terms() {
        return terms;
    }

    List<String> errors() {
        return errors;
    }

    /** The terms that cost a DNS lookup in this record itself. */
    long lookups() {
        return terms.stream().filter(Term::costsLookup).count();
    }

    /** The domains this record hands evaluation to: its includes and its redirect. */
    List<String> delegates() {
        return terms.stream().filter(t -> t.name().equals("include") || t.name().equals("redirect"))
                .map(Term::value).toList();
    }

    /** The {@code all} term, if any. */
    Optional<Term> all() {
        return terms.stream().filter(t -> t.name().equals("all")).findFirst();
    }

    /** Small CIDR arithmetic for ip4/ip6/a/mx matches. */
    static final class Cidr {
        private Cidr() {
        }

        static boolean isIpv4(String s) {
            String[] octets = s.split("\\.", -1);
            if (octets.length != 4) {
                return false;
            }
            for (String o : octets) {
                if (o.isEmpty() || o.length() > 3 || !o.chars().allMatch(Character::isDigit) || Integer.parseInt(o) > 255) {
                    return false;
                }
            }
            return true;
        }

        /** A literal address; empty when the text is not one (never a DNS lookup). */
        static Optional<InetAddress> parse(String literal) {
            if (!isIpv4(literal) && !(literal.contains(":") && literal.matches("[0-9a-fA-F:.]+"))) {
                return Optional.empty();
            }
            try {
                return Optional.of(InetAddress.getByName(literal));
            } catch (java.net.UnknownHostException e) {
                return Optional.empty();
            }
        }

        /** True when {@code address} is inside {@code network/prefix}; a prefix of -1 means the whole address. */
        static boolean contains(InetAddress network, int prefix, InetAddress address) {
            byte[] n = network.getAddress();
            byte[] a = address.getAddress();
            if (n.length != a.length) {
                return false;
            }
            int bits = prefix < 0 ? n.length * 8 : prefix;
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >> (i % 8);
                if ((n[i / 8] & mask) != (a[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
