package dev.mailover.smtp;

import jakarta.mail.MessagingException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.Certificate;
import java.security.cert.CertificateExpiredException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import dev.mailover.internal.Causes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

/**
 * What is known about one SMTP failure, extracted once from Angus' exception tree so that the
 * classifier's rules can be small predicates: the whole cause chain, the reply code and enhanced
 * status code, the server's reply, the refused recipients with each one's own reply, the envelope
 * sender, the phase and the endpoint.
 *
 * <p>A reply code is read wherever Angus put it: in its typed exceptions (RCPT, MAIL, DATA, the final
 * dot), at the start of a plain {@link MessagingException}'s message (EHLO and HELO, STARTTLS, AUTH:
 * Angus throws the server's reply as the message), after "response:" ("Got bad greeting …"), and
 * otherwise in the reply the transport read last for the command in progress ({@link Conversation}).
 * The doctor, which speaks SMTP itself, observes a reply directly: its phase, code and text
 * ({@link #SmtpObservation(SmtpPhase, int, String, SmtpSettings)}).
 */
final class SmtpObservation {

    private static final Pattern LEADING_CODE = Pattern.compile("^\\s*([2-5]\\d\\d)(?:[ -]|$)");
    private static final Pattern EMBEDDED_CODE = Pattern.compile("(?:response|reply):\\s*\\[?([2-5]\\d\\d)");
    /** An enhanced status code (RFC 3463) right after the reply code, as RFC 2034 places it. */
    private static final Pattern ENHANCED = Pattern.compile("(?m)^\\s*[2-5]\\d\\d[ -]+([245]\\.\\d{1,3}\\.\\d{1,3})(?=[\\s,;:.]|$)");
    private static final Pattern NAMED_ADDRESS = Pattern.compile("<([^<>\\s]+@[^<>\\s]+)>");
    private static final Pattern RETRY_AFTER = Pattern.compile(
            "(?i)(?:try again|retry|wait)\\D{0,20}?(\\d{1,5})\\s*(s|sec|secs|seconds?|m|min|mins|minutes?)\\b");
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** One recipient's refusal at RCPT TO: the address, the reply code and the server's reply. */
    record RecipientReply(String address, int code, String reply) {
    }

    final Throwable error;
    final SmtpPhase phase;
    final boolean deadlineExpired;
    final SmtpSettings settings;
    final Duration timeLimit;
    final List<Throwable> chain;
    final int code;
    final String reply;
    final String enhanced;
    final List<String> rejectedRecipients;
    /** Each refused recipient's own reply, in the order of the RCPT commands. */
    final List<RecipientReply> recipientReplies;
    /** The address given in MAIL FROM, or null. */
    final String envelopeFrom;
    /** True when Angus saw the end of the stream where a reply was due (it reports reply code -1). */
    final boolean endOfStream;

    /**
     * A reply the doctor read itself, where a success was due: nothing was thrown, the server said
     * {@code reply} ({@code code} and its text, every line with its code as on the wire).
     */
    SmtpObservation(SmtpPhase phase, int code, String reply, SmtpSettings settings) {
        this.error = null;
        this.phase = phase;
        this.deadlineExpired = false;
        this.settings = settings;
        this.timeLimit = null;
        this.chain = List.of();
        this.code = code;
        this.reply = reply == null ? "" : reply.strip();
        this.enhanced = enhancedOf(this.reply);
        this.rejectedRecipients = List.of();
        this.recipientReplies = List.of();
        this.envelopeFrom = null;
        this.endOfStream = false;
    }

