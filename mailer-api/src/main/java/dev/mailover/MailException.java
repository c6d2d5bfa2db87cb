package dev.mailover;

import dev.mailover.internal.Secrets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A send or an operation that failed, classified.
 *
 * <p>It says what failed ({@link #kind()}), where ({@link #transport()}), what the server said
 * ({@link #detail()}, {@link #code()}), whether the message may have been delivered anyway
 * ({@link #possiblyDelivered()}), and what a person should do ({@link #hint()}). A failover send
 * carries every attempt in {@link #attempts()}.
 *
 * <p>The message never contains a password, token or API key: transports register their secrets
 * with {@link Builder#secret(String)} and every occurrence is masked as {@code ****}: as written,
 * percent-encoded, and base64-encoded alone or inside a blob such as SMTP's {@code AUTH PLAIN} or an
 * HTTP {@code Basic} header. The same holds for the messages of its causes: a cause whose chain would
 * reveal a secret (a server echoing a credential) is replaced by a masked copy that names the
 * original exception class and keeps its stack trace. The detail is capped at
 * {@value #MAX_DETAIL} characters, so a hostile server's 10 MB reply line does not become a 10 MB
 * message.
 */
public class MailException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    /** The longest detail kept; a longer one is cut and says how much was left out. */
    public static final int MAX_DETAIL = 1000;

    private final FailureKind kind;
    private final String transport;
    private final String detail;
    private final int code;
    private final Duration retryAfter;
    private final boolean possiblyDelivered;
    private final boolean connectionFailed;
    private final String hint;
    private final List<Attempt> attempts;
    private final List<String> rejectedRecipients;

    /** Creates an exception from a builder; see {@link #builder(FailureKind, String)}. */
    protected MailException(Builder b) {
        this(b, Secrets.of(b.secrets));
    }

    private MailException(Builder b, Secrets secrets) {
        super(null, secrets.maskCause(b.cause));
        this.kind = b.kind;
        this.transport = b.transport;
        this.detail = capped(secrets.mask(b.detail == null ? "" : b.detail));
        this.code = b.code;
        this.retryAfter = b.retryAfter;
        this.possiblyDelivered = b.possiblyDelivered;
        this.connectionFailed = b.connectionFailed;
        this.hint = secrets.mask(b.hint == null ? b.kind.defaultHint() : b.hint);
        this.attempts = List.copyOf(b.attempts);
        this.rejectedRecipients = List.copyOf(b.rejectedRecipients);
    }

    private static String capped(String detail) {
        if (detail.length() <= MAX_DETAIL) {
            return detail;
        }
        int cut = MAX_DETAIL;
        if (Character.isHighSurrogate(detail.charAt(cut - 1))) {
            cut--;
        }
        return detail.substring(0, cut) + "… (" + (detail.length() - cut) + " more characters)";
    }

    /** Starts a new exception of the given kind for the named transport. */
    public static Builder builder(FailureKind kind, String transport) {
        return new Builder(kind, transport);
    }

    /** A builder holding everything this exception holds, to derive a changed copy. */
    public Builder toBuilder() {
        Builder b = new Builder(kind, transport)
                .detail(detail)
                .possiblyDelivered(possiblyDelivered)
                .connectionFailed(connectionFailed)
                .hint(hint)
                .attempts(attempts)
                .rejectedRecipients(rejectedRecipients)
                .cause(getCause());
        b.code = code;
        b.retryAfter = retryAfter;
        return b;
    }

    /** The failure class that decides what happens next. */
    public FailureKind kind() {
        return kind;
    }

    /** The name of the transport that failed, or of the failover mailer for a combined failure. */
    public String transport() {
        return transport;
    }

    /** The server's reply or the underlying reason, with secrets masked; may be empty. */
    public String detail() {
        return detail;
    }

    /** The SMTP reply code or HTTP status, when there was one. */
    public OptionalInt code() {
        return code < 0 ? OptionalInt.empty() : OptionalInt.of(code);
    }

    /** How long the server asked us to wait before trying again, when it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /**
     * True when the connection broke after the message was handed over (for example after SMTP's
     * final dot, or a read timeout after an HTTP body was fully sent): the message may have been
     * delivered, and sending again may duplicate it.
     */
    public boolean possiblyDelivered() {
        return possiblyDelivered;
    }

    /**
     * True when no working connection to the transport was established: the failure came from DNS,
     * the TCP connect (refused or timed out), the TLS handshake or the server's greeting, before any
     * part of the message was sent. Such a failure is deterministic for the path, so a failover send
     * does not retry it on the same transport while another one is untried.
     */
    public boolean connectionFailed() {
        return connectionFailed;
    }

    /** What a person should do about it, in one or two sentences. */
    public String hint() {
        return hint;
    }

    /** Every attempt that led here, in order; empty for a failure outside a send. */
    public List<Attempt> attempts() {
        return attempts;
    }

    /** The recipients the server refused, when a recipient-level refusal caused this failure. */
    public List<String> rejectedRecipients() {
        return rejectedRecipients;
    }

    /**
     * For example: {@code AUTHENTICATION_FAILED on smtp (535): 535 5.7.8 Username and Password not
     * accepted. Hint: the provider requires an app password.}
     */
    @Override
    public String getMessage() {
        StringBuilder m = new StringBuilder().append(kind).append(" on ").append(transport);
        if (code >= 0) {
            m.append(" (").append(code).append(')');
        }
        if (!detail.isEmpty()) {
            m.append(": ").append(detail);
        }
        if (possiblyDelivered) {
            m.append(" [the message may have been delivered]");
        }
        if (!rejectedRecipients.isEmpty()) {
            m.append(" [refused: ").append(String.join(", ", rejectedRecipients)).append(']');
        }
        if (!hint.isEmpty()) {
            m.append(". Hint: ").append(hint);
        }
        return m.toString();
    }

    /** Builds a {@link MailException}. Not thread-safe. */
    public static final class Builder {
        private final FailureKind kind;
        private final String transport;
        private String detail;
        private int code = -1;
        private Duration retryAfter;
        private boolean possiblyDelivered;
        private boolean connectionFailed;
        private String hint;
        private Throwable cause;
        private final List<Attempt> attempts = new ArrayList<>();
        private final List<String> rejectedRecipients = new ArrayList<>();
        private final Set<String> secrets = new LinkedHashSet<>();

        private Builder(FailureKind kind, String transport) {
            this.kind = Objects.requireNonNull(kind, "kind");
            this.transport = Objects.requireNonNull(transport, "transport");
        }

        /** The server's reply or the reason; secrets in it are masked. */
        public Builder detail(String detail) {
            this.detail = detail;
            return this;
        }

        /** The SMTP reply code or HTTP status. A negative value means none. */
        public Builder code(int code) {
            this.code = code < 0 ? -1 : code;
            return this;
        }

        /** How long the server asked to wait before the next try. */
        public Builder retryAfter(Duration retryAfter) {
            this.retryAfter = retryAfter == null || retryAfter.isNegative() ? null : retryAfter;
            return this;
        }

        /** Whether the message may have been delivered despite the failure. */
        public Builder possiblyDelivered(boolean possiblyDelivered) {
            this.possiblyDelivered = possiblyDelivered;
            return this;
        }

        /** Whether the failure came from establishing the connection; see {@link MailException#connectionFailed()}. */
        public Builder connectionFailed(boolean connectionFailed) {
            this.connectionFailed = connectionFailed;
            return this;
        }

        /** What a person should do; defaults to the kind's {@link FailureKind#defaultHint()}. */
        public Builder hint(String hint) {
            this.hint = hint;
            return this;
        }

        /** The underlying exception, kept as the cause. */
        public Builder cause(Throwable cause) {
            this.cause = cause;
            return this;
        }

        /** Replaces the attempts with these, in order. */
        public Builder attempts(List<Attempt> attempts) {
            this.attempts.clear();
            this.attempts.addAll(attempts);
            return this;
        }

        /** Replaces the refused recipients with these. */
        public Builder rejectedRecipients(List<String> recipients) {
            this.rejectedRecipients.clear();
            this.rejectedRecipients.addAll(recipients);
            return this;
        }

        /**
         * A password, token or key that must never appear in the message. It is masked in the
         * detail, the hint and the causes' messages in every encoding Mailover knows of,
         * including base64 blobs that carry it with other bytes. Null or blank values are ignored.
         */
        public Builder secret(String secret) {
            if (secret != null && !secret.isBlank()) {
                secrets.add(secret);
            }
            return this;
        }

        /** Creates the exception. */
        public MailException build() {
            return new MailException(this);
        }
    }
}
