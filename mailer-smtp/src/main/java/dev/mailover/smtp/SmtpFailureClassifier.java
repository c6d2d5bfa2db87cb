package dev.mailover.smtp;

import java.util.regex.Pattern;
import dev.mailover.FailureKind;
import dev.mailover.MailException;
import jakarta.mail.AuthenticationFailedException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns any failure on an SMTP connection into a {@link MailException}: its {@link FailureKind},
 * reply code, retry-after, whether the message may have been delivered, the refused recipients and
 * a hint for the situation ({@link SmtpHints}).
 *
 * <p>The decision is an ordered list of small rules, each readable on its own ("reply 534 or
 * enhanced code 5.7.9 means AUTHENTICATION_FAILED: app password"). The first rule that matches
 * wins; the order is the order below. An unmatched failure is {@link FailureKind#UNKNOWN} and its
 * exception classes are logged, because each one is a gap to close.
 */
final class SmtpFailureClassifier {

    private static final Logger log = LoggerFactory.getLogger(SmtpFailureClassifier.class);
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    /**
     * One rule: when it matches, the failure is of {@code kind}, and {@code reason} selects the hint.
     */
    record Rule(String name, Predicate<SmtpObservation> matches, FailureKind kind,
                Function<SmtpObservation, String> reason) {
        static Rule of(String name, Predicate<SmtpObservation> matches, FailureKind kind, String reason) {
            return new Rule(name, matches, kind, o -> reason);
        }
    }

    private static final Pattern THROTTLING_WORDS = Pattern.compile(
            "(?i)throttl|rate limit|rate exceeded|sending rate|quota|slow down"
                    + "|too many (connections|messages|mails|emails|requests|sessions)");

    /** 4xx with enhanced code 4.7.x (Gmail's 421 4.7.0, 451 4.7.1), or a reply that talks about rates and quotas. */
    private static final Predicate<SmtpObservation> THROTTLING = o ->
            (o.codeIs(421, 450, 451, 452, 454) && o.enhancedIs("4.7."))
                    || (o.transient4xx() && THROTTLING_WORDS.matcher(o.reply).find());

    static final List<Rule> RULES = List.of(
            // The caller's time limit, or without one the bound on the whole conversation, ran out and the
            // watchdog broke the connection (a server trickling its replies within the read timeout).
            new Rule("deadline", o -> o.deadlineExpired, FailureKind.CONNECTION_TIMEOUT,
                    o -> (o.timeLimit == null ? "too-slow" : "deadline") + (o.possiblyDelivered() ? "-after-dot" : "")),
            Rule.of("reply longer than any SMTP reply", o -> o.has(ReplyTooLongException.class),
                    FailureKind.CONNECTION_LOST, "reply-too-long"),

            // Connecting.
            Rule.of("unknown host", o -> o.has(UnknownHostException.class), FailureKind.DNS_FAILURE, "unknown-host"),
            Rule.of("connect timed out", o -> o.phase == SmtpPhase.CONNECT && (o.has(SocketTimeoutException.class)
                    || o.has(NoRouteToHostException.class) || (o.has(ConnectException.class) && o.mentions("timed out"))),
                    FailureKind.CONNECTION_TIMEOUT, "connect-timeout"),
            Rule.of("connection refused", o -> o.phase == SmtpPhase.CONNECT && o.has(ConnectException.class),
                    FailureKind.CONNECTION_REFUSED, "refused"),

            // TLS: certificate problems first, then mode mismatches, then anything else TLS.
            Rule.of("certificate expired", o -> o.has(CertificateExpiredException.class) || expiredPath(o),
                    FailureKind.TLS_FAILURE, "cert-expired"),
            Rule.of("certificate not yet valid", o -> o.has(CertificateNotYetValidException.class)
                    || pathFailed(o, CertPathValidatorException.BasicReason.NOT_YET_VALID),
                    FailureKind.TLS_FAILURE, "cert-not-yet-valid"),
            Rule.of("certificate names another host", o -> o.has(SSLException.class)
                    && (o.mentions("No name matching") || o.mentions("No subject alternative")),
                    FailureKind.TLS_FAILURE, "cert-hostname"),
            Rule.of("certificate not trusted", o -> o.has(CertPathBuilderException.class)
                    || o.mentions("unable to find valid certification path") || o.has(CertPathValidatorException.class),
                    FailureKind.TLS_FAILURE, "cert-untrusted"),
            Rule.of("implicit TLS against a plaintext server", o -> o.has(SSLException.class)
                    && (o.mentions("Unsupported or unrecognized SSL message") || o.mentions("plaintext connection")),
                    FailureKind.TLS_FAILURE, "tls-to-plaintext"),
            Rule.of("STARTTLS required but not offered", o -> o.mentions("STARTTLS is required but host does not support"),
                    FailureKind.TLS_FAILURE, "starttls-missing"),
            Rule.of("no greeting on the implicit-TLS port", o -> o.phase == SmtpPhase.GREETING
                    && o.has(SocketTimeoutException.class) && o.settings.port() == 465
                    && o.settings.security() != SmtpSecurity.SMTPS,
                    FailureKind.TLS_FAILURE, "greeting-timeout"),
            Rule.of("TLS handshake failed", o -> o.has(SSLException.class) || o.mentions("Could not convert socket to TLS"),
                    FailureKind.TLS_FAILURE, "tls"),
            Rule.of("encryption required (538, 530 STARTTLS first)", o -> o.codeIs(538)
                    || (o.codeIs(530) && o.replyMentions("STARTTLS")), FailureKind.TLS_FAILURE, "encryption-required"),

            // The greeting.
            Rule.of("no greeting", o -> o.phase == SmtpPhase.GREETING && o.has(SocketTimeoutException.class),
                    FailureKind.CONNECTION_TIMEOUT, "greeting-timeout"),
            Rule.of("throttled at the greeting", o -> o.phase == SmtpPhase.GREETING && THROTTLING.test(o),
                    FailureKind.RATE_LIMITED, "throttled"),
            Rule.of("4xx greeting", o -> o.phase == SmtpPhase.GREETING && o.transient4xx(),
                    FailureKind.SERVICE_UNAVAILABLE, "greeting-4xx"),
            Rule.of("5xx greeting", o -> o.phase == SmtpPhase.GREETING && o.permanent5xx(),
                    FailureKind.CONNECTION_REFUSED, "greeting-5xx"),

            // Authentication.
            new Rule("Microsoft: basic auth disabled (5.7.139, 5.7.30)", o -> o.enhancedIs("5.7.139")
                    || o.enhancedIs("5.7.30"), FailureKind.AUTHENTICATION_FAILED,
                    o -> o.settings.oauth2() ? "microsoft-smtp-auth-disabled" : "microsoft-basic-auth"),
            Rule.of("app password required (534, 5.7.9)", o -> o.codeIs(534) || o.enhancedIs("5.7.9"),
                    FailureKind.AUTHENTICATION_FAILED, "app-password"),
            Rule.of("authentication required (530)", o -> o.codeIs(530), FailureKind.AUTHENTICATION_FAILED, "auth-required"),
            Rule.of("credentials configured but AUTH not offered", o -> o.has(ServerLacksAuthException.class),
                    FailureKind.INVALID_CONFIGURATION, "no-auth-offered"),
            Rule.of("no empty secrets", o -> o.has(MissingSecretException.class),
                    FailureKind.INVALID_CONFIGURATION, "missing-secret"),
            Rule.of("no common AUTH mechanism", o -> o.has(AuthenticationFailedException.class)
                    && o.mentions("No authentication mechanisms supported"),
                    FailureKind.INVALID_CONFIGURATION, "no-common-mechanism"),
            Rule.of("temporary AUTH failure (454 4.7.0)", o -> o.phase == SmtpPhase.AUTH && o.transient4xx()
                    && !THROTTLING.test(o), FailureKind.SERVICE_UNAVAILABLE, "transient"),
            new Rule("credentials refused (535, 5.7.8, any AUTH failure)", o -> o.has(AuthenticationFailedException.class)
                    || o.codeIs(535) || o.enhancedIs("5.7.8") || (o.phase == SmtpPhase.AUTH && o.permanent5xx()),
                    FailureKind.AUTHENTICATION_FAILED, o -> o.settings.oauth2() ? "token-refused" : "bad-credentials"),

            // Replies to MAIL, RCPT, DATA and the final dot.
            Rule.of("throttling (421/451/452/454 4.7.x, 'rate', 'quota')", THROTTLING, FailureKind.RATE_LIMITED, "throttled"),
            Rule.of("421 closing", o -> o.codeIs(421), FailureKind.SERVICE_UNAVAILABLE, "closing"),
            Rule.of("message too large (552, 5.3.4)", o -> o.codeIs(552) || o.enhancedIs("5.3.4"),
                    FailureKind.MESSAGE_REJECTED, "too-large"),
            Rule.of("recipient refused (5xx at RCPT)", o -> o.phase == SmtpPhase.RCPT && o.permanent5xx(),
                    FailureKind.RECIPIENT_REJECTED, "recipient"),
            Rule.of("sender refused (5xx at MAIL FROM)", o -> o.phase == SmtpPhase.MAIL && o.permanent5xx(),
                    FailureKind.SENDER_REJECTED, "sender"),
            Rule.of("message refused (5xx at DATA or the final dot)", o -> (o.phase == SmtpPhase.DATA
                    || o.phase == SmtpPhase.MESSAGE || o.phase == SmtpPhase.DOT) && o.permanent5xx(),
                    FailureKind.MESSAGE_REJECTED, "content"),
            Rule.of("other transient reply (4xx)", SmtpObservation::transient4xx, FailureKind.SERVICE_UNAVAILABLE, "transient"),

            // The connection itself.
            // Angus enforces the write timeout by closing the socket under the blocked write, which
            // then fails with "Socket closed" (a drop by the server says "reset" or "Broken pipe").
            Rule.of("write timed out", o -> o.phase == SmtpPhase.MESSAGE && o.socketClosedLocally(),
                    FailureKind.CONNECTION_TIMEOUT, "write-timeout"),
            new Rule("read timed out", o -> o.has(SocketTimeoutException.class), FailureKind.CONNECTION_TIMEOUT,
                    o -> o.possiblyDelivered() ? "read-timeout-after-dot" : "read-timeout"),
            new Rule("connection dropped", o -> o.has(IOException.class) || o.mentions("Exception reading response")
                    || (o.code < 0 && o.endOfStream),
                    FailureKind.CONNECTION_LOST, o -> o.possiblyDelivered() ? "dropped-after-dot" : "dropped"),
            Rule.of("other permanent reply (5xx)", SmtpObservation::permanent5xx, FailureKind.MESSAGE_REJECTED, "content"));

    private SmtpFailureClassifier() {
    }

    private static boolean expiredPath(SmtpObservation o) {
        return pathFailed(o, CertPathValidatorException.BasicReason.EXPIRED);
    }

    private static boolean pathFailed(SmtpObservation o, CertPathValidatorException.BasicReason reason) {
        CertPathValidatorException v = o.find(CertPathValidatorException.class);
        return v != null && v.getReason() == reason;
    }

    /** The certificate a path validation failure names, when it names one. */
    private static X509Certificate refusedCertificate(SmtpObservation o) {
        CertPathValidatorException v = o.find(CertPathValidatorException.class);
        if (v != null && v.getCertPath() != null && v.getIndex() >= 0
                && v.getIndex() < v.getCertPath().getCertificates().size()
                && v.getCertPath().getCertificates().get(v.getIndex()) instanceof X509Certificate x) {
            return x;
        }
        return null;
    }

    /**
     * Classifies a failure.
     *
     * @param error     what Jakarta Mail (or the JDK) threw
     * @param phase     where in the conversation it happened
     * @param deadline  the send's deadline; when expired and the watchdog broke the connection, the
     *                  failure is a timeout of the whole send
     * @param watchdogFired true when the deadline watchdog aborted the connection
     * @param settings  the connection's settings, for the port- and mode-specific hint
     * @param secrets   secrets to mask in the detail and hint
     */
    static MailException classify(Throwable error, SmtpPhase phase, Deadline deadline, boolean watchdogFired,
                                  SmtpSettings settings, List<String> secrets) {
        if (error instanceof MailException tokenFailure) {
            return fromTokenSource(tokenFailure, settings);
        }
        SmtpObservation o = new SmtpObservation(error, phase, watchdogFired, settings,
                deadline.callerLimit() ? deadline.limit() : null);
        FailureKind kind = FailureKind.UNKNOWN;
        String reason = "unknown";
        for (Rule rule : RULES) {
            if (rule.matches().test(o)) {
                kind = rule.kind();
                reason = rule.reason().apply(o);
                break;
            }
        }
        if (kind == FailureKind.UNKNOWN) {
            log.warn("unclassified SMTP failure {} (please report): {}", phase.description(), o.chainClasses());
        }
        MailException.Builder b = MailException.builder(kind, settings.name())
                .detail(detail(o))
                .code(o.code)
                .possiblyDelivered(o.possiblyDelivered())
                .connectionFailed(connectionFailed(kind, o))
                .hint(SmtpHints.hint(kind, reason, settings.port(), settings.security(), values(o)))
                .rejectedRecipients(kind == FailureKind.RECIPIENT_REJECTED ? o.rejectedRecipients : List.of())
                .cause(error);
        if (kind == FailureKind.RATE_LIMITED) {
            b.retryAfter(o.retryAfter());
        }
        for (String s : secrets) {
            b.secret(s);
        }
        return b.build();
    }

    /**
     * True when no working connection was established: DNS, the TCP connect, TLS, or a greeting that
     * never came or refused us. A throttling or transient 4xx greeting is not deterministic, so it is
     * left out. The conversation bound running out while the connection is still being set up (a
     * greeting or EHLO reply trickled byte by byte for minutes) counts too: the path never became
     * usable, and trying it again would cost as much. The caller's own time limit running out does
     * not (the budget ended, which says nothing about the path), nor does anything once the mail
     * transaction began (AUTH, MAIL, …): the connection worked.
     */
    private static boolean connectionFailed(FailureKind kind, SmtpObservation o) {
        boolean settingUp = o.phase == SmtpPhase.CONNECT || o.phase == SmtpPhase.GREETING || o.phase == SmtpPhase.STARTTLS;
        return switch (kind) {
            case DNS_FAILURE, CONNECTION_REFUSED, TLS_FAILURE -> true;
            case CONNECTION_TIMEOUT -> o.deadlineExpired
                    ? o.timeLimit == null && (settingUp || o.phase == SmtpPhase.EHLO)
                    : settingUp;
            case CONNECTION_LOST -> o.has(ReplyTooLongException.class) && (settingUp || o.phase == SmtpPhase.EHLO);
            default -> false;
        };
    }

    /**
     * A token source's own failure (mailer-oauth2's token endpoint refused the client, is down, …)
     * keeps its kind, code, retry-after and hint, reported on this transport: nothing was sent.
     */
    private static MailException fromTokenSource(MailException e, SmtpSettings settings) {
        MailException.Builder b = MailException.builder(e.kind(), settings.name())
                .detail(settings.endpoint() + ": no OAuth2 access token for XOAUTH2: " + e.detail())
                .hint(e.hint()).connectionFailed(e.connectionFailed()).cause(e);
        e.code().ifPresent(b::code);
        e.retryAfter().ifPresent(b::retryAfter);
        return b.build();
    }

    private static String detail(SmtpObservation o) {
        String where = o.settings.endpoint() + " (" + o.settings.security() + ") " + o.phase.description();
        if (!o.reply.isEmpty()) {
            return where + ": " + o.reply.replace("\r", "").replace("\n", " ");
        }
        return where + ": " + o.rootMessage();
    }

    private static Map<String, String> values(SmtpObservation o) {
        Map<String, String> v = SmtpHints.values(o.settings);
        v.put("code", o.code > 0 ? Integer.toString(o.code) + (o.enhanced.isEmpty() ? "" : " " + o.enhanced) : "no reply code");
        v.put("limit", o.timeLimit == null ? "none" : human(o.timeLimit));
        v.put("rejected", o.rejectedRecipients.isEmpty() ? "a recipient" : String.join(", ", o.rejectedRecipients));
        v.put("phase", o.phase.description());
        if (o.has(CertificateExpiredException.class) || expiredPath(o)) {
            v.put("expiry", o.certificateExpiry());
        }
        X509Certificate refused = refusedCertificate(o);
        v.put("validFrom", refused == null ? "a later date" : DATE.format(refused.getNotBefore().toInstant()));
        return v;
    }

    static String human(Duration d) {
        return SmtpHints.human(d);
    }
}
