package dev.mailover.smtp;

import dev.mailover.Diagnosis;
import dev.mailover.Finding;
import dev.mailover.internal.Durations;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The SMTP doctor: finds out why mail does not flow to a server, and which port and mode to use.
 *
 * <pre>{@code
 * Diagnosis d = SmtpProbe.builder().host("smtp.example.com")
 *     .credentials("user", "app-password")        // optional: AUTH is tried only over TLS
 *     .build().run();
 * System.out.print(d.report());
 * }</pre>
 *
 * <p>For each port (587, 465, 25 and 2525 by default) it walks the checklist: DNS, TCP (refused,
 * timed out or open), the greeting, EHLO capabilities (STARTTLS, AUTH mechanisms, SIZE), STARTTLS or
 * implicit TLS (protocol, certificate subject, issuer, expiry and days left, host name match,
 * trust), and AUTH when credentials are given. It ends with one recommendation that follows from
 * what it saw: "use 587 with STARTTLS" when a port works; "nothing listens on HOST" when every port
 * refused the connection; "SMTP is blocked from this host: use an HTTP API transport" when
 * connections time out (filtered) and none works.
 *
 * <p>It sends no message. Certificates are verified exactly as {@link SmtpMailer} verifies them (a
 * refused certificate is described, never accepted), and credentials never travel unencrypted.
 * Immutable and thread-safe; {@link #run()} never throws.
 */
public final class SmtpProbe {

    /** The ports tried in this order of preference when there is a choice. */
    private static final List<Integer> PREFERENCE = List.of(587, 465, 2525, 25);
    private static final AtomicInteger RUNS = new AtomicInteger();

    private final ProbeSettings settings;
    private final List<Integer> ports;
    private final Map<Integer, Integer> dial;

    private SmtpProbe(Builder b) {
        this.settings = b.settings();
        this.ports = List.copyOf(b.ports);
        this.dial = Map.copyOf(b.dial);
    }

    /** Starts a probe with the default ports 587, 465, 25 and 2525 and a 5 s timeout per step. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A probe of the server, port, trust, EHLO name and password this mailer uses, with the hints in
     * its vocabulary; set the timeout (or other ports) before {@link Builder#build()}. Empty for a
     * mailer without encryption ({@link SmtpSecurity#NONE}), since the probe walks encrypted paths
     * only: check such a mailer with {@link SmtpMailer#check()}. A mailer that authenticates with
     * XOAUTH2 is probed without AUTH.
     */
    public static Optional<Builder> forMailer(SmtpMailer mailer) {
        SmtpSettings s = Objects.requireNonNull(mailer, "mailer").settings();
        if (s.security() == SmtpSecurity.NONE) {
            return Optional.empty();
        }
        Builder b = builder().host(s.host()).ports(s.port()).hintVocabulary(s.vocabulary());
        b.dial(s.port(), s.dialPort());
        b.tls = s.tls();
        if (s.localHost() != null) {
            b.localHost(s.localHost());
        }
        if (s.hasCredentials() && !s.oauth2()) {
            b.credentials(s.user(), s.secret().get());
        }
        return Optional.of(b);
    }

    /**
     * Walks every port and returns what was found, with a recommendation. Never throws. Each step
     * waits at most the timeout, and each walk of a port at most 11 timeouts in all (a port walked in
     * both TLS modes twice that), even against a server that trickles its replies.
     */
    public Diagnosis run() {
        Diagnosis.Builder d = Diagnosis.builder().target(settings.host());
        InetAddress address;
        try {
            InetAddress[] all = InetAddress.getAllByName(settings.host());
            address = all[0];
            d.finding(Finding.pass("DNS", 0, settings.host() + " resolves to " + Arrays.stream(all)
                    .map(InetAddress::getHostAddress).distinct().reduce((a, b) -> a + ", " + b).orElse("")));
        } catch (UnknownHostException | SecurityException e) {
            String hint = hint(SmtpReason.UNKNOWN_HOST, Map.of());
            return d.finding(Finding.fail("DNS", 0, settings.host() + " does not resolve", hint))
                    .healthy(false).recommendation(hint).build();
        }
        List<PortProbe.Outcome> outcomes = new ArrayList<>();
        ScheduledThreadPoolExecutor watchdogs = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "mailover-smtp-probe-" + RUNS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        watchdogs.setRemoveOnCancelPolicy(true);
        try {
            for (int port : ports) {
                PortProbe probe = new PortProbe(settings, address, port, dial.getOrDefault(port, port), watchdogs);
                outcomes.add(probe.run());
                probe.findings().forEach(d::finding);
            }
        } finally {
            watchdogs.shutdownNow();
        }
        return recommend(d, outcomes);
    }

    private Diagnosis recommend(Diagnosis.Builder d, List<PortProbe.Outcome> outcomes) {
        PortProbe.Outcome best = best(outcomes);
        if (best != null) {
            return d.healthy(true).recommendation("use " + best.port() + " with "
                    + (best.mode() == SmtpSecurity.SMTPS ? "SMTPS" : "STARTTLS")).build();
        }
        if (outcomes.stream().allMatch(o -> o.walk() == PortProbe.Walk.REFUSED)) {
            String refused = (outcomes.size() == 1 ? "port " : "ports ") + outcomes.stream()
                    .map(o -> String.valueOf(o.port())).collect(Collectors.joining(", "));
            return d.healthy(false).recommendation(hint(SmtpReason.NOTHING_LISTENS, Map.of("refusedPorts", refused)))
                    .build();
        }
        if (outcomes.stream().noneMatch(PortProbe.Outcome::reachable)) {
            return d.healthy(false).recommendation(hint(SmtpReason.SMTP_BLOCKED, Map.of())).build();
        }
        String problem = outcomes.stream().filter(PortProbe.Outcome::reachable).map(PortProbe.Outcome::problem)
                .filter(Objects::nonNull).findFirst().orElse("no port offers a working, encrypted path");
        return d.healthy(false).recommendation("no port works yet: " + problem).build();
    }

    /** A hint of the table about the host as a whole (any port), in the probe's vocabulary. */
    private String hint(SmtpReason reason, Map<String, String> extra) {
        return SmtpHints.hint(reason, settings.smtpSettings(ports.get(0), SmtpSecurity.STARTTLS), extra);
    }

    private static PortProbe.Outcome best(List<PortProbe.Outcome> outcomes) {
        PortProbe.Outcome best = null;
        for (PortProbe.Outcome o : outcomes) {
            if (o.usable() && (best == null || rank(o.port()) < rank(best.port()))) {
                best = o;
            }
        }
        return best;
    }

    private static int rank(int port) {
        int i = PREFERENCE.indexOf(port);
        return i < 0 ? PREFERENCE.size() : i;
    }

    @Override
    public String toString() {
        return "SmtpProbe{" + settings.host() + " ports=" + ports
                + (settings.user() == null ? "" : " user=" + settings.user() + " password=****") + "}";
    }

    /** Builds an {@link SmtpProbe}. Only {@link #host(String)} is required. Not thread-safe. */
    public static final class Builder {
        private String host;
        private final List<Integer> ports = new ArrayList<>(List.of(587, 465, 25, 2525));
        private final Map<Integer, Integer> dial = new HashMap<>();
        private String user;
        private String password;
        private Duration timeout = Duration.ofSeconds(5);
        private X509Certificate[] trustedCertificates;
        private KeyStore trustStore;
        private String localHost = "localhost";
        private HintVocabulary vocabulary = HintVocabulary.BUILDER;
        /** A mailer's own trust, when the probe is made from one. */
        private TrustedTls tls;

        private Builder() {
        }

        /** The server to diagnose. Required. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** The ports to walk, in this order; by default 587, 465, 25, 2525. */
        public Builder ports(int... ports) {
            Objects.requireNonNull(ports, "ports");
            if (ports.length == 0) {
                throw new IllegalArgumentException("ports: give at least one port");
            }
            this.ports.clear();
            for (int p : ports) {
                if (p < 1 || p > 65535) {
                    throw new IllegalArgumentException("ports: " + p + " is not from 1 to 65535");
                }
                this.ports.add(p);
            }
            return this;
        }

        /** Connects to {@code actualPort} while walking {@code port}; for tests. */
        Builder dial(int port, int actualPort) {
            dial.put(port, actualPort);
            return this;
        }

        /** Credentials to try with AUTH (only over TLS). The password never appears in the report. */
        public Builder credentials(String user, String password) {
            this.user = Objects.requireNonNull(user, "user");
            this.password = Objects.requireNonNull(password, "password");
            return this;
        }

        /** The timeout for each step (connect, each reply, the handshake); 5 s by default. */
        public Builder timeout(Duration timeout) {
            this.timeout = Durations.positive("timeout", timeout);
            return this;
        }

        /** Trusts exactly these certificates instead of the JVM's trust store, as the mailer would. */
        public Builder trustedCertificates(X509Certificate... certificates) {
            this.trustedCertificates = Objects.requireNonNull(certificates, "trustedCertificates").clone();
            this.tls = null;
            return this;
        }

        /**
         * Trusts exactly the certificates of this PEM file, as the mailer would; read now. An error
         * names the setting in the {@link #hintVocabulary(HintVocabulary) vocabulary} set before.
         *
         * @throws IllegalArgumentException when the file cannot be read or holds no certificate
         */
        public Builder trustedCertificates(Path pemFile) {
            Objects.requireNonNull(pemFile, "trustedCertificates");
            return trustedCertificates(PemCertificates.read(pemFile, vocabulary.settings().get("trustFileSetting"))
                    .toArray(X509Certificate[]::new));
        }

        /**
         * How the findings' hints name the settings to change; {@link HintVocabulary#BUILDER} by
         * default. Changes wording only.
         */
        public Builder hintVocabulary(HintVocabulary vocabulary) {
            this.vocabulary = Objects.requireNonNull(vocabulary, "vocabulary");
            return this;
        }

        /** Trusts the certificates of this key store instead of the JVM's trust store. */
        public Builder trustStore(KeyStore trustStore) {
            this.trustStore = Objects.requireNonNull(trustStore, "trustStore");
            this.tls = null;
            return this;
        }

        /** The name sent with EHLO; {@code localhost} by default. */
        public Builder localHost(String localHost) {
            this.localHost = Objects.requireNonNull(localHost, "localHost");
            return this;
        }

        /** Creates the probe. Opens no connection. */
        public SmtpProbe build() {
            return new SmtpProbe(this);
        }

        ProbeSettings settings() {
            SmtpMailer.Builder check = SmtpMailer.builder().host(Objects.requireNonNull(host, "host: the server to probe is required"));
            if (trustedCertificates != null) {
                check.trustedCertificates(trustedCertificates);
            }
            if (trustStore != null) {
                check.trustStore(trustStore);
            }
            check.localHost(localHost);
            SmtpSettings s = check.settings();
            return new ProbeSettings(s.host(), user, password, timeout, tls != null ? tls : s.tls(), s.localHost(), vocabulary);
        }
    }
}
