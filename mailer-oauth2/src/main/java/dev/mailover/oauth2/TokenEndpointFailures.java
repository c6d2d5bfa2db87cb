package dev.mailover.oauth2;

import dev.mailover.FailureKind;
import dev.mailover.MailException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a token endpoint's refusal, or a network failure on the way to it, into a
 * {@link MailException}: the kind, the endpoint's own words, and a hint that names the tenant,
 * client or scope at fault (never the secret).
 *
 * <p>Decisions are ordered rules; the first that matches wins. Microsoft's AADSTS numbers (in
 * {@code error_codes}, or at the start of {@code error_description}) come first because they say
 * precisely what to fix; Microsoft warns that they may change, so each only refines a hint, and the
 * RFC 6749 {@code error} codes and the HTTP status decide the rest. The four refusals of the client
 * or its grant ({@code invalid_client}, {@code invalid_grant}, {@code unauthorized_client},
 * {@code invalid_scope}) are {@link FailureKind#AUTHENTICATION_FAILED}; an endpoint that is down,
 * unreachable or throttling is a network kind, so that failover moves on.
 */
final class TokenEndpointFailures {

    private static final Logger log = LoggerFactory.getLogger(TokenEndpointFailures.class);
    private static final Pattern AADSTS = Pattern.compile("AADSTS(\\d+)");

    /** What the endpoint answered, for the rules. */
    record Answer(int status, TokenResponse body, TokenGrant grant) {
        String error() {
            return body == null || body.error() == null ? "" : body.error().strip().toLowerCase(Locale.ROOT);
        }

        /** The AADSTS numbers in {@code error_codes} and in the description. */
        Set<Long> aadsts() {
            Set<Long> codes = new HashSet<>();
            if (body != null) {
                codes.addAll(body.errorCodes());
                if (body.errorDescription() != null) {
                    Matcher m = AADSTS.matcher(body.errorDescription());
                    while (m.find() && m.group(1).length() < 12) {
                        codes.add(Long.parseLong(m.group(1)));
                    }
                }
            }
            return codes;
        }

        boolean aadsts(long code) {
            return aadsts().contains(code);
        }
    }

    /**
     * Why the endpoint gave no token; each reason fixes the kind and selects the hint. Shaped like
     * the shared {@code dev.mailover.internal.Reason} of the other classifiers.
     */
    enum Reason {
        SECRET_EXPIRED(FailureKind.AUTHENTICATION_FAILED),
        SECRET_WRONG(FailureKind.AUTHENTICATION_FAILED),
        APP_NOT_FOUND(FailureKind.AUTHENTICATION_FAILED),
        TENANT_NOT_FOUND(FailureKind.INVALID_CONFIGURATION),
        CONSENT_MISSING(FailureKind.AUTHENTICATION_FAILED),
        RESOURCE_NOT_FOUND(FailureKind.AUTHENTICATION_FAILED),
        SCOPE_WRONG(FailureKind.AUTHENTICATION_FAILED),
        THROTTLED(FailureKind.RATE_LIMITED),
        UNAVAILABLE(FailureKind.SERVICE_UNAVAILABLE),
        CLIENT_REFUSED(FailureKind.AUTHENTICATION_FAILED),
        REFRESH_TOKEN_REFUSED(FailureKind.AUTHENTICATION_FAILED),
        GRANT_REFUSED(FailureKind.AUTHENTICATION_FAILED),
        CLIENT_UNAUTHORIZED(FailureKind.AUTHENTICATION_FAILED),
        REQUEST_REFUSED(FailureKind.INVALID_CONFIGURATION),
        NOT_A_TOKEN_ENDPOINT(FailureKind.INVALID_CONFIGURATION),
        UNKNOWN_ERROR_CODE(FailureKind.UNKNOWN),
        UNKNOWN_HOST(FailureKind.DNS_FAILURE),
        REFUSED(FailureKind.CONNECTION_REFUSED),
        TIMEOUT(FailureKind.CONNECTION_TIMEOUT),
        TLS(FailureKind.TLS_FAILURE),
        DROPPED(FailureKind.CONNECTION_LOST);

        private final FailureKind kind;

        Reason(FailureKind kind) {
            this.kind = kind;
        }

        FailureKind kind() {
            return kind;
        }
    }

    private record Rule(String name, Predicate<Answer> matches, Reason reason) {
    }

    private static final List<Rule> RULES = List.of(
            new Rule("AADSTS7000222: client secret expired", a -> a.aadsts(7000222), Reason.SECRET_EXPIRED),
            new Rule("AADSTS7000215: client secret wrong", a -> a.aadsts(7000215), Reason.SECRET_WRONG),
            new Rule("AADSTS700016: application not in the tenant", a -> a.aadsts(700016), Reason.APP_NOT_FOUND),
            new Rule("AADSTS90002: tenant not found", a -> a.aadsts(90002), Reason.TENANT_NOT_FOUND),
            new Rule("AADSTS65001: no consent", a -> a.aadsts(65001), Reason.CONSENT_MISSING),
            new Rule("AADSTS500011: resource not in the tenant", a -> a.aadsts(500011), Reason.RESOURCE_NOT_FOUND),
            new Rule("AADSTS70011, AADSTS1002012: scope not valid", a -> a.aadsts(70011) || a.aadsts(1002012),
                    Reason.SCOPE_WRONG),

            new Rule("429 or slow_down: throttled", a -> a.status() == 429 || a.error().equals("slow_down"),
                    Reason.THROTTLED),
            new Rule("temporarily_unavailable, 503", a -> a.error().equals("temporarily_unavailable") || a.status() == 503,
                    Reason.UNAVAILABLE),
            new Rule("server_error, 5xx", a -> a.error().equals("server_error") || a.status() >= 500,
                    Reason.UNAVAILABLE),

            new Rule("invalid_client", a -> a.error().equals("invalid_client"), Reason.CLIENT_REFUSED),
            new Rule("invalid_grant of a refresh token", a -> a.error().equals("invalid_grant") && a.grant().refreshes(),
                    Reason.REFRESH_TOKEN_REFUSED),
            new Rule("invalid_grant", a -> a.error().equals("invalid_grant"), Reason.GRANT_REFUSED),
            new Rule("unauthorized_client", a -> a.error().equals("unauthorized_client"), Reason.CLIENT_UNAUTHORIZED),
            new Rule("invalid_scope", a -> a.error().equals("invalid_scope"), Reason.SCOPE_WRONG),
            new Rule("invalid_request, unsupported_grant_type", a -> a.error().equals("invalid_request")
                    || a.error().equals("unsupported_grant_type"), Reason.REQUEST_REFUSED),

            new Rule("401, 403 without an error code", a -> a.status() == 401 || a.status() == 403,
                    Reason.CLIENT_REFUSED),
            new Rule("no token in the answer", a -> a.error().isEmpty(), Reason.NOT_A_TOKEN_ENDPOINT),
            new Rule("any other error code", a -> true, Reason.UNKNOWN_ERROR_CODE));

    /** Hints by reason. Values: {endpoint}, {host}, {tenant}, {client}, {scope}, {status}, {error}, {timeout}. */
    private static final Map<Reason, String> HINTS = Map.ofEntries(
            Map.entry(Reason.SECRET_EXPIRED, "the client secret of app {client} in tenant {tenant} has expired"
                    + " (AADSTS7000222): create a new one in the app registration (Certificates & secrets) and"
                    + " configure its Value"),
            Map.entry(Reason.SECRET_WRONG, "the token endpoint refused the client secret of app {client} (AADSTS7000215):"
                    + " configure the secret's Value, not its Secret ID, and check that it belongs to this app"),
            Map.entry(Reason.APP_NOT_FOUND, "no application with the client ID {client} exists in tenant {tenant}"
                    + " (AADSTS700016): check the Application (client) ID and the Directory (tenant) ID on the app"
                    + " registration's overview, and that the app is registered in that tenant"),
            Map.entry(Reason.TENANT_NOT_FOUND, "tenant {tenant} does not exist (AADSTS90002): use the Directory (tenant)"
                    + " ID from the app registration's overview, or the tenant's domain name"),
            Map.entry(Reason.CONSENT_MISSING, "the permissions of app {client} have no consent in tenant {tenant}"
                    + " (AADSTS65001): an administrator must grant admin consent (API permissions, Grant admin consent)"),
            Map.entry(Reason.RESOURCE_NOT_FOUND, "the resource of scope {scope} is not available in tenant {tenant}"
                    + " (AADSTS500011): for SMTP use https://outlook.office365.com/.default, and check that the tenant"
                    + " has Exchange Online"),
            Map.entry(Reason.SCOPE_WRONG, "the scope {scope} is not valid for client {client}: for Microsoft 365 client"
                    + " credentials it is https://outlook.office365.com/.default, for Gmail https://mail.google.com/"),
            Map.entry(Reason.CLIENT_REFUSED, "the token endpoint {endpoint} refused client {client}: check the client ID"
                    + " and the client secret; the secret may be wrong or expired"),
            Map.entry(Reason.REFRESH_TOKEN_REFUSED, "the refresh token of client {client} was refused ({error}): it"
                    + " expired, was revoked or was issued to another client; sign the user in again to get a new one"),
            Map.entry(Reason.GRANT_REFUSED, "the token endpoint {endpoint} refused the grant of client {client} ({error}):"
                    + " check that the client may use the client credentials grant and that its permissions have"
                    + " admin consent"),
            Map.entry(Reason.CLIENT_UNAUTHORIZED, "client {client} may not use this grant at {endpoint}: its registration"
                    + " lacks the permission or the consent (Microsoft 365: the SMTP.SendAsApp application permission"
                    + " of Office 365 Exchange Online, with admin consent)"),
            Map.entry(Reason.REQUEST_REFUSED, "the token endpoint {endpoint} refused the request ({error}): check the token"
                    + " URI and that the endpoint supports this grant"),
            Map.entry(Reason.UNKNOWN_ERROR_CODE, "the token endpoint {endpoint} refused the request with an error this"
                    + " client does not know ({error}); its description may say more (please report it)"),
            Map.entry(Reason.THROTTLED, "the token endpoint {endpoint} is throttling this client (HTTP {status}); wait"
                    + " before the next try or use another transport"),
            Map.entry(Reason.UNAVAILABLE, "the token endpoint {endpoint} reported a temporary problem (HTTP {status});"
                    + " retry later or use another transport"),
            Map.entry(Reason.NOT_A_TOKEN_ENDPOINT, "{endpoint} did not answer like an OAuth2 token endpoint (HTTP {status},"
                    + " no access token): check the token URI (the token endpoint, not a sign-in page) and whether a"
                    + " proxy intercepts it"),
            Map.entry(Reason.UNKNOWN_HOST, "the token endpoint's host {host} does not resolve: check the token URI (or the"
                    + " tenant) for typos and that this machine's DNS resolver works"),
            Map.entry(Reason.REFUSED, "nothing accepts connections at {endpoint}: check the token URI's host and port;"
                    + " a firewall may reject the connection"),
            Map.entry(Reason.TIMEOUT, "the token endpoint {endpoint} did not answer within {timeout}: the network or a"
                    + " firewall blocks it, or the endpoint is overloaded; retry later or use another transport"),
            Map.entry(Reason.TLS, "the TLS connection to {endpoint} failed: check the token URI and that this machine"
                    + " trusts the endpoint's certificate (a proxy may intercept TLS)"),
            Map.entry(Reason.DROPPED, "the connection to {endpoint} dropped before it answered; retry, and check for"
                    + " proxies or firewalls that cut connections"));

    private record NetworkRule(Predicate<Throwable> matches, Reason reason, boolean connecting) {
    }

    private static final List<NetworkRule> NETWORK = List.of(
            new NetworkRule(UnknownHostException.class::isInstance, Reason.UNKNOWN_HOST, true),
            new NetworkRule(t -> t instanceof ConnectException && mentions(t, "timed out"),
                    Reason.TIMEOUT, true),
            new NetworkRule(t -> t instanceof ConnectException || t instanceof NoRouteToHostException,
                    Reason.REFUSED, true),
            new NetworkRule(t -> t instanceof SocketTimeoutException && mentions(t, "connect"),
                    Reason.TIMEOUT, true),
            new NetworkRule(t -> t instanceof InterruptedIOException, Reason.TIMEOUT, false),
            new NetworkRule(SSLException.class::isInstance, Reason.TLS, true),
            new NetworkRule(IOException.class::isInstance, Reason.DROPPED, false));

    /** The transport name of a token source's failures; a transport that uses the token reports its own. */
    static final String TRANSPORT = "oauth2";

    private TokenEndpointFailures() {
    }

    /** The failure for an answer that carries no usable token. */
    static MailException.Builder refused(Answer a, Duration retryAfter) {
        Rule rule = RULES.stream().filter(r -> r.matches().test(a)).findFirst().orElseThrow();
        if (rule.reason() == Reason.UNKNOWN_ERROR_CODE) {
            log.warn("unclassified answer of the token endpoint {} (please report): HTTP {} error {}",
                    a.grant().endpoint(), a.status(), a.error());
        }
        String description = a.body() == null || a.body().errorDescription() == null ? ""
                : ": " + firstLine(a.body().errorDescription());
        String said = a.body() == null ? "an answer that is not a token response"
                : a.error().isEmpty() ? "no access token" : a.body().error() + description;
        FailureKind kind = rule.reason().kind();
        MailException.Builder b = MailException.builder(kind, TRANSPORT)
                .detail("the token endpoint of " + a.grant().describe() + " answered HTTP " + a.status() + " with " + said)
                .code(a.status())
                .hint(hint(rule.reason(), a.grant(), Map.of("status", Integer.toString(a.status()),
                        "error", a.error().isEmpty() ? "HTTP " + a.status() : a.body().error())));
        if (kind.retryable()) {
            b.retryAfter(retryAfter);
        }
        return b;
    }

    /** The failure for an exception on the way to the endpoint: DNS, connect, TLS, timeouts, resets. */
    static MailException.Builder network(IOException e, TokenGrant grant, Duration timeout) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            for (NetworkRule r : NETWORK) {
                if (r.matches().test(t)) {
                    return MailException.builder(r.reason().kind(), TRANSPORT)
                            .detail("the token endpoint of " + grant.describe() + ": "
                                    + t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage()))
                            .connectionFailed(r.connecting())
                            .hint(hint(r.reason(), grant, Map.of("timeout", human(timeout))))
                            .cause(e);
                }
            }
        }
        log.warn("unclassified failure of the token endpoint {} (please report): {}", grant.endpoint(), e.getClass().getName());
        return MailException.builder(FailureKind.UNKNOWN, TRANSPORT).detail(e.toString()).cause(e);
    }

    private static boolean mentions(Throwable t, String words) {
        return t.getMessage() != null && t.getMessage().toLowerCase(Locale.ROOT).contains(words);
    }

    private static String hint(Reason reason, TokenGrant grant, Map<String, String> extra) {
        String h = HINTS.get(reason)
                .replace("{endpoint}", grant.endpoint())
                .replace("{host}", grant.tokenUri().host())
                .replace("{tenant}", grant.tenant() == null ? "(none)" : grant.tenant())
                .replace("{client}", grant.clientId())
                .replace("{scope}", grant.scope() == null ? "(the consented one)" : grant.scope());
        for (Map.Entry<String, String> v : extra.entrySet()) {
            h = h.replace("{" + v.getKey() + "}", v.getValue());
        }
        return h;
    }

    /** The hint of each reason with a grant's values, for tests that check every one is complete. */
    static Map<Reason, String> hints(TokenGrant grant) {
        Map<Reason, String> all = new java.util.EnumMap<>(Reason.class);
        for (Reason r : Reason.values()) {
            all.put(r, hint(r, grant, Map.of("status", "400", "error", "invalid_request", "timeout", "30 s")));
        }
        return all;
    }

    private static String firstLine(String s) {
        int cut = s.indexOf('\n');
        String line = (cut < 0 ? s : s.substring(0, cut)).strip();
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }

    private static String human(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }
}
