package dev.mailover.smtp;

import dev.mailover.FailureKind;
import dev.mailover.internal.Causes;
import dev.mailover.internal.Classification;
import dev.mailover.internal.Durations;
import dev.mailover.internal.Rule;
import dev.mailover.internal.TimeLimit;
import dev.mailover.internal.UnreadableAttachmentException;
import jakarta.mail.AuthenticationFailedException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what any failure on an SMTP connection is: its {@link SmtpReason} (which fixes the
 * {@link FailureKind}), what the server said, the reply code, the retry-after it asked for, whether
 * the message may have been delivered, whether the connection itself failed, the refused recipients
 * and a hint for the situation from {@link SmtpHints}. The result is an {@link SmtpFailure}, which
 * the transport turns into its exception.
 *
 * <p>The decision is an ordered list of small {@link Rule rules}, each readable on its own ("reply
 * 534 or enhanced code 5.7.9 means APP_PASSWORD"). The first rule that matches wins; the order is the
 * order below. An unmatched failure is {@link SmtpReason#UNCLASSIFIED} ({@link FailureKind#UNKNOWN})
 * and its exception classes are logged, because each one is a gap to close. Stateless.
 */
final class SmtpFailureClassifier {

    private static final Logger log = LoggerFactory.getLogger(SmtpFailureClassifier.class);
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private static final Pattern THROTTLING_WORDS = Pattern.compile(
            "(?i)throttl|rate limit|rate exceeded|sending rate|unusual rate|slow down|too much mail|unexpected volume"
                    + "|too many (connections|messages|mails|emails|requests|sessions)");

    /** 4xx with enhanced code 4.7.x (Gmail's 421 4.7.0, 451 4.7.1), or a reply that talks about rates. */
    private static final Predicate<SmtpObservation> THROTTLING = o ->
            (o.codeIs(421, 450, 451, 452, 454) && o.enhancedIs("4.7."))
                    || (o.transient4xx() && o.replyFinds(THROTTLING_WORDS));

    /** A recipient's mailbox is full or over its storage quota (RFC 3463 X.2.2). */
    private static final Pattern MAILBOX_FULL = Pattern.compile(
            "(?i)mailbox[^.;]{0,40}\\b(full|over|quota|storage|size)\\b|over ?quota|inbox is full|disk quota");

    /** The sender reached a sending quota: a daily limit, SES' "Daily message quota exceeded", Microsoft's submission quota. */
    private static final Pattern SENDING_QUOTA = Pattern.compile(
            "(?i)(daily|hourly|sending|send|message|submission|outbound|account)\\s+(user\\s+|message\\s+)?"
                    + "(sending\\s+)?(quota|limit)\\b|submissionquota|sending (quota|limit)|quota (exceeded|reached)"
                    + "|(limit|quota) (of|for) [^.;]{0,20}(messages|emails|recipients) (per|a|each|in) ");

    /** The server relays only for authenticated clients: Postfix, Sendmail, Exim, qmail and Microsoft wording. */
    private static final Pattern RELAY_DENIED = Pattern.compile(
            "(?i)\\brelay(ing)?\\b[^.;]{0,20}\\b(denied|not permitted|not allowed|prohibited|disallowed|refused|forbidden)"
                    + "|unable to relay|(not|isn't|is not) (permitted|allowed|authori[sz]ed) to relay|\\bno relaying\\b"
                    + "|do(es)? not relay|allowed rcpthosts");

    /** The server refuses this client host: its address, reverse DNS or a blocklist. */
    private static final Pattern CLIENT_HOST = Pattern.compile(
            "(?i)client host|blocked using|\\b(black|block) ?list|\\bDNSBL\\b|\\bRBL\\b|spamhaus|spamcop"
                    + "|sending IP|the IP (address )?(you|sending)|\\bIP address\\b[^.;]{0,40}\\b(blocked|listed|banned|not)"
                    + "|from this IP|\\byour IP\\b|PTR record|reverse DNS|cannot find your hostname"
                    + "|connections will not be accepted from|\\bfrom \\[?\\d{1,3}(\\.\\d{1,3}){3}\\]? (is|are) (not|blocked|refused)");

    /** The server refuses the client's EHLO/HELO name (Postfix "Helo command rejected", Exim "HELO/EHLO"). */
    private static final Pattern HELO_REJECTED = Pattern.compile(
            "(?i)hel[lo]o command rejected|\\b(helo|ehlo)\\b[^.;]{0,40}\\b(rejected|invalid|not (allowed|accepted|permitted))"
                    + "|invalid (helo|ehlo)|fully[- ]qualified (host|domain) ?name");

    /** The reply is about the sender: Postfix, Exim, Microsoft, SES and SendGrid wording. */
    private static final Pattern SENDER_WORDS = Pattern.compile(
            "(?i)sender address rejected|sender verify failed|\\bsender (address |domain )?(is )?"
                    + "(rejected|denied|refused|blocked|invalid|unknown|not (allowed|permitted|authori[sz]ed|verified))"
                    + "|send as this sender|sendasdenied|verified sender identity|(email|from) address is not verified"
                    + "|not owned by user|domain of sender address");

    /** The reply says the recipient was refused (so a reply naming the sender too is still about the recipient). */
    private static final Pattern RECIPIENT_WORDS = Pattern.compile(
            "(?i)recipient address rejected|recipient verify|user unknown|unknown user|no such (user|mailbox|recipient)"
                    + "|mailbox (unavailable|not found|does not exist)");

    /** A greylisting server asks the client to come back later. */
    private static final Pattern GREYLIST_WORDS = Pattern.compile("(?i)gr[ae]y ?list");

    /** The receiving side could not authenticate the sender's domain. */
    private static final Pattern SENDER_AUTHENTICATION = Pattern.compile(
            "(?i)\\bSPF\\b|\\bDKIM\\b|\\bDMARC\\b|unauthenticated (e-?mail|mail|message)|required authentication level");

    private static final Pattern TOO_MANY_RECIPIENTS = Pattern.compile("(?i)too many recipients");
    private static final Pattern TOO_LARGE = Pattern.compile("(?i)too (big|large)|size (limit|exceeds)|exceeds[^.;]{0,30}size");
    private static final Pattern NEEDS_AUTH = Pattern.compile(
            "(?i)not authenticated|authentication (is )?required|must (authenticate|be authenticated)");

    /**
     * Postfix's 5.7.1 and friends say in words what was refused: a reply about the sender is a sender
     * problem whichever command it answers, also when it names the envelope sender at RCPT time.
     */
    private static final Predicate<SmtpObservation> SENDER_REPLY = o -> o.replyFinds(SENDER_WORDS)
            || o.statusIs("1.7", "1.8", "7.27")
            || (o.phase == SmtpPhase.RCPT && o.namesSender() && !o.replyFinds(RECIPIENT_WORDS));

    /**
     * A temporary reply at RCPT that is about the recipient rather than the server: an addressing or
     * mailbox status (X.1.x, X.2.x), greylisting, words about the recipient, the recipient named, or
     * a bare 450 (RFC 5321: mailbox unavailable). A 451 or 452 with a mail-system status (X.3.x
     * "insufficient system storage", "configuration problem") is the server's.
     */
    private static final Predicate<SmtpObservation> ABOUT_THE_RECIPIENT = o -> o.statusIs("1.", "2.")
            || o.replyFinds(GREYLIST_WORDS) || o.replyFinds(RECIPIENT_WORDS) || o.namesRecipient()
            || (o.codeIs(450) && o.enhanced.isEmpty());

    private static final Predicate<SmtpObservation> MAILBOX_FULL_REPLY = o -> o.statusIs("2.2") || o.replyFinds(MAILBOX_FULL);

    private static final Predicate<SmtpObservation> AFTER_MAIL = o -> o.phase == SmtpPhase.RCPT
            || o.phase == SmtpPhase.DATA || o.phase == SmtpPhase.MESSAGE || o.phase == SmtpPhase.DOT;

    static final List<Rule<SmtpObservation, SmtpReason>> RULES = List.of(
            // The caller's time limit, or without one the bound on the whole conversation, ran out and the
            // watchdog broke the connection (a server trickling its replies within the read timeout).
            new Rule<>("deadline", o -> o.deadlineExpired, o -> o.timeLimit == null
                    ? (o.possiblyDelivered() ? SmtpReason.TOO_SLOW_AFTER_DOT : SmtpReason.TOO_SLOW)
                    : (o.possiblyDelivered() ? SmtpReason.DEADLINE_AFTER_DOT : SmtpReason.DEADLINE)),
            rule("reply longer than any SMTP reply", o -> o.has(ReplyTooLongException.class),
                    SmtpReason.REPLY_TOO_LONG),

            // The message itself, refused by Mailover before anything was sent, or an attachment file gone mid-send.
            rule("attachment file unreadable", o -> o.has(UnreadableAttachmentException.class)
                    || o.has(FileSystemException.class), SmtpReason.ATTACHMENT_UNREADABLE),
            rule("larger than the server's SIZE", o -> o.has(MessageTooLargeException.class),
                    SmtpReason.SIZE_LIMIT),
            rule("non-ASCII address without SMTPUTF8", o -> o.has(ServerLacksSmtpUtf8Exception.class),
                    SmtpReason.SMTPUTF8_MISSING),

            rule("non-ASCII command without SMTPUTF8 (an EHLO name)", o -> o.mentions(PhaseTrackingTransport.NON_ASCII_COMMAND),
                    SmtpReason.NON_ASCII_COMMAND),

            // Connecting.
            rule("unknown host", o -> o.has(UnknownHostException.class), SmtpReason.UNKNOWN_HOST),
            rule("connect timed out", o -> o.phase == SmtpPhase.CONNECT && (o.has(SocketTimeoutException.class)
                    || o.has(NoRouteToHostException.class) || (o.has(ConnectException.class) && o.mentions("timed out"))),
                    SmtpReason.CONNECT_TIMEOUT),
            rule("connection refused", o -> o.phase == SmtpPhase.CONNECT && o.has(ConnectException.class),
                    SmtpReason.REFUSED),

            // TLS: certificate problems first, then mode mismatches, then anything else TLS.
            rule("certificate expired", o -> o.has(CertificateExpiredException.class) || expiredPath(o),
                    SmtpReason.CERT_EXPIRED),
            rule("certificate not yet valid", o -> o.has(CertificateNotYetValidException.class)
                    || pathFailed(o, CertPathValidatorException.BasicReason.NOT_YET_VALID),
                    SmtpReason.CERT_NOT_YET_VALID),
            rule("certificate names another host", o -> o.has(SSLException.class)
                    && (o.mentions("No name matching") || o.mentions("No subject alternative")),
                    SmtpReason.CERT_HOSTNAME),
            rule("certificate not trusted", o -> o.has(CertPathBuilderException.class)
                    || o.mentions("unable to find valid certification path") || o.has(CertPathValidatorException.class),
                    SmtpReason.CERT_UNTRUSTED),
            rule("implicit TLS against a plaintext server", o -> o.has(SSLException.class)
                    && (o.mentions("Unsupported or unrecognized SSL message") || o.mentions("plaintext connection")),
                    SmtpReason.TLS_TO_PLAINTEXT),
            rule("STARTTLS required but not offered", o -> o.mentions("STARTTLS is required but host does not support"),
                    SmtpReason.STARTTLS_MISSING),
            rule("no greeting on the implicit-TLS port", o -> o.phase == SmtpPhase.GREETING
                    && o.has(SocketTimeoutException.class) && o.settings.port() == 465
                    && o.settings.security() != SmtpSecurity.SMTPS,
                    SmtpReason.IMPLICIT_TLS_EXPECTED),
            rule("TLS handshake failed", o -> o.has(SSLException.class) || o.mentions("Could not convert socket to TLS"),
                    SmtpReason.TLS),
            rule("STARTTLS refused (454 4.7.0 TLS not available, 5xx)", o -> o.phase == SmtpPhase.STARTTLS
                    && o.code >= 400 && !o.codeIs(421), SmtpReason.STARTTLS_REFUSED),
            rule("encryption required (538, 530 STARTTLS first)", o -> o.codeIs(538)
                    || (o.codeIs(530) && o.replyMentions("STARTTLS")), SmtpReason.ENCRYPTION_REQUIRED),

            // Replies whose words decide whatever the phase: a sending quota, a refusal to relay.
            rule("sending quota reached (X.4.5, 'daily sending limit', 'message quota')", o -> o.code >= 400
                    && !MAILBOX_FULL_REPLY.test(o) && (o.statusIs("4.5") || o.replyFinds(SENDING_QUOTA)),
                    SmtpReason.QUOTA),
            new Rule<>("relay access denied (Postfix, Exim 'relay not permitted', Microsoft 5.7.54)", o -> o.code >= 400
                    && (o.replyFinds(RELAY_DENIED) || o.statusIs("7.54")),
                    o -> o.settings.hasCredentials() ? SmtpReason.RELAY_DENIED_AUTHENTICATED : SmtpReason.RELAY_DENIED),

            // The greeting.
            rule("no greeting", o -> o.phase == SmtpPhase.GREETING && o.has(SocketTimeoutException.class),
                    SmtpReason.GREETING_TIMEOUT),
            rule("throttled at the greeting", o -> o.phase == SmtpPhase.GREETING && THROTTLING.test(o),
                    SmtpReason.THROTTLED),
            rule("4xx greeting", o -> o.phase == SmtpPhase.GREETING && o.transient4xx(),
                    SmtpReason.GREETING_4XX),
            rule("5xx greeting", o -> o.phase == SmtpPhase.GREETING && o.permanent5xx(),
                    SmtpReason.GREETING_5XX),

            // Authentication.
            new Rule<>("Microsoft: basic auth disabled, or SMTP AUTH disabled under XOAUTH2 (5.7.139, 5.7.30)",
                    o -> o.enhancedIs("5.7.139") || o.enhancedIs("5.7.30"), o -> o.settings.oauth2()
                            ? SmtpReason.MICROSOFT_SMTP_AUTH_DISABLED : SmtpReason.MICROSOFT_BASIC_AUTH),
            rule("app password required (534, 5.7.9 at AUTH)", o -> o.codeIs(534)
                    || (o.phase == SmtpPhase.AUTH && o.enhancedIs("5.7.9")),
                    SmtpReason.APP_PASSWORD),
            rule("authentication required (530, 'not authenticated')", o -> o.codeIs(530)
                    || (o.permanent5xx() && o.replyFinds(NEEDS_AUTH)), SmtpReason.AUTH_REQUIRED),
            rule("credentials configured but AUTH not offered", o -> o.has(ServerLacksAuthException.class),
                    SmtpReason.NO_AUTH_OFFERED),
            rule("no empty secrets", o -> o.has(MissingSecretException.class),
                    SmtpReason.MISSING_SECRET),
            rule("no common AUTH mechanism", o -> o.has(AuthenticationFailedException.class)
                    && o.mentions("No authentication mechanisms supported"),
                    SmtpReason.NO_COMMON_MECHANISM),
            rule("temporary AUTH failure (454 4.7.0)", o -> o.phase == SmtpPhase.AUTH && o.transient4xx()
                    && !o.codeIs(421) && !o.replyFinds(THROTTLING_WORDS), SmtpReason.TRANSIENT),
            // Any AUTH failure: Angus throws one for every refusal; the doctor reads a reply other than 235
            // (a 5xx, or a 334 asking for more after the password).
            new Rule<>("credentials or XOAUTH2 token refused (535, 5.7.8, any AUTH failure)",
                    o -> (o.has(AuthenticationFailedException.class) && !o.transient4xx()) || o.codeIs(535)
                            || o.enhancedIs("5.7.8") || (o.phase == SmtpPhase.AUTH && o.code > 0 && !o.transient4xx()),
                    o -> o.settings.oauth2() ? SmtpReason.TOKEN_REFUSED : SmtpReason.BAD_CREDENTIALS),

            // What the reply says, whichever command it answers (Postfix decides at RCPT what it learnt earlier).
            rule("mailbox full, for now (X.2.2 4xx; 552 at RCPT, RFC 5321 4.5.3.1.10)", o -> AFTER_MAIL.test(o)
                    && MAILBOX_FULL_REPLY.test(o) && (o.transient4xx() || (o.phase == SmtpPhase.RCPT && o.codeIs(552))),
                    SmtpReason.MAILBOX_FULL_FOR_NOW),
            rule("mailbox full (X.2.2 5xx)", o -> AFTER_MAIL.test(o) && MAILBOX_FULL_REPLY.test(o) && o.permanent5xx(),
                    SmtpReason.MAILBOX_FULL),
            rule("client host rejected, for now", o -> o.transient4xx() && !o.codeIs(421) && !o.replyFinds(THROTTLING_WORDS)
                    && (o.replyFinds(CLIENT_HOST) || o.statusIs("7.25")), SmtpReason.CLIENT_HOST_FOR_NOW),
            rule("client host rejected (address, reverse DNS, blocklist)", o -> o.permanent5xx()
                    && (o.replyFinds(CLIENT_HOST) || o.statusIs("7.25")), SmtpReason.CLIENT_HOST),
            rule("EHLO name rejected", o -> o.code >= 400 && o.replyFinds(HELO_REJECTED),
                    SmtpReason.HELO_REJECTED),
            rule("sender rejected, for now", o -> o.transient4xx() && !THROTTLING.test(o) && SENDER_REPLY.test(o),
                    SmtpReason.SENDER_FOR_NOW),
            new Rule<>("sender rejected ('Sender address rejected', X.1.7, X.1.8, or the reply names the sender)",
                    o -> o.permanent5xx() && SENDER_REPLY.test(o), o -> o.replyMentions("not owned")
                            || o.replyMentions("not logged in") ? SmtpReason.SENDER_NOT_OWNED : SmtpReason.SENDER),
            rule("sender domain not authenticated (SPF, DKIM, DMARC; X.7.20-X.7.24, X.7.26)", o -> o.permanent5xx()
                    && (o.statusIs("7.20", "7.21", "7.22", "7.23", "7.24", "7.26") || o.replyFinds(SENDER_AUTHENTICATION)),
                    SmtpReason.SENDER_AUTHENTICATION),
            rule("non-ASCII address refused (X.6.7-X.6.9, SMTPUTF8)", o -> o.permanent5xx()
                    && (o.statusIs("6.7", "6.8", "6.9", "6.10") || o.replyMentions("SMTPUTF8")),
                    SmtpReason.SMTPUTF8_REFUSED),
            rule("EHLO and HELO refused", o -> o.phase == SmtpPhase.EHLO && o.permanent5xx(),
                    SmtpReason.EHLO_REFUSED),
            rule("too many recipients, for now (4xx X.5.3)", o -> o.transient4xx()
                    && (o.statusIs("5.3") || o.replyFinds(TOO_MANY_RECIPIENTS)), SmtpReason.TOO_MANY_RECIPIENTS_FOR_NOW),
            rule("too many recipients (5xx X.5.3)", o -> o.permanent5xx()
                    && (o.statusIs("5.3") || o.replyFinds(TOO_MANY_RECIPIENTS)), SmtpReason.TOO_MANY_RECIPIENTS),
            rule("recipient deferred (4xx at RCPT about the recipient: greylisting, unverified address, busy mailbox)",
                    o -> o.phase == SmtpPhase.RCPT && o.transient4xx() && !o.codeIs(421) && !o.replyFinds(THROTTLING_WORDS)
                            && ABOUT_THE_RECIPIENT.test(o), SmtpReason.RECIPIENT_DEFERRED),

            // Replies to MAIL, RCPT, DATA and the final dot.
            rule("throttling (421/451/452/454 4.7.x, 'rate')", THROTTLING, SmtpReason.THROTTLED),
            rule("421 closing", o -> o.codeIs(421), SmtpReason.CLOSING),
            rule("message too large (552, X.3.4, X.2.3)", o -> o.code >= 500 && (o.statusIs("3.4", "2.3")
                    || (o.codeIs(552) && o.phase != SmtpPhase.RCPT) || o.replyFinds(TOO_LARGE)),
                    SmtpReason.TOO_LARGE),
            rule("recipient refused (5xx at RCPT)", o -> o.phase == SmtpPhase.RCPT && o.permanent5xx(),
                    SmtpReason.RECIPIENT),
            rule("sender refused (5xx at MAIL FROM)", o -> o.phase == SmtpPhase.MAIL && o.permanent5xx(),
                    SmtpReason.SENDER),
            rule("message refused (5xx at DATA or the final dot)", o -> (o.phase == SmtpPhase.DATA
                    || o.phase == SmtpPhase.MESSAGE || o.phase == SmtpPhase.DOT) && o.permanent5xx(),
                    SmtpReason.CONTENT),
            rule("other transient reply (4xx)", SmtpObservation::transient4xx, SmtpReason.TRANSIENT),

            // The connection itself.
            // The send's watchdog enforces the write timeout by closing the socket under the blocked write, which
            // then fails with "Socket closed" (a drop by the server says "reset" or "Broken pipe").
            rule("write timed out", o -> o.phase == SmtpPhase.MESSAGE && o.socketClosedLocally(),
                    SmtpReason.WRITE_TIMEOUT),
            new Rule<>("read timed out", o -> o.has(SocketTimeoutException.class),
                    o -> o.possiblyDelivered() ? SmtpReason.READ_TIMEOUT_AFTER_DOT : SmtpReason.READ_TIMEOUT),
            new Rule<>("connection dropped", o -> o.has(IOException.class) || o.mentions("Exception reading response")
                    || (o.code < 0 && o.endOfStream),
                    o -> o.possiblyDelivered() ? SmtpReason.DROPPED_AFTER_DOT : SmtpReason.DROPPED),
            rule("other permanent reply (5xx)", SmtpObservation::permanent5xx, SmtpReason.CONTENT));

    private SmtpFailureClassifier() {
    }

    private static Rule<SmtpObservation, SmtpReason> rule(String name, Predicate<SmtpObservation> when, SmtpReason reason) {
        return Rule.of(name, when, reason);
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
     * Classifies a failure that Jakarta Mail (or the JDK) threw.
     *
     * @param error         what was thrown
     * @param phase         where in the conversation it happened
     * @param callerLimit   the caller's time limit, or {@link TimeLimit#none()} when the send had none (its
     *                      conversation was bounded by {@link SmtpSettings#conversationBound()} instead)
     * @param watchdogFired true when the watchdog of that limit or bound broke the connection: the
     *                      failure is a timeout of the whole send
     * @param settings      the connection's settings, for the port- and mode-specific hint
     * @param conversation  what the transport saw last: the envelope sender, the reply in progress
     */
    static SmtpFailure classify(Throwable error, SmtpPhase phase, TimeLimit callerLimit, boolean watchdogFired,
                                SmtpSettings settings, Conversation conversation) {
        return classify(new SmtpObservation(error, phase, watchdogFired, settings, callerLimit.limit(), conversation));
    }

    /**
     * Classifies an observed failure: a thrown one, or a reply the doctor read itself. When several
     * recipients were refused with different replies, each reply is judged on its own, and the one
     * that says most about the send decides: a reply about the path or the sender (every recipient
     * would fail the same way), then a permanent refusal, then a deferral. The refused recipients
     * listed are those of the deciding kind.
     */
    static SmtpFailure classify(SmtpObservation whole) {
        Decision d = decide(whole);
        SmtpObservation o = d.observation();
        FailureKind kind = d.reason().kind();
        if (kind == FailureKind.UNKNOWN) {
            log.warn("unclassified SMTP failure {} (please report): {}", whole.phase.description(),
                    Causes.classes(whole.error));
        }
        List<String> refused = kind == FailureKind.RECIPIENT_REJECTED || kind == FailureKind.RECIPIENT_DEFERRED
                ? d.recipients() : List.of();
        String hint = SmtpHints.hint(d.reason(), whole.settings.port(), whole.settings.security(), values(o, refused));
        Classification c = new Classification(d.reason(), said(whole), hint, o.code, o.retryAfter(),
                o.possiblyDelivered(), connectionFailed(kind, o));
        return new SmtpFailure(c, where(whole), refused);
    }

    /**
     * A failure whose reason the caller already knows, outside the classifier's rules: a busy pool, a
     * closed mailer, a server whose EHLO reply lacks STARTTLS or AUTH (the doctor). Its hint comes from
     * the same table, with the settings' values and {@code extra}.
     *
     * @param where  the endpoint and phase the detail starts with, or empty
     * @param detail what happened
     */
    static SmtpFailure known(SmtpReason reason, SmtpSettings settings, String where, String detail,
                             Map<String, String> extra) {
        Classification c = new Classification(reason, detail, SmtpHints.hint(reason, settings, extra), -1, null,
                false, false);
        return new SmtpFailure(c, where, List.of());
    }

    /** The rule's reason, the observation it decided on, and the recipients that share its kind. */
    private record Decision(SmtpReason reason, SmtpObservation observation, List<String> recipients) {
    }

    private static Decision decide(SmtpObservation o) {
        if (o.recipientReplies.size() < 2) {
            return first(o);
        }
        List<Decision> each = new ArrayList<>();
        for (SmtpObservation.RecipientReply r : o.recipientReplies) {
            each.add(first(o.forRecipient(r)));
        }
        Decision best = each.get(0);
        for (Decision d : each) {
            if (weight(d.reason().kind()) < weight(best.reason().kind())) {
                best = d;
            }
        }
        List<String> recipients = new ArrayList<>();
        for (Decision d : each) {
            if (d.reason().kind() == best.reason().kind()) {
                recipients.addAll(d.recipients());
            }
        }
        return new Decision(best.reason(), best.observation(), List.copyOf(recipients));
    }

    /** Lower decides first: the path or the sender, then a refusal, then a deferral. */
    private static int weight(FailureKind kind) {
        if (kind == FailureKind.RECIPIENT_DEFERRED) {
            return 2;
        }
        return kind.transportFault() ? 0 : 1;
    }

    private static Decision first(SmtpObservation o) {
        SmtpReason reason = Rule.first(RULES, o).map(r -> r.reasonFor(o)).orElse(SmtpReason.UNCLASSIFIED);
        return new Decision(reason, o, o.rejectedRecipients);
    }

    /**
     * True when no working connection was established: DNS, the TCP connect, TLS, or a greeting that
     * never came or refused us. A throttling or transient 4xx greeting is not deterministic, so it is
     * left out, and so is a refusal of this host later in the conversation (a reply at RCPT). The
     * conversation bound running out while the connection is still being set up (a greeting or EHLO
     * reply trickled byte by byte for minutes) counts too: the path never became usable, and trying it
     * again would cost as much. The caller's own time limit running out does not (the budget ended,
     * which says nothing about the path), nor does anything once the mail transaction began (AUTH,
     * MAIL, …): the connection worked.
     */
    private static boolean connectionFailed(FailureKind kind, SmtpObservation o) {
        boolean settingUp = o.phase == SmtpPhase.CONNECT || o.phase == SmtpPhase.GREETING || o.phase == SmtpPhase.STARTTLS;
        return switch (kind) {
            case DNS_FAILURE, TLS_FAILURE -> true;
            case CONNECTION_REFUSED -> settingUp;
            case CONNECTION_TIMEOUT -> o.deadlineExpired
                    ? o.timeLimit == null && (settingUp || o.phase == SmtpPhase.EHLO)
                    : settingUp;
            case CONNECTION_LOST -> o.has(ReplyTooLongException.class) && (settingUp || o.phase == SmtpPhase.EHLO);
            default -> false;
        };
    }

    /** Where it happened, for the start of the detail: {@code smtp.example.com:587 (STARTTLS) at RCPT TO}. */
    private static String where(SmtpObservation o) {
        return o.settings.endpoint() + " (" + o.settings.security() + ") " + o.phase.description();
    }

    /** What the server said (each refused recipient's own reply), or what happened when it said nothing. */
    private static String said(SmtpObservation o) {
        if (o.recipientReplies.size() > 1 || (o.recipientReplies.size() == 1 && !o.replyMentions(o.recipientReplies.get(0).address()))) {
            StringBuilder b = new StringBuilder();
            for (SmtpObservation.RecipientReply r : o.recipientReplies) {
                b.append(b.length() == 0 ? "" : "; ").append('<').append(r.address()).append("> ").append(oneLine(r.reply()));
            }
            return b.toString();
        }
        return o.reply.isEmpty() ? o.rootMessage() : oneLine(o.reply);
    }

    private static String oneLine(String reply) {
        return reply.replace("\r", "").replace("\n", " ");
    }

    private static Map<String, String> values(SmtpObservation o, List<String> refused) {
        Map<String, String> v = SmtpHints.values(o.settings);
        v.put("code", o.code > 0 ? Integer.toString(o.code) + (o.enhanced.isEmpty() ? "" : " " + o.enhanced) : "no reply code");
        v.put("limit", o.timeLimit == null ? "none" : Durations.human(o.timeLimit));
        v.put("rejected", refused.isEmpty() ? "a recipient" : String.join(", ", refused));
        v.put("phase", o.phase.description());
        v.put("user", o.settings.user() == null ? "the account you authenticate as" : o.settings.user());
        v.put("sender", o.envelopeFrom == null || o.envelopeFrom.isEmpty() ? "the from-address" : o.envelopeFrom);
        if (o.has(CertificateExpiredException.class) || expiredPath(o)) {
            v.put("expiry", o.certificateExpiry());
        }
        X509Certificate refusedCertificate = refusedCertificate(o);
        v.put("validFrom", refusedCertificate == null ? "a later date"
                : DATE.format(refusedCertificate.getNotBefore().toInstant()));
        MessageTooLargeException large = o.find(MessageTooLargeException.class);
        if (large != null) {
            v.put("size", bytes(large.size()));
            v.put("sizeLimit", bytes(large.limit()));
        }
        ServerLacksSmtpUtf8Exception utf8 = o.find(ServerLacksSmtpUtf8Exception.class);
        if (utf8 != null) {
            v.put("address", utf8.address());
        }
        UnreadableAttachmentException unreadable = o.find(UnreadableAttachmentException.class);
        FileSystemException fs = o.find(FileSystemException.class);
        if (unreadable != null || fs != null) {
            v.put("file", unreadable != null && unreadable.file() != null ? unreadable.file().toString() : fs.getFile());
            v.put("fileProblem", fs == null ? "cannot be read" : fs instanceof NoSuchFileException ? "no longer exists"
                    : fs instanceof AccessDeniedException ? "is not readable" : "cannot be read: " + fs.getClass().getSimpleName());
        }
        return v;
    }

    /** For example "12.4 MB (12999999 bytes)". */
    static String bytes(long n) {
        if (n < 1024) {
            return n + " bytes";
        }
        String unit = n < 1024 * 1024 ? String.format(Locale.ROOT, "%.1f KB", n / 1024.0)
                : String.format(Locale.ROOT, "%.1f MB", n / (1024.0 * 1024.0));
        return unit + " (" + n + " bytes)";
    }
}
