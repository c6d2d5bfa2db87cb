package dev.mailover.doctor;

import dev.mailover.Finding;
import dev.mailover.SendingPath;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.xbill.DNS.MXRecord;

/**
 * The sender domain's SPF (RFC 7208): exactly one {@code v=spf1} record, valid terms, no
 * {@code +all}, at most 10 DNS lookups through all its includes and redirects, and whether it
 * authorises the transports in use (each provider's documented include, or the SMTP server's
 * addresses through its a, mx, ip4, ip6 and include terms). Every problem comes with the record to
 * publish, derived from the one there is.
 */
final class SpfCheck {

    static final String STEP = "SPF";
    /** RFC 7208, 4.6.4. */
    static final int MAX_LOOKUPS = 10;
    /** Past this many, a record's lookups are not followed further: the count is only reported. */
    private static final int STOP_COUNTING = 3 * MAX_LOOKUPS;

    private final Dns dns;
    private final String domain;
    private final List<SendingPath> paths;
    private final List<Finding> findings = new ArrayList<>();

    SpfCheck(Dns dns, String domain, List<SendingPath> paths) {
        this.dns = dns;
        this.domain = domain;
        this.paths = paths;
    }

    List<Finding> run() {
        Dns.TextAnswer txt = dns.txt(domain);
        if (txt.answer().failed()) {
            return List.of(Finding.fail(STEP, 0, txt.answer().failure(), DomainProbe.DNS_HINT));
        }
        List<String> spf = txt.texts().stream().filter(SpfRecord::isSpf).toList();
        if (spf.isEmpty()) {
            findings.add(Finding.fail(STEP, 0, "no SPF record at " + domain + ": receivers cannot tell which servers may"
                    + " send as it", "Publish one TXT record at " + domain + ": " + corrected(null)));
            return findings;
        }
        if (spf.size() > 1) {
            findings.add(Finding.fail(STEP, 0, spf.size() + " SPF records at " + domain + " (" + String.join(" | ", spf)
                    + "): receivers treat more than one as a permanent error, and SPF fails",
                    "Replace them with one TXT record: " + merged(spf)));
            return findings;
        }
        SpfRecord record = SpfRecord.parse(spf.get(0));
        if (!record.errors().isEmpty()) {
            findings.add(Finding.fail(STEP, 0, "the SPF record is malformed: " + String.join("; ", record.errors())
                    + " (" + record.text() + ")", "Publish the corrected record at " + domain + ": " + corrected(record)));
            return findings;
        }
        if (record.all().filter(t -> t.qualifier() == '+').isPresent()) {
            findings.add(Finding.fail(STEP, 0, "'+all' in " + record.text() + " lets any server in the world send as " + domain,
                    "End the record with ~all (or -all) instead: " + corrected(record)));
            return findings;
        }
        Tree tree = new Tree();
        tree.walk(domain, record, 0);
        if (tree.failure != null) {
            findings.add(Finding.fail(STEP, 0, tree.failure, tree.failureHint));
            return findings;
        }
        if (tree.lookups > MAX_LOOKUPS) {
            findings.add(Finding.fail(STEP, 0, record.text() + " needs " + tree.lookups + " DNS lookups through its includes,"
                    + " more than the " + MAX_LOOKUPS + " SPF allows: receivers fail SPF (permerror)",
                    "Remove includes of services you no longer send through, or replace an include with the ip4:/ip6:"
                            + " ranges it lists, until at most " + MAX_LOOKUPS + " lookups remain"));
            return findings;
        }
        findings.add(Finding.pass(STEP, 0, "one valid record, " + tree.lookups + " of " + MAX_LOOKUPS + " DNS lookups: "
                + record.text()));
        authorisations(record, tree);
        return findings;
    }

    /** Whether the record authorises each transport: its provider's include, or the SMTP server's addresses. */
    private void authorisations(SpfRecord record, Tree tree) {
        for (SendingPath p : paths) {
            if (!p.spfInclude().isEmpty()) {
                if (tree.domains.contains(p.spfInclude().toLowerCase(Locale.ROOT))) {
                    findings.add(Finding.pass(STEP, 0, "authorises " + p.provider() + " (include:" + p.spfInclude() + ")"));
                } else {
                    findings.add(Finding.warn(STEP, 0, "does not include " + p.spfInclude() + ", which " + p.provider()
                            + " documents: mail that " + p.provider() + " sends with " + domain + " as its envelope sender"
                            + " fails SPF", "Publish: " + corrected(record)));
                }
            } else if (p.smtpHost().isPresent()) {
                smtpHost(record, p.smtpHost().get());
            }
        }
    }

