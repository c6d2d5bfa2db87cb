package dev.mailover.http;

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
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Classifies network failures (DNS, TCP connect, TLS, timeouts, resets) into {@link FailureKind}s by
 * walking the cause chain. The rules are an ordered list: the first rule that matches any exception
 * in the chain decides, so a certificate expiry wrapped in an {@code SSLHandshakeException} wrapped in
 * an SDK exception is still reported as an expired certificate.
 *
 * <p>Shared by every HTTP transport in this package (OkHttp and the AWS SDK alike), so the hints
 * speak of "the configured URL" (a base URL for the OkHttp transports, an endpoint for SES) and
 * "the HTTP client you pass", never of one library's types.
 */
final class NetworkFailures {

    private static final Logger LOG = LoggerFactory.getLogger(NetworkFailures.class);

    /**
     * What a network failure means: the kind, a short description of what happened, what to do, and
     * whether it happened while the connection was being established (DNS, TCP connect, TLS), before
     * any part of the request went out; see {@link MailException#connectionFailed()}.
     */
    record Failure(FailureKind kind, String detail, String hint, boolean connectionFailed) {
    }

    /** One classification rule: which exception in the chain it recognises, and what it means. */
    private record Rule(String name, Predicate<Throwable> matches, FailureKind kind, boolean connectionFailed,
                        Function<Throwable, String> hint) {
    }

    /** The rule's failure happens while connecting, before the request is sent. */
    private static final boolean CONNECTING = true;
    /** The rule's failure can happen after the connection was made. */
    private static final boolean ANY_TIME = false;

    private static final List<Rule> RULES = List.of(
            new Rule("unknown host", is(UnknownHostException.class), FailureKind.DNS_FAILURE, CONNECTING,
                    t -> "The host name " + quoted(t.getMessage()) + " does not resolve: check the configured URL"
                            + " (base URL or endpoint) for typos and that this machine's DNS resolver works."),
            new Rule("certificate expired", is(CertificateExpiredException.class), FailureKind.TLS_FAILURE, CONNECTING,
                    t -> "The server's TLS certificate has expired (" + t.getMessage() + "); the server must renew it,"
                            + " or the configured URL points at the wrong server."),
            new Rule("certificate not yet valid", is(CertificateNotYetValidException.class), FailureKind.TLS_FAILURE, CONNECTING,
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
                    .or(named("ConnectionShutdownException")).or(named("StreamResetException"))
                    .or(messageContains("unexpected end of stream")).or(messageContains("stream was reset"))
                    .or(messageContains("connection reset")), FailureKind.CONNECTION_LOST, ANY_TIME,
                    t -> "The connection dropped before the server answered; retry, and check for proxies or firewalls"
                            + " that cut connections or large uploads."),
            new Rule("not HTTP", is(ProtocolException.class), FailureKind.INVALID_CONFIGURATION, ANY_TIME,
                    t -> "The server at the configured URL did not answer with HTTP; check its host and port (it may"
                            + " point at another service, such as an SMTP port)."),
            new Rule("other TLS failure", is(SSLException.class), FailureKind.TLS_FAILURE, ANY_TIME,
                    t -> "TLS failed: check that the configured URL uses https on a port that speaks TLS."));

    private NetworkFailures() {
    }

    /**
     * Classifies a network failure, or returns empty when nothing in the cause chain is a known
     * network failure.
     */
    static Optional<Failure> classify(Throwable failure) {
        List<Throwable> chain = causeChain(failure);
        for (Rule rule : RULES) {
            for (Throwable t : chain) {
                if (rule.matches().test(t)) {
                    return Optional.of(new Failure(rule.kind(), describe(t), rule.hint().apply(t), rule.connectionFailed()));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * A {@link MailException} builder for a network failure, with kind, detail, hint, cause and
     * {@link MailException#connectionFailed()} set.
     * An unrecognised failure becomes {@link FailureKind#UNKNOWN}, and its class chain is logged so
     * the classifier gap can be closed.
     */
    static MailException.Builder toException(Throwable failure, String transport) {
        Failure f = classifyOrUnknown(failure, transport);
        return MailException.builder(f.kind(), transport).detail(f.detail()).hint(f.hint()).cause(failure)
                .connectionFailed(f.connectionFailed());
    }

    /**
     * Classifies a failure; one that no rule recognises is {@link FailureKind#UNKNOWN}, and its class
     * chain is logged at warn so the gap can be closed.
     */
    static Failure classifyOrUnknown(Throwable failure, String transport) {
        return classify(failure).orElseGet(() -> {
            LOG.warn("{}: unclassified failure, please report it: {}", transport, classChain(failure));
            return new Failure(FailureKind.UNKNOWN, describe(failure), FailureKind.UNKNOWN.defaultHint(), false);
        });
    }

    /** The exception and its causes, outermost first, without cycles. */
    static List<Throwable> causeChain(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    /** For example {@code java.io.IOException <- java.io.EOFException}. */
    static String classChain(Throwable failure) {
        StringBuilder b = new StringBuilder();
        for (Throwable t : causeChain(failure)) {
            b.append(b.length() == 0 ? "" : " <- ").append(t.getClass().getName());
        }
        return b.toString();
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }

    private static Predicate<Throwable> is(Class<? extends Throwable> type) {
        return type::isInstance;
    }

    /** Matches by simple class name, for OkHttp's internal exception types. */
    private static Predicate<Throwable> named(String simpleName) {
        return t -> t.getClass().getSimpleName().equals(simpleName);
    }

    private static Predicate<Throwable> messageContains(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        return t -> t.getMessage() != null && t.getMessage().toLowerCase(Locale.ROOT).contains(lower);
    }

    private static String quoted(String host) {
        return host == null ? "in the configured URL" : "'" + host + "'";
    }
}
