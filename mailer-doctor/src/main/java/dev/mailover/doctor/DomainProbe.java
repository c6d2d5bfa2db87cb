package dev.mailover.doctor;

import dev.mailover.Diagnosis;
import dev.mailover.Finding;
import dev.mailover.Mailer;
import dev.mailover.SendingPath;
import dev.mailover.mime.DkimSigner;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks the DNS records of a sender domain that decide whether delivered mail reaches the inbox:
 * MX, SPF, DKIM and DMARC, as the troubleshooting checklist's last step asks.
 *
 * <pre>{@code
 * Diagnosis dns = DomainProbe.builder().domain("example.com")
 *     .dkimSelectors("s2026")          // selectors to look up
 *     .dkimSigner(dkim)                // optional: the published key must be this signer's
 *     .transports(smtp, sendgrid)      // optional: SPF must authorise these, their DKIM selectors are looked up
 *     .build().run();
 * System.out.print(dns.report());
 * }</pre>
 *
 * <p>Each check is one or more {@link Finding}s whose step is {@code MX}, {@code SPF}, {@code DKIM} or
 * {@code DMARC}; a problem's hint says which record to publish, with its exact text where it can be
 * derived (a corrected SPF record, the signer's DKIM key record, a DMARC starter record). The
 * diagnosis is healthy when no check failed.
 *
 * <p>It queries the resolver given (the system's by default) over UDP, and over TCP when an answer
 * is truncated, each query bounded by the timeout; when the resolver does not answer once, the
 * remaining checks fail at once saying DNS could not be queried, so {@link #run()} takes about one
 * timeout against a dead resolver. Sends nothing. Immutable and thread-safe; {@link #run()} never throws.
 */
public final class DomainProbe {

    /** The hint of a check that could not query DNS. */
    static final String DNS_HINT = "Check that the DNS resolver answers (resolver, or the system's /etc/resolv.conf) and"
            + " run the check again; the records were not checked";
    private static final Pattern DOMAIN = Pattern.compile("(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+");

    private final String domain;
    private final List<String> selectors;
    private final Optional<DkimSigner> signer;
    private final List<SendingPath> paths;
    private final InetSocketAddress resolver;
    private final Duration timeout;

    private DomainProbe(Builder b) {
        this.domain = b.domain;
        this.selectors = List.copyOf(b.selectors);
        this.signer = Optional.ofNullable(b.signer);
        this.paths = List.copyOf(b.paths);
        this.resolver = b.resolver;
        this.timeout = b.timeout;
    }

    /** Starts a builder; only the domain is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Runs the MX, SPF, DKIM and DMARC checks, in that order, each finding about the sender domain. Never throws. */
    public Diagnosis run() {
        List<Finding> findings = new ArrayList<>();
        Dns dns;
        try {
            dns = new Dns(resolver, timeout);
        } catch (IllegalStateException e) {
            for (String step : List.of(MxCheck.STEP, SpfCheck.STEP, DkimCheck.STEP, DmarcCheck.STEP)) {
                findings.add(Finding.fail(step, 0, "DNS could not be queried: " + e.getMessage(), DNS_HINT));
            }
            return diagnosis(findings);
        }
        findings.addAll(MxCheck.run(dns, domain));
        findings.addAll(new SpfCheck(dns, domain, paths).run());
        findings.addAll(new DkimCheck(dns, domain, selectors, signer, paths).run());
        findings.addAll(DmarcCheck.run(dns, domain, signer));
        return diagnosis(findings);
    }

    private Diagnosis diagnosis(List<Finding> findings) {
        Diagnosis.Builder d = Diagnosis.builder().target(domain);
        String subject = subject(domain);
        findings.forEach(f -> d.finding(f.about(subject)));
        Optional<Finding> fail = findings.stream().filter(f -> f.status() == Finding.Status.FAIL).findFirst();
        Optional<Finding> warn = findings.stream().filter(f -> f.status() == Finding.Status.WARN).findFirst();
        String recommendation = fail.or(() -> warn).map(f -> f.step() + ": " + f.hint())
                .orElse("the sender domain's MX, SPF, DKIM and DMARC records are in order");
        return d.healthy(fail.isEmpty()).recommendation(recommendation).build();
    }

    /** How the findings of a domain are titled in a report. */
    static String subject(String domain) {
        return "sender domain " + domain;
    }

    @Override
    public String toString() {
        return "DomainProbe{" + domain + " selectors=" + selectors + signer.map(s -> " " + s).orElse("") + "}";
    }

    /** Builds a {@link DomainProbe}. Not thread-safe. */
    public static final class Builder {
        private String domain;
        private final List<String> selectors = new ArrayList<>();
        private DkimSigner signer;
        private final List<SendingPath> paths = new ArrayList<>();
        private InetSocketAddress resolver;
        private Duration timeout = Duration.ofSeconds(5);

        private Builder() {
        }

        /** The sender domain, for example {@code example.com} (the part after {@code @} of the From address). Required. */
        public Builder domain(String domain) {
            String d = Objects.requireNonNull(domain, "domain").strip().toLowerCase(Locale.ROOT);
            d = d.endsWith(".") ? d.substring(0, d.length() - 1) : d;
            if (!DOMAIN.matcher(d).matches()) {
                throw new IllegalArgumentException("domain: '" + domain + "' is not a domain name such as example.com");
            }
            this.domain = d;
            return this;
        }

        /** DKIM selectors whose keys must be published at {@code SELECTOR._domainkey.DOMAIN}. */
        public Builder dkimSelectors(String... selectors) {
            for (String s : Objects.requireNonNull(selectors, "dkimSelectors")) {
                this.selectors.add(Objects.requireNonNull(s, "dkimSelectors").strip());
            }
            return this;
        }

        /** The signer mail is signed with: its key must be the one published under its selector, and its domain aligned. */
        public Builder dkimSigner(DkimSigner signer) {
            this.signer = Objects.requireNonNull(signer, "dkimSigner");
            return this;
        }

        /**
         * The transports mail is sent through: SPF must authorise each (its provider's documented
         * include, or the SMTP server's addresses), and their providers' documented DKIM selectors are
         * looked up. A transport that does not describe its sending path (not one of Mailover's) adds nothing.
         */
        public Builder transports(Mailer... transports) {
            for (Mailer m : Objects.requireNonNull(transports, "transports")) {
                if (Objects.requireNonNull(m, "transports") instanceof SendingPath.Source s) {
                    paths.add(s.sendingPath());
                }
            }
            return this;
        }

        /** Adds sending paths directly; for {@link Doctor}. */
        Builder paths(List<SendingPath> more) {
            paths.addAll(more);
            return this;
        }

        /** A builder with the same settings, for {@link Doctor} to add one run's domain, paths and signer to. */
        Builder copy() {
            Builder b = new Builder();
            b.domain = domain;
            b.selectors.addAll(selectors);
            b.signer = signer;
            b.paths.addAll(paths);
            b.resolver = resolver;
            b.timeout = timeout;
            return b;
        }

        /** The timeout of each DNS query. */
        Duration timeout() {
            return timeout;
        }

        /** The DNS resolver to ask, such as {@code new InetSocketAddress("127.0.0.1", 53)}; the system's by default. */
        public Builder resolver(InetSocketAddress resolver) {
            this.resolver = Objects.requireNonNull(resolver, "resolver");
            return this;
        }

        /** The timeout of each DNS query; 5 s by default. */
        public Builder timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout: must be positive, was " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * Creates the probe. Sends no query.
         *
         * @throws IllegalArgumentException when the domain is missing
         */
        public DomainProbe build() {
            if (domain == null) {
                throw new IllegalArgumentException("domain: the sender domain to check is required, for example example.com");
            }
            return new DomainProbe(this);
        }
    }
}
