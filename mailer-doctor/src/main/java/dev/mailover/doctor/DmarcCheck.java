package dev.mailover.doctor;

import dev.mailover.Finding;
import dev.mailover.mime.DkimSigner;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The sender domain's DMARC record (RFC 7489) at {@code _dmarc.DOMAIN}, or at its organizational
 * domain (taken as the last two labels): present, one record, a valid {@code p=} policy, aggregate
 * reports ({@code rua}), sane {@code sp}, {@code pct}, {@code adkim} and {@code aspf}, and whether
 * the configured DKIM signer's domain aligns with the From domain.
 */
final class DmarcCheck {

    static final String STEP = "DMARC";
    private static final Set<String> POLICIES = Set.of("none", "quarantine", "reject");
    private static final Set<String> ALIGNMENTS = Set.of("r", "s");

    private DmarcCheck() {
    }

    static List<Finding> run(Dns dns, String domain, Optional<DkimSigner> signer) {
        String at = "_dmarc." + domain;
        Dns.TextAnswer txt = dns.txt(at);
        if (txt.answer().failed()) {
            return List.of(Finding.fail(STEP, 0, txt.answer().failure(), DomainProbe.DNS_HINT));
        }
        List<String> records = dmarc(txt.texts());
        String organizational = organizational(domain);
        boolean inherited = false;
        if (records.isEmpty() && !organizational.equals(domain)) {
            Dns.TextAnswer parent = dns.txt("_dmarc." + organizational);
            if (parent.answer().failed()) {
                return List.of(Finding.fail(STEP, 0, parent.answer().failure(), DomainProbe.DNS_HINT));
            }
            records = dmarc(parent.texts());
            inherited = !records.isEmpty();
            at = inherited ? "_dmarc." + organizational : at;
        }
        if (records.isEmpty()) {
            return List.of(Finding.fail(STEP, 0, "no DMARC record at _dmarc." + domain + ": large mailbox providers"
                    + " (Gmail, Yahoo, Outlook) expect one from senders", "Publish a TXT record at _dmarc." + domain
                    + ", to start with: v=DMARC1; p=none; rua=mailto:dmarc-reports@" + domain
                    + " (then move to p=quarantine once the reports show only your own mail)"));
        }
        if (records.size() > 1) {
            return List.of(Finding.fail(STEP, 0, records.size() + " DMARC records at " + at + ": receivers then apply none",
                    "Keep one TXT record at " + at));
        }
        String record = records.get(0);
        TagList tags = TagList.parse(record);
        Optional<String> p = tags.get(inherited ? "sp" : "p").or(() -> tags.get("p")).map(v -> v.toLowerCase(Locale.ROOT));
        List<String> problems = new ArrayList<>();
        tags.error().ifPresent(problems::add);
        if (!"v".equals(tags.firstTag().orElse("")) || !tags.get("v").orElse("").equals("DMARC1")) {
            problems.add("v=DMARC1 must come first");
        }
        if (p.isEmpty()) {
            problems.add("it has no p= policy");
        } else if (!POLICIES.contains(p.get())) {
            problems.add("p=" + p.get() + " is not none, quarantine or reject");
        }
        tags.get("sp").filter(v -> !POLICIES.contains(v.toLowerCase(Locale.ROOT)))
                .ifPresent(v -> problems.add("sp=" + v + " is not none, quarantine or reject"));
        for (String a : List.of("adkim", "aspf")) {
            tags.get(a).filter(v -> !ALIGNMENTS.contains(v.toLowerCase(Locale.ROOT)))
                    .ifPresent(v -> problems.add(a + "=" + v + " is not r or s"));
        }
        Optional<String> pct = tags.get("pct");
        if (pct.isPresent() && !pct.get().matches("\\d{1,3}") || pct.map(v -> v.matches("\\d{1,3}") && Integer.parseInt(v) > 100)
                .orElse(false)) {
            problems.add("pct=" + pct.get() + " is not 0 to 100");
        }
        if (!problems.isEmpty()) {
            return List.of(Finding.fail(STEP, 0, "the DMARC record at " + at + " is malformed: " + String.join("; ", problems)
                    + " (" + record + ")", "Publish a valid record at " + at + ", for example: v=DMARC1; p=none; rua=mailto:"
                    + "dmarc-reports@" + organizational));
        }
        List<Finding> findings = new ArrayList<>();
        String policy = p.get();
        String seen = at + ": p=" + policy + (inherited ? " (inherited from " + organizational + ")" : "");
        if (policy.equals("none")) {
            findings.add(Finding.warn(STEP, 0, seen + ", monitoring only: receivers deliver mail that fails DMARC",
                    "Once the aggregate reports show only your own mail passing, move to p=quarantine, then p=reject"));
        } else {
            findings.add(Finding.pass(STEP, 0, seen));
        }
        if (tags.get("rua").isEmpty()) {
            findings.add(Finding.warn(STEP, 0, at + " asks for no aggregate reports (no rua=)",
                    "Add rua=mailto:dmarc-reports@" + organizational + " to see who sends as " + domain));
        }
        pct.filter(v -> Integer.parseInt(v) < 100).ifPresent(v -> findings.add(Finding.warn(STEP, 0,
                "pct=" + v + ": the policy applies to " + v + "% of failing mail only", "Raise pct to 100 (or drop it)")));
        signer.ifPresent(s -> findings.add(alignment(s, domain, tags.get("adkim").orElse("r"))));
        return findings;
    }

    /** DKIM alignment (RFC 7489, 3.1.1): the signer's d= equals the From domain (strict), or shares its organizational domain. */
    private static Finding alignment(DkimSigner s, String domain, String adkim) {
        boolean strict = adkim.equalsIgnoreCase("s");
        boolean aligned = strict ? s.domain().equals(domain) : organizational(s.domain()).equals(organizational(domain));
        if (aligned) {
            return Finding.pass(STEP, 0, "DKIM d=" + s.domain() + " aligns with the From domain " + domain
                    + (strict ? " (adkim=s)" : ""));
        }
        return Finding.fail(STEP, 0, "DKIM d=" + s.domain() + " does not align with the From domain " + domain
                + (strict ? " under adkim=s" : "") + ": DMARC ignores the signature",
                "Sign with domain(\"" + domain + "\") (dkim_domain=" + domain + ")"
                        + (strict ? ", or relax the record to adkim=r" : ""));
    }

    private static List<String> dmarc(List<String> texts) {
        return texts.stream().filter(t -> t.strip().toLowerCase(Locale.ROOT).startsWith("v=dmarc1")).toList();
    }

    /** The last two labels: an approximation of the organizational domain without the public suffix list. */
    static String organizational(String domain) {
        String[] labels = domain.split("\\.");
        return labels.length <= 2 ? domain : labels[labels.length - 2] + "." + labels[labels.length - 1];
    }
}
