package dev.mailover.internal;

import dev.mailover.FailureKind;
import dev.mailover.MailException;
import java.io.EOFException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.ProtocolException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Classifies the JDK's network failures (DNS, TCP connect, TLS, timeouts, resets) of a call to an API
 * over HTTP into {@link FailureKind}s by walking the cause chain. The rules are an ordered list: the
 * first rule that matches any exception in the chain decides, so a certificate expiry wrapped in an
 * {@code SSLHandshakeException} wrapped in a client library's own exception is still reported as an
 * expired certificate.
 *
 * <p>Shared by every API transport (the OkHttp providers, SES through the AWS SDK), so the rules know
 * only JDK types and the hints speak of "the configured URL" (a base URL or an endpoint) and "the HTTP
 * client you pass", never of one library's types. A client library that signals a dropped connection
 * with types of its own adds them with {@link #withConnectionLost(Predicate)}; OkHttp's signs, which
 * every OkHttp-based module shares (the HTTP providers, the OAuth2 token endpoint), are
 * {@link #okHttp()}. Immutable and thread-safe. Not API.
 */
public final class NetworkFailures {

    /**
     * What a network failure means: the kind, a short description of what happened, what to do, and
     * whether it happened while the connection was being established (DNS, TCP connect, TLS), before
     * any part of the request went out; see {@link MailException#connectionFailed()}.
     *
     * @param kind             what the failure means
     * @param detail           the exception that decided, as {@code SimpleName: message}
     * @param hint             what a person should do
     * @param connectionFailed no connection was established
     */
    public record Failure(FailureKind kind, String detail, String hint, boolean connectionFailed) {

        /** An exception builder with the kind, detail, hint and connection-failed flag; the caller adds the cause. */
        public MailException.Builder toException(String transport) {
            return MailException.builder(kind, transport).detail(detail).hint(hint).connectionFailed(connectionFailed);
        }
    }

    /** One classification rule: which exception in the chain it recognises, and what it means. */
    private record Rule(String name, Predicate<Throwable> matches, FailureKind kind, boolean connectionFailed,
                        Function<Throwable, String> hint) {
    }

    /** The rule's failure happens while connecting, before the request is sent. */
    private static final boolean CONNECTING = true;
    /** The rule's failure can happen after the connection was made. */
    private static final boolean ANY_TIME = false;

    private static final NetworkFailures JDK = new NetworkFailures(t -> false);
    private static final NetworkFailures OKHTTP = new NetworkFailures(NetworkFailures::okHttpConnectionLost);

    private final List<Rule> rules;

    private NetworkFailures(Predicate<Throwable> connectionLost) {
        this.rules = List.of(
                new Rule("unknown host", is(UnknownHostException.class), FailureKind.DNS_FAILURE, CONNECTING,
                        t -> "The host name " + quoted(t.getMessage()) + " does not resolve: check the configured URL"
                                + " (base URL or endpoint) for typos and that this machine's DNS resolver works."),
                new Rule("certificate expired", is(CertificateExpiredException.class), FailureKind.TLS_FAILURE, CONNECTING,
                        t -> "The server's TLS certificate has expired (" + t.getMessage() + "); the server must renew it,"
                                + " or the configured URL points at the wrong server."),
                new Rule("certificate not yet valid", is(CertificateNotYetValidException.class), FailureKind.TLS_FAILURE,
                        CONNECTING,
                        t -> "The server's TLS certificate is not valid yet (" + t.getMessage() + "); check this machine's clock."),
                new Rule("hostname mismatch", is(SSLPeerUnverifiedException.class), FailureKind.TLS_FAILURE, CONNECTING,
                        t -> "The server's TLS certificate does not match the host name in the configured URL; use the host"
                                + " name the certificate was issued for."),
                new Rule("untrusted certificate", is(CertPathValidatorException.class).or(is(CertificateException.class)),
                        FailureKind.TLS_FAILURE, CONNECTING,
                        t -> "The server's TLS certificate is not trusted (self-signed or an unknown authority); a proxy may be"
                                + " intercepting TLS. Trust its authority in the HTTP client you pass to the mailer; never"
                                + " disable verification."),
                new Rule("TLS handshake", is(SSLHandshakeException.class), FailureKind.TLS_FAILURE, CONNECTING,
                        t -> "The TLS handshake failed: the server does not speak TLS on this port, or no protocol or cipher"
                                + " is shared. Check that the configured URL uses https and the right port."),
                new Rule("OS connect timeout", is(ConnectException.class).and(messageContains("timed out")),
                        FailureKind.CONNECTION_TIMEOUT, CONNECTING,
                        t -> "The connection timed out: the port is blocked or filtered between this host and the server."),
                new Rule("connection refused", is(ConnectException.class).or(is(NoRouteToHostException.class))
                        .or(is(PortUnreachableException.class)), FailureKind.CONNECTION_REFUSED, CONNECTING,
                        t -> "The connection was refused: check the configured URL's host and port; a firewall may reject"
                                + " the connection, or nothing listens there."),
                new Rule("connect timeout", is(SocketTimeoutException.class).and(messageContains("connect")),
                        FailureKind.CONNECTION_TIMEOUT, CONNECTING,
                        t -> "The connection timed out: the port is blocked or blackholed between this host and the server,"
                                + " or the server is down. Try again later or use another transport."),
                new Rule("read or write timeout", is(SocketTimeoutException.class), FailureKind.CONNECTION_TIMEOUT, ANY_TIME,
                        t -> "The server accepted the connection but did not answer within the read timeout; it may be"
                                + " overloaded. Retry later or raise the read timeout."),
                new Rule("call timeout", is(InterruptedIOException.class).and(messageContains("timeout")),
                        FailureKind.CONNECTION_TIMEOUT, ANY_TIME,
                        t -> "The call did not finish within its time limit; the server or the network is slow. Retry later"
                                + " or allow more time."),
                new Rule("connection reset or closed", is(SocketException.class).or(is(EOFException.class))
                        .or(messageContains("connection reset")).or(connectionLost), FailureKind.CONNECTION_LOST, ANY_TIME,
                        t -> "The connection dropped before the server answered; retry, and check for proxies or firewalls"
                                + " that cut connections or large uploads."),
                new Rule("not HTTP", is(ProtocolException.class), FailureKind.INVALID_CONFIGURATION, ANY_TIME,
                        t -> "The server at the configured URL did not answer with HTTP; check its host and port (it may"
                                + " point at another service, such as an SMTP port)."),
                new Rule("other TLS failure", is(SSLException.class), FailureKind.TLS_FAILURE, ANY_TIME,
                        t -> "TLS failed: check that the configured URL uses https on a port that speaks TLS."));
    }

    /** The rules for the JDK's own exceptions, as a client built on the JDK's networking raises them. */
    public static NetworkFailures jdk() {
        return JDK;
    }

    /**
     * The JDK rules, with a client library's own signs of a dropped connection (its exception types or
     * messages, for example an HTTP/2 stream reset) added to the connection-lost rule.
     */
    public static NetworkFailures withConnectionLost(Predicate<? super Throwable> sign) {
        Objects.requireNonNull(sign, "sign");
        return new NetworkFailures(sign::test);
    }

    /**
     * The JDK rules plus OkHttp's own signs of a dropped connection: an HTTP/2 connection shut down or
     * a stream reset (OkHttp's internal exception types, matched by name, so this module needs no
     * OkHttp), an HTTP/1 answer cut off ("unexpected end of stream").
     */
    public static NetworkFailures okHttp() {
        return OKHTTP;
    }

    private static boolean okHttpConnectionLost(Throwable t) {
        String type = t.getClass().getSimpleName();
        String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
        return type.equals("ConnectionShutdownException") || type.equals("StreamResetException")
                || message.contains("unexpected end of stream") || message.contains("stream was reset");
    }

    /**
     * Classifies a network failure, or returns empty when nothing in the cause chain is a known
     * network failure.
     */
    public Optional<Failure> classify(Throwable failure) {
        List<Throwable> chain = Causes.chain(failure);
        for (Rule rule : rules) {
            for (Throwable t : chain) {
                if (rule.matches().test(t)) {
                    return Optional.of(new Failure(rule.kind(), describe(t), rule.hint().apply(t), rule.connectionFailed()));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The kinds these rules can give (without {@link FailureKind#UNKNOWN}, which {@link #unknown(Throwable)}
     * gives), so that a transport's tests can check that each is provoked.
     */
    public Set<FailureKind> kinds() {
        Set<FailureKind> kinds = EnumSet.noneOf(FailureKind.class);
        rules.forEach(rule -> kinds.add(rule.kind()));
        return java.util.Collections.unmodifiableSet(kinds);
    }

    /**
     * The failure for what no rule recognises: {@link FailureKind#UNKNOWN} with its default hint. The
     * caller logs the class chain ({@link Causes#classes(Throwable)}) so the gap can be closed.
     */
    public static Failure unknown(Throwable failure) {
        return new Failure(FailureKind.UNKNOWN, describe(failure), FailureKind.UNKNOWN.defaultHint(), false);
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }

    private static Predicate<Throwable> is(Class<? extends Throwable> type) {
        return type::isInstance;
    }

    private static Predicate<Throwable> messageContains(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        return t -> t.getMessage() != null && t.getMessage().toLowerCase(Locale.ROOT).contains(lower);
    }

    private static String quoted(String host) {
        return host == null ? "in the configured URL" : "'" + host + "'";
    }
}