    /**
     * A failure Jakarta Mail (or the JDK) threw.
     *
     * @param timeLimit the caller's time limit, or null when the send had none (only the conversation bound)
     */
    SmtpObservation(Throwable error, SmtpPhase phase, boolean deadlineExpired, SmtpSettings settings, Duration timeLimit,
                    Conversation conversation) {
        this.error = error;
        this.phase = phase;
        this.deadlineExpired = deadlineExpired;
        this.settings = settings;
        this.timeLimit = timeLimit;
        this.chain = Causes.chain(error);
        Set<String> rejected = new LinkedHashSet<>();
        List<RecipientReply> replies = new ArrayList<>();
        int foundCode = -1;
        String foundReply = null;
        boolean eof = false;
        for (Throwable t : chain) {
            if ((t instanceof SMTPAddressFailedException a && a.getReturnCode() <= 0)
                    || (t instanceof SMTPSendFailedException s && s.getReturnCode() <= 0)) {
                eof = true;
            }
            if (t instanceof SMTPAddressFailedException a) {
                String address = a.getAddress().getAddress();
                if (rejected.add(address) && a.getReturnCode() > 0) {
                    replies.add(new RecipientReply(address, a.getReturnCode(), a.getMessage() == null ? "" : a.getMessage().strip()));
                }
                if (foundCode < 0 && a.getReturnCode() > 0) {
                    foundCode = a.getReturnCode();
                    foundReply = a.getMessage();
                }
            } else if (t instanceof SMTPSendFailedException s && foundCode < 0 && s.getReturnCode() > 0) {
                foundCode = s.getReturnCode();
                foundReply = s.getMessage();
            }
        }
        if (foundCode < 0) {
            for (Throwable t : chain) {
                String m = t.getMessage();
                if (m == null) {
                    continue;
                }
                Matcher lead = LEADING_CODE.matcher(m);
                Matcher embedded = EMBEDDED_CODE.matcher(m);
                if (t instanceof MessagingException && lead.find()) {
                    foundCode = Integer.parseInt(lead.group(1));
                    foundReply = m;
                    break;
                }
                if (embedded.find()) {
                    foundCode = Integer.parseInt(embedded.group(1));
                    foundReply = m.substring(embedded.start(1));
                    break;
                }
            }
        }
        boolean bareCode = foundReply != null && foundReply.strip().matches("\\d{3}");
        if (conversation.replyCode() >= 400 && conversation.reply() != null
                && (foundCode < 0 || (foundCode == conversation.replyCode() && bareCode))) {
            foundCode = conversation.replyCode();
            foundReply = conversation.reply();
        }
        this.code = foundCode;
        this.reply = foundReply == null ? "" : foundReply.strip();
        this.enhanced = enhancedOf(this.reply);
        this.rejectedRecipients = List.copyOf(rejected);
        this.recipientReplies = List.copyOf(replies);
        this.envelopeFrom = conversation.envelopeFrom();
        this.endOfStream = eof;
    }

    /** The same failure seen through one refused recipient's reply. */
    private SmtpObservation(SmtpObservation o, RecipientReply r) {
        this.error = o.error;
        this.phase = o.phase;
        this.deadlineExpired = o.deadlineExpired;
        this.settings = o.settings;
        this.timeLimit = o.timeLimit;
        this.chain = o.chain;
        this.code = r.code();
        this.reply = r.reply();
        this.enhanced = enhancedOf(r.reply());
        this.rejectedRecipients = List.of(r.address());
        this.recipientReplies = List.of(r);
        this.envelopeFrom = o.envelopeFrom;
        this.endOfStream = o.endOfStream;
    }

    /** This failure as one refused recipient's reply alone, so that each recipient can be judged on its own words. */
    SmtpObservation forRecipient(RecipientReply r) {
        return new SmtpObservation(this, r);
    }

    private static String enhancedOf(String reply) {
        Matcher e = ENHANCED.matcher(reply);
        return e.find() ? e.group(1) : "";
    }

    /** True when an exception of this type is anywhere in the chain. */
    boolean has(Class<? extends Throwable> type) {
        return Causes.has(error, type);
    }

    /** The first exception of this type in the chain, or null. */
    <T extends Throwable> T find(Class<T> type) {
        return Causes.find(error, type).orElse(null);
    }

    /** True when a write or read failed because this side closed the socket (the write timeout fired). */
    boolean socketClosedLocally() {
        return chain.stream().anyMatch(t -> t instanceof java.net.SocketException
                && "Socket closed".equalsIgnoreCase(t.getMessage()));
    }

