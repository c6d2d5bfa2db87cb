package dev.mailover.smtp;

import dev.mailover.FailureKind;
import dev.mailover.Finding;
import dev.mailover.MailException;
import dev.mailover.internal.Causes;
import dev.mailover.internal.Durations;
import dev.mailover.internal.Secrets;
import dev.mailover.internal.TimeLimit;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Walks the checklist on one port over a raw socket: TCP, greeting, EHLO, STARTTLS or implicit TLS,
 * the certificate, and AUTH when credentials are given. Each step adds a {@link Finding}; a failure
 * gets the same reason and hint the mailer would give ({@link SmtpFailureClassifier}): a refusing
 * reply is handed to the classifier as what it is (phase, code and text, {@link SmtpObservation}), a
 * socket or TLS failure as the exception it is, and what the EHLO reply lacks (STARTTLS, AUTH) as its
 * {@link SmtpReason}. Like the mailer, it falls back to HELO when EHLO is refused. When a port turns
 * out to speak the other TLS mode (no greeting on 465, plaintext where TLS was expected), it says so
 * and walks the port again in that mode. Every hint comes from {@link SmtpHints}.
 *
 * <p>Each walk is bounded as a whole, like a mailer's conversation: a watchdog closes the socket
 * after the timeout plus 10 timeouts ({@link SmtpSettings#conversationBound()}), so that a server
 * trickling its replies one byte at a time cannot hold the doctor forever. Every finding's detail
 * and hint go through {@link Secrets} and are cut at {@value MailException#MAX_DETAIL} characters.
 */
final class PortProbe {

    private static final Logger log = LoggerFactory.getLogger(PortProbe.class);
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final int EXPIRY_WARNING_DAYS = 14;

    /** What the walk found out about the port. */
    record Outcome(int port, SmtpSecurity mode, Walk walk, String problem) {
        /** True when the TCP connect succeeded. */
        boolean reachable() {
            return walk != Walk.REFUSED && walk != Walk.FILTERED;
        }

        /** True when the whole walk worked: mail can go through this port. */
        boolean usable() {
            return walk == Walk.USABLE;
        }
    }

    /** How a walk ended. */
    enum Walk {
        /** Every step worked. */
        USABLE,
        /** A step after the TCP connect failed. */
        FAILED,
        /** The port speaks the other TLS mode; walk it again in that mode. */
        WRONG_MODE,
        /** The TCP connect was refused: nothing listens, or a firewall rejects it. */
        REFUSED,
        /** The TCP connect timed out: the port is filtered (blocked) on the way. */
        FILTERED
    }

    private final ProbeSettings settings;
    private final InetAddress address;
    private final int port;
    private final int dialPort;
    private final ScheduledExecutorService watchdogs;
    private final Secrets secrets;
    private final List<Finding> findings = new ArrayList<>();
    private String problem;
    /** The step in progress, for a failure that ends the walk anywhere. */
    private String step = "SMTP";
    private SmtpPhase phase = SmtpPhase.IDLE;
    /** True when the watchdog closed the socket of the walk in progress. */
    private volatile boolean cutOff;

    PortProbe(ProbeSettings settings, InetAddress address, int port, int dialPort, ScheduledExecutorService watchdogs) {
        this.settings = settings;
        this.address = address;
        this.port = port;
        this.dialPort = dialPort;
        this.watchdogs = watchdogs;
        this.secrets = Secrets.of(settings.secrets());
    }

    List<Finding> findings() {
        return findings;
    }

    Outcome run() {
        SmtpSecurity first = port == SmtpSecurity.SMTPS.defaultPort() ? SmtpSecurity.SMTPS : SmtpSecurity.STARTTLS;
        Walk walk = walk(first, true);
        if (walk == Walk.WRONG_MODE) {
            SmtpSecurity other = first == SmtpSecurity.SMTPS ? SmtpSecurity.STARTTLS : SmtpSecurity.SMTPS;
            walk = walk(other, false);
            return outcome(other, walk);
        }
        return outcome(first, walk);
    }

    private Outcome outcome(SmtpSecurity mode, Walk walk) {
        return new Outcome(port, mode, walk, problem);
    }

    private Walk walk(SmtpSecurity mode, boolean firstTry) {
        Socket tcp = new Socket();
        long start = System.nanoTime();
        cutOff = false;
        at("TCP", SmtpPhase.CONNECT);
        try {
            tcp.connect(new InetSocketAddress(address, dialPort), (int) settings.timeout().toMillis());
            tcp.setSoTimeout((int) settings.timeout().toMillis());
        } catch (IOException e) {
            SmtpFailure f = fail("TCP", e, SmtpPhase.CONNECT, mode);
            close(tcp);
            return f.kind() == FailureKind.CONNECTION_REFUSED ? Walk.REFUSED : Walk.FILTERED;
        }
        ScheduledFuture<?> watchdog = watchdogs.schedule(() -> {
            cutOff = true;
            close(tcp);
        }, settings.smtpSettings(port, mode).conversationBound().toNanos(), TimeUnit.NANOSECONDS);
        try {
            return converse(tcp, mode, firstTry, start);
        } finally {
            watchdog.cancel(false);
            close(tcp);
        }
    }

    private Walk converse(Socket tcp, SmtpSecurity mode, boolean firstTry, long start) {
        if (firstTry) {
            add(Finding.pass("TCP", port, "open (" + Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms)"));
        }
        try {
            SmtpWire wire = new SmtpWire(tcp);
            TrustedTls.RecordingFactory tls = settings.tls().recording();
            if (mode == SmtpSecurity.SMTPS) {
                Walk handshake = handshake(wire, tls, mode, firstTry);
                if (handshake != null) {
                    return handshake;
                }
            }
            SmtpWire.Reply greeting;
            at("greeting", SmtpPhase.GREETING);
            try {
                greeting = wire.read();
            } catch (SocketTimeoutException e) {
                if (mode == SmtpSecurity.STARTTLS && firstTry) {
                    add(Finding.warn("greeting", port, "no greeting within " + Durations.human(settings.timeout()),
                            hint(SmtpReason.MAYBE_IMPLICIT_TLS, mode, Map.of())));
                    return Walk.WRONG_MODE;
                }
                fail("greeting", e, SmtpPhase.GREETING, mode);
                return Walk.FAILED;
            }
            if (greeting.code() != 220) {
                refused("greeting", SmtpPhase.GREETING, greeting, mode);
                return Walk.FAILED;
            }
            add(Finding.pass("greeting", port, greeting.text()));
            List<String> caps = ehlo(wire, "EHLO", mode);
            if (caps == null) {
                return Walk.FAILED;
            }
            if (mode == SmtpSecurity.STARTTLS) {
                if (!caps.contains("STARTTLS")) {
                    lacks("STARTTLS", SmtpReason.STARTTLS_MISSING, "the server does not offer STARTTLS", mode);
                    quit(wire);
                    return Walk.FAILED;
                }
                at("STARTTLS", SmtpPhase.STARTTLS);
                wire.send("STARTTLS");
                SmtpWire.Reply r = wire.read();
                if (r.code() != 220) {
                    refused("STARTTLS", SmtpPhase.STARTTLS, r, mode);
                    return Walk.FAILED;
                }
                Walk handshake = handshake(wire, tls, mode, false);
                if (handshake != null) {
                    return handshake;
                }
                caps = ehlo(wire, "EHLO (TLS)", mode);
                if (caps == null) {
                    return Walk.FAILED;
                }
            }
            boolean authOk = auth(wire, caps, mode);
            quit(wire);
            return authOk ? Walk.USABLE : Walk.FAILED;
        } catch (IOException | RuntimeException e) {
            fail(step, e, phase, mode);
            return Walk.FAILED;
        }
    }

    /** Remembers the step in progress. */
    private void at(String step, SmtpPhase phase) {
        this.step = step;
        this.phase = phase;
    }

    /** Adds a finding with its detail and hint masked and cut to a readable length. */
    private void add(Finding f) {
        findings.add(new Finding(f.step(), f.port(), f.status(), bounded(f.detail()), bounded(f.hint())));
    }

    private String bounded(String text) {
        String masked = secrets.mask(text);
        return masked.length() <= MailException.MAX_DETAIL ? masked
                : masked.substring(0, MailException.MAX_DETAIL) + "… (" + (masked.length() - MailException.MAX_DETAIL)
                + " more characters)";
    }

    private void close(Socket tcp) {
        try {
            tcp.close();
        } catch (IOException e) {
            log.debug("closing the probe's connection to port {} failed", port, e);
        }
    }

    /** Starts TLS on the wire's socket; null when it worked, otherwise how the walk ends. */
    private Walk handshake(SmtpWire wire, TrustedTls.RecordingFactory tls, SmtpSecurity mode, boolean firstTry) throws IOException {
        at(mode == SmtpSecurity.SMTPS ? "TLS" : "STARTTLS", mode == SmtpSecurity.SMTPS ? SmtpPhase.CONNECT : SmtpPhase.STARTTLS);
        SSLSocket ssl = (SSLSocket) tls.factory().createSocket(wire.socket(), settings.host(), dialPort, true);
        SSLParameters params = ssl.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        params.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        ssl.setSSLParameters(params);
        try {
            ssl.startHandshake();
        } catch (SSLException e) {
            if (cutOff) {
                throw e;
            }
            X509Certificate[] chain = tls.trustManager().chain();
            if (chain == null && firstTry && (Causes.mentions(e, "Unsupported or unrecognized SSL message")
                    || Causes.mentions(e, "plaintext"))) {
                add(Finding.warn("TLS", port, "the port speaks plaintext SMTP, not implicit TLS",
                        hint(SmtpReason.MAYBE_STARTTLS, mode, Map.of())));
                return Walk.WRONG_MODE;
            }
            if (chain != null) {
                certificate(chain, tls.trustManager().failure(), mode);
            }
            fail("TLS", e, mode == SmtpSecurity.SMTPS ? SmtpPhase.CONNECT : SmtpPhase.STARTTLS, mode);
            return Walk.FAILED;
        }
        SSLSession session = ssl.getSession();
        add(Finding.pass(mode == SmtpSecurity.SMTPS ? "TLS" : "STARTTLS", port,
                session.getProtocol() + " " + session.getCipherSuite()));
        certificate(tls.trustManager().chain(), null, mode);
        wire.use(ssl);
        return null;
    }

    private void certificate(X509Certificate[] chain, CertificateException refusal, SmtpSecurity mode) {
        X509Certificate leaf = chain[0];
        Instant now = Instant.now();
        Instant notBefore = leaf.getNotBefore().toInstant();
        Instant notAfter = leaf.getNotAfter().toInstant();
        long daysLeft = Duration.between(now, notAfter).toDays();
        boolean expired = now.isAfter(notAfter);
        boolean notYetValid = now.isBefore(notBefore);
        boolean hostMismatch = refusal != null
                && (Causes.mentions(refusal, "No name matching") || Causes.mentions(refusal, "No subject alternative"));
        String otherDates = datesOfAnotherCertificate(refusal, leaf);
        StringBuilder d = new StringBuilder("subject ").append(leaf.getSubjectX500Principal().getName())
                .append(", issuer ").append(leaf.getIssuerX500Principal().getName());
        if (notYetValid) {
            d.append(", not valid before ").append(DATE.format(notBefore));
        } else {
            d.append(expired ? ", expired " : ", expires ").append(DATE.format(notAfter))
                    .append(expired ? " (" + -daysLeft + " days ago)" : " (" + daysLeft + " days left)");
        }
        d.append(hostMismatch ? ", does not match " : ", matches ").append(settings.host());
        if (refusal == null) {
            d.append(", trusted");
        } else if (otherDates != null) {
            d.append(", ").append(otherDates);
        } else if (!expired && !notYetValid && !hostMismatch) {
            d.append(", not trusted");
        }
        if (refusal != null) {
            add(Finding.fail("certificate", port, d.toString(), ""));
        } else if (daysLeft < EXPIRY_WARNING_DAYS) {
            add(Finding.warn("certificate", port, d.toString(),
                    hint(SmtpReason.CERT_EXPIRES_SOON, mode, Map.of("days", Long.toString(daysLeft)))));
        } else {
            add(Finding.pass("certificate", port, d.toString()));
        }
    }

    /** "CN=… expired on …" when the refusal is about the dates of a certificate other than the server's own (a CA). */
    private static String datesOfAnotherCertificate(CertificateException refusal, X509Certificate leaf) {
        for (Throwable t : Causes.chain(refusal)) {
            if (t instanceof CertPathValidatorException v && v.getCertPath() != null && v.getIndex() >= 0
                    && v.getIndex() < v.getCertPath().getCertificates().size()
                    && v.getCertPath().getCertificates().get(v.getIndex()) instanceof X509Certificate c && !c.equals(leaf)) {
                if (v.getReason() == CertPathValidatorException.BasicReason.EXPIRED) {
                    return c.getSubjectX500Principal().getName() + " expired on " + DATE.format(c.getNotAfter().toInstant());
                }
                if (v.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
                    return c.getSubjectX500Principal().getName() + " is not valid before "
                            + DATE.format(c.getNotBefore().toInstant());
                }
            }
        }
        return null;
    }

    /** The capabilities of the EHLO reply; empty after a HELO; null when both were refused. */
    private List<String> ehlo(SmtpWire wire, String step, SmtpSecurity mode) throws IOException {
        at(step, SmtpPhase.EHLO);
        wire.send("EHLO " + settings.localHost());
        SmtpWire.Reply r = wire.read();
        if (r.code() != 250) {
            // As the mailer does: a server that refuses EHLO may still take HELO, without extensions.
            wire.send("HELO " + settings.localHost());
            SmtpWire.Reply helo = wire.read();
            if (helo.code() != 250) {
                refused(step, SmtpPhase.EHLO, helo, mode);
                return null;
            }
            add(Finding.pass(step, port, "EHLO refused (" + r.text() + "), HELO accepted: no extensions"));
            return List.of();
        }
        List<String> caps = new ArrayList<>();
        for (String line : r.lines().subList(1, r.lines().size())) {
            caps.add(line.toUpperCase(Locale.ROOT).strip());
        }
        StringBuilder d = new StringBuilder();
        d.append(caps.contains("STARTTLS") ? "STARTTLS" : "no STARTTLS");
        d.append(", ").append(authLine(caps) == null ? "no AUTH" : authLine(caps));
        caps.stream().filter(c -> c.startsWith("SIZE")).findFirst().ifPresent(c -> d.append(", ").append(c));
        add(Finding.pass(step, port, d.toString()));
        return caps;
    }

    private static String authLine(List<String> caps) {
        for (String c : caps) {
            if (c.startsWith("AUTH ") || c.startsWith("AUTH=")) {
                return "AUTH " + c.substring(5).strip();
            }
        }
        return null;
    }

    private boolean auth(SmtpWire wire, List<String> caps, SmtpSecurity mode) throws IOException {
        String offered = authLine(caps);
        if (settings.user() == null) {
            if (offered == null) {
                add(Finding.warn("AUTH", port, "not offered", hint(SmtpReason.AUTH_NOT_OFFERED, mode, Map.of())));
            } else {
                add(Finding.pass("AUTH", port, offered + " offered; no credentials given, not tried"));
            }
            return true;
        }
        if (offered == null) {
            lacks("AUTH", SmtpReason.NO_AUTH_OFFERED, "the server does not offer AUTH", mode);
            return false;
        }
        at("AUTH", SmtpPhase.AUTH);
        String user = settings.user();
        String password = settings.password();
        SmtpWire.Reply r;
        if (offered.contains("PLAIN")) {
            String token = Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
            wire.send("AUTH PLAIN " + token);
            r = wire.read();
        } else if (offered.contains("LOGIN")) {
            wire.send("AUTH LOGIN");
            r = wire.read();
            if (r.code() == 334) {
                wire.send(Base64.getEncoder().encodeToString(user.getBytes(StandardCharsets.UTF_8)));
                r = wire.read();
                if (r.code() == 334) {
                    wire.send(Base64.getEncoder().encodeToString(password.getBytes(StandardCharsets.UTF_8)));
                    r = wire.read();
                }
            }
        } else {
            lacks("AUTH", SmtpReason.NO_COMMON_MECHANISM, "the server offers " + offered + ", neither PLAIN nor LOGIN", mode);
            return false;
        }
        if (r.code() == 235) {
            add(Finding.pass("AUTH", port, "authenticated as " + user + " (" + offered + ")"));
            return true;
        }
        refused("AUTH", SmtpPhase.AUTH, r, mode);
        return false;
    }

    private void quit(SmtpWire wire) {
        try {
            wire.send("QUIT");
            wire.read();
        } catch (IOException e) {
            log.debug("QUIT on port {} failed", port, e);
        }
    }

    /**
     * Adds a failed step for an exception, classified as the mailer would classify it. When the
     * watchdog cut the walk off, the failure is the whole walk taking too long (a trickling server).
     */
    private SmtpFailure fail(String step, Exception e, SmtpPhase phase, SmtpSecurity mode) {
        return failed(step, SmtpFailureClassifier.classify(e, phase, TimeLimit.none(), cutOff,
                settings.smtpSettings(port, mode), Conversation.NONE));
    }

    /** Adds a failed step for a reply that refused what the step asked, classified from its phase, code and text. */
    private void refused(String step, SmtpPhase phase, SmtpWire.Reply reply, SmtpSecurity mode) {
        failed(step, SmtpFailureClassifier.classify(new SmtpObservation(phase, reply.code(), reply.wire(),
                settings.smtpSettings(port, mode))));
    }

    /** Adds a failed step for what the server's EHLO reply lacks, a reason the walk sees itself. */
    private void lacks(String step, SmtpReason reason, String detail, SmtpSecurity mode) {
        failed(step, SmtpFailureClassifier.known(reason, settings.smtpSettings(port, mode), "", detail, Map.of()));
    }

    /** Adds the failed step with the failure's kind, code, detail and hint, and remembers the first problem. */
    private SmtpFailure failed(String step, SmtpFailure f) {
        int code = f.classification().code();
        add(Finding.fail(step, port, f.kind() + (code > 0 ? " (" + code + ")" : "") + ": " + f.classification().detail(),
                f.hint()));
        if (problem == null) {
            problem = bounded(f.hint());
        }
        return f;
    }

    /** A hint of the table for a warning of this walk. */
    private String hint(SmtpReason reason, SmtpSecurity mode, Map<String, String> extra) {
        return SmtpHints.hint(reason, settings.smtpSettings(port, mode), extra);
    }
}