    private void smtpHost(SpfRecord record, String host) {
        List<InetAddress> addresses = SpfRecord.Cidr.parse(host).map(List::of).orElse(List.of());
        if (addresses.isEmpty()) {
            Dns.Addresses a = dns.addresses(host);
            if (a.failure().isPresent() || a.addresses().isEmpty()) {
                findings.add(Finding.warn(STEP, 0, "cannot tell whether SPF authorises the SMTP server " + host + ": "
                        + a.failure().orElse(host + " has no address"), "Check that " + host + " resolves"));
                return;
            }
            addresses = a.addresses();
        }
        String list = addresses.stream().map(InetAddress::getHostAddress).collect(Collectors.joining(", "));
        Evaluation e = new Evaluation();
        boolean all = addresses.stream().allMatch(ip -> e.passes(domain, record, ip, 0));
        if (all) {
            findings.add(Finding.pass(STEP, 0, "authorises the SMTP server " + host + " (" + list + ")"));
        } else {
            findings.add(Finding.warn(STEP, 0, "does not authorise the SMTP server " + host + " (" + list + "): if it"
                    + " delivers mail for " + domain + " itself, receivers see SPF fail", "Publish: " + corrected(record)));
        }
    }

    /** The record to publish: this one without its malformed terms, {@code +all} softened, the missing transports added. */
    String corrected(SpfRecord record) {
        List<String> terms = new ArrayList<>();
        String all = "~all";
        String redirect = null;
        if (record != null) {
            for (SpfRecord.Term t : record.terms()) {
                if (t.name().equals("all")) {
                    all = t.qualifier() == '+' ? "~all" : t.text();
                } else if (t.name().equals("redirect")) {
                    redirect = t.text();
                } else {
                    terms.add(t.text());
                }
            }
        }
        Set<String> present = new HashSet<>(terms);
        for (String add : additions()) {
            if (present.add(add)) {
                terms.add(add);
            }
        }
        return "v=spf1" + (terms.isEmpty() ? "" : " " + String.join(" ", terms))
                + (redirect != null && (record == null || record.all().isEmpty()) ? " " + redirect : " " + all);
    }

    /** The terms that authorise the transports in use. */
    private List<String> additions() {
        Set<String> add = new LinkedHashSet<>();
        for (SendingPath p : paths) {
            if (!p.spfInclude().isEmpty()) {
                add.add("include:" + p.spfInclude());
            } else if (p.smtpHost().isPresent()) {
                String h = p.smtpHost().get();
                add.add(SpfRecord.Cidr.parse(h).map(ip -> (ip.getAddress().length == 4 ? "ip4:" : "ip6:") + ip.getHostAddress())
                        .orElse("a:" + h));
            }
        }
        return List.copyOf(add);
    }

    /** Several records made one: their terms once each, one all at the end. */
    private String merged(List<String> records) {
        Set<String> terms = new LinkedHashSet<>();
        String all = "~all";
        for (String r : records) {
            SpfRecord rec = SpfRecord.parse(r);
            for (SpfRecord.Term t : rec.terms()) {
                if (t.name().equals("all")) {
                    all = t.qualifier() == '+' ? "~all" : t.text();
                } else {
                    terms.add(t.text());
                }
            }
        }
        terms.addAll(additions());
        return "v=spf1 " + String.join(" ", terms) + " " + all;
    }

    /** The records behind includes and redirects: how many lookups they cost, which domains they reach. */
    private final class Tree {
        int lookups;
        final Set<String> domains = new HashSet<>();
        String failure;
        String failureHint;

