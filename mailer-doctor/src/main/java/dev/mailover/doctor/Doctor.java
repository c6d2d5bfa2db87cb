package dev.mailover.doctor;

import dev.mailover.Address;
import dev.mailover.Diagnosis;
import dev.mailover.Dsn;
import dev.mailover.FailureKind;
import dev.mailover.Finding;
import dev.mailover.HealthCheck;
import dev.mailover.Mailer;
import dev.mailover.Mailers;
import dev.mailover.SendingPath;
import dev.mailover.mime.DkimSigned;
import dev.mailover.mime.DkimSigner;
import dev.mailover.smtp.SmtpMailer;
import dev.mailover.smtp.SmtpProbe;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a whole mail configuration without sending anything: every transport's own check, and the
 * sender domain's DNS, ending in one recommendation.
 *
 * <pre>{@code
 * Diagnosis d = Doctor.forDsn("failover(smtp://user:pass@smtp.example.com:587 sendgrid+api://KEY@default)")
 *     .from("orders@shop.example")        // the sender whose domain's MX, SPF, DKIM and DMARC are checked
 *     .timeout(Duration.ofSeconds(5))     // per network step
 *     .build().run();
 * System.out.print(d.report());
 * }</pre>
 *
 * <p>An SMTP transport is walked through {@link SmtpProbe}'s checklist on its own port (DNS, TCP,
 * greeting, EHLO, TLS and certificate, AUTH); one without encryption, an HTTP API and SES are asked
 * through {@link Mailer#check()} (their credential endpoints, which send nothing). With a sender
 * address, {@link DomainProbe} checks its domain against the transports in use (their SPF includes
 * or SMTP host, their documented DKIM selectors, the DKIM signer they sign with). Each finding is
 * about one transport or about the sender domain ({@link Finding#subject()}).
 *
 * <p>{@link Diagnosis#healthy()} keeps its meaning: at least one transport works, so a failover
 * configuration with one broken transport is healthy, and its findings hold a {@code FAIL} for the
 * broken one, whose cause the recommendation names. Immutable; {@link #run()} never throws.
 */
public final class Doctor {

    private static final Logger log = LoggerFactory.getLogger(Doctor.class);
    private static final String CHECK_STEP = "check";

    private final Dsn dsn;
    private final List<Mailer> given;
    private final String from;
    /** The domain checks' settings (selectors, resolver, timeout), copied for each run. */
    private final DomainProbe.Builder domainProbe;
    private final Duration timeout;

    private Doctor(Builder b) {
        this.dsn = b.dsn;
        this.given = List.copyOf(b.transports);
        this.from = b.from;
        this.domainProbe = b.domainProbe.copy();
        this.timeout = b.domainProbe.timeout();
    }

    /**
     * A doctor for every transport of a DSN, {@code failover(...)} and {@code roundrobin(...)} included.
     * The mailers are built when {@link #run()} runs and closed when it ends.
     *
     * @throws IllegalArgumentException when the DSN is malformed (the message quotes no secret)
     */
    public static Builder forDsn(String dsn) {
        return new Builder(Dsn.parse(Objects.requireNonNull(dsn, "dsn")), List.of());
    }

    /** A doctor for transports built in code; they stay open (the caller closes them). */
    public static Builder forTransports(Mailer... transports) {
        Objects.requireNonNull(transports, "transports");
        if (transports.length == 0) {
            throw new IllegalArgumentException("transports: give at least one transport");
        }
        List<Mailer> list = new ArrayList<>();
        for (Mailer m : transports) {
            list.add(Objects.requireNonNull(m, "transports"));
        }
        return new Builder(null, list);
    }

    /** Checks every transport, then the sender domain, and recommends one configuration. Never throws. */
    public Diagnosis run() {
        Diagnosis.Builder d = Diagnosis.builder().target(dsn != null ? dsn.toString()
                : given.stream().map(Mailer::name).collect(Collectors.joining(", ")));
        List<Mailer> built = new ArrayList<>();
        List<Outcome> outcomes = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        try {
            List<Mailer> transports = dsn != null ? build(built, findings, outcomes) : given;
            Map<String, Integer> seen = new HashMap<>();
            for (Mailer m : transports) {
                int n = seen.merge(m.name(), 1, Integer::sum);
                String name = n == 1 ? m.name() : m.name() + "-" + n;
                outcomes.add(examine(m, name, findings));
            }
            Optional<Diagnosis> domain = domain(transports);
            domain.ifPresent(dd -> findings.addAll(dd.findings()));
            findings.forEach(d::finding);
            return d.healthy(outcomes.stream().anyMatch(Outcome::works))
                    .recommendation(recommend(outcomes, domain)).build();
        } finally {
            for (Mailer m : built) {
                m.close();
            }
        }
    }

    /** What the doctor concluded about one transport. */
    private record Outcome(String name, boolean works, String cause) {
    }

    /** Builds the DSN's transports one by one, so a transport that cannot be built is a finding, not the end. */
    private List<Mailer> build(List<Mailer> built, List<Finding> findings, List<Outcome> outcomes) {
        for (Dsn leaf : leaves(dsn, new ArrayList<>())) {
            try {
                built.add(Mailers.fromDsn(leaf));
            } catch (RuntimeException e) {
                String name = leaf.option("name").orElse(leaf.scheme());
                findings.add(Finding.fail("configuration", 0, String.valueOf(e.getMessage()),
                        "Fix this transport's DSN: " + leaf).about(name));
                outcomes.add(new Outcome(name, false, e.getMessage()));
            }
        }
        return built;
    }

    private static List<Dsn> leaves(Dsn d, List<Dsn> into) {
        if (d.children().isEmpty()) {
            into.add(d);
        }
        for (Dsn child : d.children()) {
            leaves(child, into);
        }
        return into;
    }

    /** The transport's own check: the SMTP checklist, or {@link Mailer#check()}. */
    private Outcome examine(Mailer m, String name, List<Finding> findings) {
        Optional<SmtpProbe.Builder> probe = m instanceof SmtpMailer smtp ? SmtpProbe.forMailer(smtp) : Optional.empty();
        if (probe.isPresent()) {
            Diagnosis walk = probe.get().timeout(timeout).build().run();
            walk.findings().forEach(f -> findings.add(f.about(name)));
            return new Outcome(name, walk.healthy(), walk.recommendation());
        }
        HealthCheck h;
        try {
            h = m.check();
        } catch (RuntimeException e) { // check() never throws; a third-party transport's might
            log.debug("{}: check() threw", name, e);
            h = HealthCheck.unhealthy(name, FailureKind.UNKNOWN, String.valueOf(e), null, Duration.ZERO);
        }
        if (h.healthy()) {
            findings.add(Finding.pass(CHECK_STEP, 0, h.detail().isEmpty() ? "reachable, credentials accepted" : h.detail())
                    .about(name));
            return new Outcome(name, true, "");
        }
        String kind = h.failure().map(Enum::name).orElse("");
        findings.add(Finding.fail(CHECK_STEP, 0, kind + (h.detail().isEmpty() ? "" : ": " + h.detail()), h.hint()).about(name));
        return new Outcome(name, false, kind + (h.hint().isEmpty() ? "" : ": " + h.hint()));
    }

    private Optional<Diagnosis> domain(List<Mailer> transports) {
        if (from == null) {
            return Optional.empty();
        }
        DomainProbe.Builder probe = domainProbe.copy().domain(Address.parse(from).domain());
        List<SendingPath> paths = new ArrayList<>();
        for (Mailer m : transports) {
            if (m instanceof SendingPath.Source s) {
                paths.add(s.sendingPath());
            }
        }
        probe.paths(paths);
        transports.stream().filter(DkimSigned.class::isInstance).map(m -> ((DkimSigned) m).dkim())
                .flatMap(Optional::stream).findFirst().ifPresent(probe::dkimSigner);
        return Optional.of(probe.build().run());
    }

    private String recommend(List<Outcome> outcomes, Optional<Diagnosis> domain) {
        List<Outcome> working = outcomes.stream().filter(Outcome::works).toList();
        List<Outcome> broken = outcomes.stream().filter(o -> !o.works()).toList();
        StringBuilder r = new StringBuilder();
        if (working.isEmpty()) {
            r.append("No transport can send. ");
        } else if (broken.isEmpty()) {
            r.append(working.size() == 1 ? "Send through " + working.get(0).name() + ": it works. "
                    : "All " + working.size() + " transports work. ");
        } else {
            r.append("Send through ").append(working.stream().map(Outcome::name).collect(Collectors.joining(", ")))
                    .append(working.size() == 1 ? ", which works; " : ", which work; ")
                    .append("fix or remove the broken one").append(broken.size() == 1 ? "" : "s").append(". ");
        }
        for (Outcome b : broken) {
            r.append(b.name()).append(" is broken: ").append(b.cause().strip());
            if (!b.cause().strip().endsWith(".")) {
                r.append('.');
            }
            r.append(' ');
        }
        if (domain.isPresent()) {
            Diagnosis dd = domain.get();
            r.append(dd.healthy() && dd.findings().stream().allMatch(f -> f.status() == Finding.Status.PASS)
                    ? "The sender domain's records are in order." : "Sender domain: " + dd.recommendation());
        } else {
            r.append("The sender domain was not checked: give the From address.");
        }
        return r.toString().strip();
    }

    @Override
    public String toString() {
        return "Doctor{" + (dsn != null ? dsn : given) + (from == null ? "" : " from=" + from) + "}";
    }

    /** Builds a {@link Doctor}. Not thread-safe. */
    public static final class Builder {
        private final Dsn dsn;
        private final List<Mailer> transports;
        private String from;
        private final DomainProbe.Builder domainProbe = DomainProbe.builder();

        private Builder(Dsn dsn, List<Mailer> transports) {
            this.dsn = dsn;
            this.transports = transports;
        }

        /** The sender address, such as {@code orders@shop.example}: its domain's MX, SPF, DKIM and DMARC are checked. */
        public Builder from(String from) {
            Objects.requireNonNull(from, "from");
            try {
                this.from = Address.parse(from).email();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("from: '" + from + "' is not an email address", e);
            }
            return this;
        }

        /** DKIM selectors to look up besides the signer's and the providers' own. */
        public Builder dkimSelectors(String... selectors) {
            domainProbe.dkimSelectors(selectors);
            return this;
        }

        /** The DNS resolver of the domain checks; the system's by default. */
        public Builder resolver(InetSocketAddress resolver) {
            domainProbe.resolver(resolver);
            return this;
        }

        /** The timeout of each network step (a connect, a reply, a DNS query); 5 s by default. */
        public Builder timeout(Duration timeout) {
            domainProbe.timeout(timeout);
            return this;
        }

        /** Creates the doctor. Connects nowhere. */
        public Doctor build() {
            return new Doctor(this);
        }
    }
}