    /** True when some message in the chain contains this text. */
    boolean mentions(String text) {
        return Causes.mentions(error, text);
    }

    /** True when the server's reply contains this text (case-insensitive). */
    boolean replyMentions(String text) {
        return reply.toLowerCase(Locale.ROOT).contains(text.toLowerCase(Locale.ROOT));
    }

    boolean codeIs(int... codes) {
        for (int c : codes) {
            if (code == c) {
                return true;
            }
        }
        return false;
    }

    boolean transient4xx() {
        return code >= 400 && code < 500;
    }

    boolean permanent5xx() {
        return code >= 500 && code < 600;
    }

    /** True when the enhanced status code starts with this prefix, for example {@code "5.7.9"} or {@code "4.7."}. */
    boolean enhancedIs(String prefix) {
        return prefix.endsWith(".") ? enhanced.startsWith(prefix) : enhanced.equals(prefix);
    }

    /**
     * True when the enhanced status code's subject and detail, whatever its class, are one of these
     * (RFC 3463): {@code "1.1"} matches 4.1.1 and 5.1.1; {@code "7."} matches any security status.
     */
    boolean statusIs(String... subjectDetails) {
        if (enhanced.length() < 3) {
            return false;
        }
        String rest = enhanced.substring(2);
        for (String sd : subjectDetails) {
            if (sd.endsWith(".") ? rest.startsWith(sd) : rest.equals(sd)) {
                return true;
            }
        }
        return false;
    }

    /** True when the server's reply matches this pattern somewhere. */
    boolean replyFinds(Pattern pattern) {
        return pattern.matcher(reply).find();
    }

    /** True when the reply names a refused recipient in angle brackets, as Postfix does. */
    boolean namesRecipient() {
        Matcher m = NAMED_ADDRESS.matcher(reply);
        while (m.find()) {
            for (String r : rejectedRecipients) {
                if (r.equalsIgnoreCase(m.group(1))) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * True when the reply names the envelope sender in angle brackets and no refused recipient, as
     * Postfix does when it refuses the sender at RCPT time ({@code smtpd_delay_reject}).
     */
    boolean namesSender() {
        if (envelopeFrom == null || envelopeFrom.isEmpty()) {
            return false;
        }
        if (namesRecipient()) {
            return false;
        }
        Matcher m = NAMED_ADDRESS.matcher(reply);
        while (m.find()) {
            if (m.group(1).equalsIgnoreCase(envelopeFrom)) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when the message may have been delivered: the connection failed after the final dot
     * without the server answering with a refusal.
     */
    boolean possiblyDelivered() {
        return phase == SmtpPhase.DOT && code < 400;
    }

    /** A "try again in N seconds/minutes" in the reply, when the server said so. */
    Duration retryAfter() {
        Matcher m = RETRY_AFTER.matcher(reply);
        if (!m.find()) {
            return null;
        }
        long n = Long.parseLong(m.group(1));
        return m.group(2).toLowerCase(Locale.ROOT).startsWith("m") ? Duration.ofMinutes(n) : Duration.ofSeconds(n);
    }

    /** When the server's certificate expired, as found in the validation failure. */
    String certificateExpiry() {
        CertPathValidatorException v = find(CertPathValidatorException.class);
        if (v != null && v.getCertPath() != null && v.getIndex() >= 0
                && v.getIndex() < v.getCertPath().getCertificates().size()) {
            Certificate c = v.getCertPath().getCertificates().get(v.getIndex());
            if (c instanceof X509Certificate x) {
                return DATE.format(x.getNotAfter().toInstant());
            }
        }
        CertificateExpiredException e = find(CertificateExpiredException.class);
        if (e != null && e.getMessage() != null) {
            String m = e.getMessage();
            return m.startsWith("NotAfter: ") ? m.substring("NotAfter: ".length()) : m;
        }
        return "an unknown date";
    }

    /** The innermost cause's message, for the detail when the server said nothing. */
    String rootMessage() {
        Throwable root = Causes.root(error);
        if (root == null) {
            return "no reply";
        }
        String m = root.getMessage();
        return root.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