        void walk(String at, SpfRecord record, int depth) {
            lookups += record.lookups();
            for (String d : record.delegates()) {
                String target = d.toLowerCase(Locale.ROOT);
                if (failure != null || lookups > STOP_COUNTING || target.contains("%{") || !domains.add(target)
                        || depth > MAX_LOOKUPS) {
                    continue;
                }
                Dns.TextAnswer txt = dns.txt(target);
                if (txt.answer().failed()) {
                    failure = txt.answer().failure();
                    failureHint = DomainProbe.DNS_HINT;
                    return;
                }
                List<String> spf = txt.texts().stream().filter(SpfRecord::isSpf).toList();
                if (spf.size() != 1) {
                    failure = at + " refers to " + target + ", which has " + (spf.isEmpty() ? "no" : spf.size())
                            + " SPF record" + (spf.size() > 1 ? "s" : "") + ": receivers fail SPF (permerror)";
                    failureHint = "Remove include:" + target + " or fix its domain's record";
                    return;
                }
                walk(target, SpfRecord.parse(spf.get(0)), depth + 1);
            }
        }
    }

    /** Just enough of check_host() (RFC 7208, 4) to tell whether an address passes; macros are not expanded. */
    private final class Evaluation {
        private int lookups;

        boolean passes(String at, SpfRecord record, InetAddress ip, int depth) {
            for (SpfRecord.Term t : record.terms()) {
                if (t.modifier()) {
                    continue;
                }
                if (t.costsLookup() && ++lookups > MAX_LOOKUPS) {
                    return false;
                }
                if (matches(at, t, ip, depth)) {
                    return t.qualifier() == '+';
                }
            }
            Optional<SpfRecord.Term> redirect = record.terms().stream().filter(t -> t.name().equals("redirect")).findFirst();
            return redirect.isPresent() && record.all().isEmpty() && delegate(redirect.get().value(), ip, depth);
        }

        private boolean matches(String at, SpfRecord.Term t, InetAddress ip, int depth) {
            String value = t.value();
            if (value.contains("%{")) {
                return false;
            }
            switch (t.name()) {
                case "all":
                    return true;
                case "ip4":
                case "ip6":
                    return SpfRecord.Cidr.parse(address(value)).map(n -> SpfRecord.Cidr.contains(n, prefix(value, ip), ip))
                            .orElse(false);
                case "a":
                    return anyMatches(dns.addresses(target(value, at)).addresses(), value, ip);
                case "mx":
                    List<InetAddress> hosts = new ArrayList<>();
                    for (MXRecord mx : dns.mx(dns.mx(target(value, at)))) {
                        hosts.addAll(dns.addresses(mx.getTarget().toString(true)).addresses());
                    }
                    return anyMatches(hosts, value, ip);
                case "include":
                    return delegate(value, ip, depth);
                case "exists":
                    return !dns.addresses(value).addresses().isEmpty();
                default:
                    return false; // ptr: deprecated, and not evaluated here
            }
        }

        private boolean delegate(String target, InetAddress ip, int depth) {
            if (depth > MAX_LOOKUPS) {
                return false;
            }
            List<String> spf = dns.txt(target).texts().stream().filter(SpfRecord::isSpf).toList();
            return spf.size() == 1 && passes(target, SpfRecord.parse(spf.get(0)), ip, depth + 1);
        }

        private boolean anyMatches(List<InetAddress> addresses, String value, InetAddress ip) {
            return addresses.stream().anyMatch(a -> SpfRecord.Cidr.contains(a, prefix(value, ip), ip));
        }

        /** The domain of a/mx: after the colon, before any CIDR; the current domain when absent. */
        private String target(String value, String at) {
            String v = value.startsWith("/") ? "" : value;
            int slash = v.indexOf('/');
            v = slash < 0 ? v : v.substring(0, slash);
            return v.isEmpty() ? at : v;
        }

        private String address(String value) {
            int slash = value.indexOf('/');
            return slash < 0 ? value : value.substring(0, slash);
        }

        /** The CIDR prefix for this address family: {@code /n} for IPv4, {@code //n} for IPv6 (a, mx), or the one given. */
        private int prefix(String value, InetAddress ip) {
            boolean v6 = ip.getAddress().length == 16;
            int dual = value.indexOf("//");
            if (dual >= 0) {
                return v6 ? Integer.parseInt(value.substring(dual + 2)) : prefixOf(value.substring(0, dual));
            }
            return v6 && !value.contains(":") ? -1 : prefixOf(value);
        }

        private int prefixOf(String value) {
            int slash = value.lastIndexOf('/');
            return slash < 0 ? -1 : Integer.parseInt(value.substring(slash + 1));
        }
    }
}
