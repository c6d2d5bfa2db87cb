package dev.mailover.oauth2;

import dev.mailover.FailureKind;
import dev.mailover.internal.Causes;
import dev.mailover.internal.Classification;
import dev.mailover.internal.Durations;
import dev.mailover.internal.HintTable;
import dev.mailover.internal.NetworkFailures;
import dev.mailover.internal.Rule;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides why a token source got no token: the token endpoint's refusal, a network failure on the
 * way to it, or the caller's time limit. The result is a {@link Classification} with a
 * {@link TokenReason} (which fixes the kind), the endpoint's own words, and a hint from
 * {@link #HINTS} that names the tenant, client or scope at fault (never the secret).
 *
 * <p>The endpoint's answers are judged by an ordered list of {@link Rule rules}; the first that
 * matches wins. Microsoft's AADSTS numbers (in {@code error_codes}, or at the start of
 * {@code error_description}) come first because they say precisely what to fix; Microsoft warns that
 * they may change, so each only refines a hint, and the RFC 6749 {@code error} codes and the HTTP
 * status decide the rest. The four refusals of the client or its grant ({@code invalid_client},
 * {@code invalid_grant}, {@code unauthorized_client}, {@code invalid_scope}) are
 * {@link FailureKind#AUTHENTICATION_FAILED}. A network failure is classified by the rules every
 * OkHttp transport shares ({@link NetworkFailures#okHttp()}), so an endpoint that is down,
 * unreachable or throttling is a network kind and failover moves on. Stateless.
 */
final class TokenEndpointFailures {

    private static final Logger log = LoggerFactory.getLogger(TokenEndpointFailures.class);
    private static final Pattern AADSTS = Pattern.compile("AADSTS(\\d+)");
    private static final NetworkFailures NETWORK = NetworkFailures.okHttp();

    /** The transport name of a token source's failures; a transport that uses the token reports its own. */
    static final String TRANSPORT = "oauth2";

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

    static final List<Rule<Answer, TokenReason>> RULES = List.of(
            Rule.of("AADSTS7000222: client secret expired", a -> a.aadsts(7000222), TokenReason.SECRET_EXPIRED),
            Rule.of("AADSTS7000215: client secret wrong", a -> a.aadsts(7000215), TokenReason.SECRET_WRONG),
            Rule.of("AADSTS700016: application not in the tenant", a -> a.aadsts(700016), TokenReason.APP_NOT_FOUND),
            Rule.of("AADSTS90002: tenant not found", a -> a.aadsts(90002), TokenReason.TENANT_NOT_FOUND),
            Rule.of("AADSTS65001: no consent", a -> a.aadsts(65001), TokenReason.CONSENT_MISSING),
            Rule.of("AADSTS500011: resource not in the tenant", a -> a.aadsts(500011), TokenReason.RESOURCE_NOT_FOUND),
            Rule.of("AADSTS70011, AADSTS1002012: scope not valid", a -> a.aadsts(70011) || a.aadsts(1002012),
                    TokenReason.SCOPE_WRONG),

            Rule.of("429 or slow_down: throttled", a -> a.status() == 429 || a.error().equals("slow_down"),
                    TokenReason.THROTTLED),
            Rule.of("temporarily_unavailable, server_error, 5xx", a -> a.error().equals("temporarily_unavailable")
                    || a.error().equals("server_error") || a.status() >= 500, TokenReason.UNAVAILABLE),

            Rule.of("invalid_client", a -> a.error().equals("invalid_client"), TokenReason.CLIENT_REFUSED),
            Rule.of("invalid_grant of a refresh token", a -> a.error().equals("invalid_grant") && a.grant().refreshes(),
                    TokenReason.REFRESH_TOKEN_REFUSED),
            Rule.of("invalid_grant", a -> a.error().equals("invalid_grant"), TokenReason.GRANT_REFUSED),
            Rule.of("unauthorized_client", a -> a.error().equals("unauthorized_client"), TokenReason.CLIENT_UNAUTHORIZED),
            Rule.of("invalid_scope", a -> a.error().equals("invalid_scope"), TokenReason.SCOPE_WRONG),
            Rule.of("invalid_request, unsupported_grant_type", a -> a.error().equals("invalid_request")
                    || a.error().equals("unsupported_grant_type"), TokenReason.REQUEST_REFUSED),

            Rule.of("401, 403 without an error code", a -> a.status() == 401 || a.status() == 403,
                    TokenReason.CLIENT_REFUSED),
            Rule.of("no token in the answer", a -> a.error().isEmpty(), TokenReason.NOT_A_TOKEN_ENDPOINT),
            Rule.of("any other error code", a -> true, TokenReason.UNKNOWN_ERROR_CODE));

    /** What the shared network rules decided, in this module's reasons; nothing matching is {@link TokenReason#UNCLASSIFIED}. */
    static final List<Rule<NetworkFailures.Failure, TokenReason>> NETWORK_RULES = List.of(
            Rule.of("host does not resolve", f -> f.kind() == FailureKind.DNS_FAILURE, TokenReason.UNKNOWN_HOST),
            Rule.of("connection refused", f -> f.kind() == FailureKind.CONNECTION_REFUSED, TokenReason.REFUSED),
            Rule.of("connect timed out", f -> f.kind() == FailureKind.CONNECTION_TIMEOUT && f.connectionFailed(),
                    TokenReason.CONNECT_TIMEOUT),
            Rule.of("no answer in time (read or call timeout)", f -> f.kind() == FailureKind.CONNECTION_TIMEOUT,
                    TokenReason.TIMEOUT),
            Rule.of("TLS failed", f -> f.kind() == FailureKind.TLS_FAILURE, TokenReason.TLS),
            Rule.of("connection dropped", f -> f.kind() == FailureKind.CONNECTION_LOST, TokenReason.DROPPED),
            Rule.of("not HTTP", f -> f.kind() == FailureKind.INVALID_CONFIGURATION, TokenReason.NOT_HTTP));

    /**
     * The hints, by reason. Values: {@code {endpoint}}, {@code {host}}, {@code {tenant}},
     * {@code {client}}, {@code {scope}}, {@code {connectTimeout}}, {@code {readTimeout}},
     * {@code {callTimeout}}, and the failure's own {@code {status}}, {@code {error}} and {@code {limit}}.
     */
    static final HintTable<TokenReason> HINTS = HintTable.builder(TokenReason.class)
            .row(TokenReason.SECRET_EXPIRED, "the client secret of app {client} in tenant {tenant} has expired"
                    + " (AADSTS7000222): create a new one in the app registration (Certificates & secrets) and"
                    + " configure its Value")
            .row(TokenReason.SECRET_WRONG, "the token endpoint refused the client secret of app {client}"
                    + " (AADSTS7000215): configure the secret's Value, not its Secret ID, and check that it belongs to"
                    + " this app")
            .row(TokenReason.APP_NOT_FOUND, "no application with the client ID {client} exists in tenant {tenant}"
                    + " (AADSTS700016): check the Application (client) ID and the Directory (tenant) ID on the app"
                    + " registration's overview, and that the app is registered in that tenant")
            .row(TokenReason.TENANT_NOT_FOUND, "tenant {tenant} does not exist (AADSTS90002): use the Directory"
                    + " (tenant) ID from the app registration's overview, or the tenant's domain name")
            .row(TokenReason.CONSENT_MISSING, "the permissions of app {client} have no consent in tenant {tenant}"
                    + " (AADSTS65001): an administrator must grant admin consent (API permissions, Grant admin consent)")
            .row(TokenReason.RESOURCE_NOT_FOUND, "the resource of scope {scope} is not available in tenant {tenant}"
                    + " (AADSTS500011): for SMTP use https://outlook.office365.com/.default, and check that the tenant"
                    + " has Exchange Online")
            .row(TokenReason.SCOPE_WRONG, "the scope {scope} is not valid for client {client}: for Microsoft 365"
                    + " client credentials it is https://outlook.office365.com/.default, for Gmail https://mail.google.com/")
            .row(TokenReason.THROTTLED, "the token endpoint {endpoint} is throttling this client (HTTP {status});"
                    + " wait before the next try or use another transport")
            .row(TokenReason.UNAVAILABLE, "the token endpoint {endpoint} reported a temporary problem (HTTP {status});"
                    + " retry later or use another transport")
            .row(TokenReason.CLIENT_REFUSED, "the token endpoint {endpoint} refused client {client}: check the client"
                    + " ID and the client secret; the secret may be wrong or expired")
            .row(TokenReason.REFRESH_TOKEN_REFUSED, "the refresh token of client {client} was refused ({error}): it"
                    + " expired, was revoked or was issued to another client; sign the user in again to get a new one")
            .row(TokenReason.GRANT_REFUSED, "the token endpoint {endpoint} refused the grant of client {client}"
                    + " ({error}): check that the client may use the client credentials grant and that its permissions"
                    + " have admin consent")
            .row(TokenReason.CLIENT_UNAUTHORIZED, "client {client} may not use this grant at {endpoint}: its"
                    + " registration lacks the permission or the consent (Microsoft 365: the SMTP.SendAsApp application"
                    + " permission of Office 365 Exchange Online, with admin consent)")
            .row(TokenReason.REQUEST_REFUSED, "the token endpoint {endpoint} refused the request ({error}): check the"
                    + " token URI and that the endpoint supports this grant")
            .row(TokenReason.NOT_A_TOKEN_ENDPOINT, "{endpoint} did not answer like an OAuth2 token endpoint (HTTP"
                    + " {status}, no access token): check the token URI (the token endpoint, not a sign-in page) and"
                    + " whether a proxy intercepts it")
            .row(TokenReason.UNKNOWN_ERROR_CODE, "the token endpoint {endpoint} refused the request with an error this"
                    + " client does not know ({error}); its description may say more (please report it)")

            .row(TokenReason.UNKNOWN_HOST, "the token endpoint's host {host} does not resolve: check the token URI"
                    + " (or the tenant) for typos and that this machine's DNS resolver works")
            .row(TokenReason.REFUSED, "nothing accepts connections at {endpoint}: check the token URI's host and"
                    + " port; a firewall may reject the connection")
            .row(TokenReason.CONNECT_TIMEOUT, "nothing answered at {endpoint} within the connect timeout of"
                    + " {connectTimeout}: the network or a firewall blocks it; retry later or use another transport")
            .row(TokenReason.TIMEOUT, "the token endpoint {endpoint} did not answer in time (read timeout"
                    + " {readTimeout}, whole request {callTimeout}): it is overloaded or something between holds the"
                    + " connection; retry later or use another transport")
            .row(TokenReason.TLS, "TLS with {endpoint} failed: check that the token URI uses https on the endpoint's"
                    + " TLS port and that this machine trusts the endpoint's certificate (a proxy may intercept TLS);"
                    + " never disable verification")
            .row(TokenReason.DROPPED, "the connection to {endpoint} dropped before it answered; retry, and check"
                    + " for proxies or firewalls that cut connections")
            .row(TokenReason.NOT_HTTP, "the server at {endpoint} did not answer with HTTP: check the token URI's"
                    + " host and port (it may point at another service)")
            .row(TokenReason.UNCLASSIFIED, FailureKind.UNKNOWN.defaultHint())

            .row(TokenReason.TIME_LIMIT, "no OAuth2 token came from {endpoint} in the {limit} this call could wait"
                    + " (what its time limit left): the endpoint is slow or unreachable; the request goes on, and its"
                    + " token is kept for the next send; allow more time or use another transport")
            .row(TokenReason.WAIT_INTERRUPTED, "the thread was interrupted while it waited for an OAuth2 token from"
                    + " {endpoint}; nothing was sent")
            .build();

    private TokenEndpointFailures() {
    }

    /** The failure for an answer that carries no usable token; the retry-after is kept for retryable kinds. */
    static Classification refused(Answer a, Duration retryAfter, Map<String, String> timeouts) {
        TokenReason reason = Rule.first(RULES, a).map(r -> r.reasonFor(a)).orElseThrow();
        if (reason == TokenReason.UNKNOWN_ERROR_CODE) {
            log.warn("unclassified answer of the token endpoint {} (please report): HTTP {} error {}",
                    a.grant().endpoint(), a.status(), a.error());
        }
        String description = a.body() == null || a.body().errorDescription() == null ? ""
                : ": " + firstLine(a.body().errorDescription());
        String said = a.body() == null ? "an answer that is not a token response"
                : a.error().isEmpty() ? "no access token" : a.body().error() + description;
        Map<String, String> values = values(a.grant(), timeouts);
        values.put("status", Integer.toString(a.status()));
        values.put("error", a.error().isEmpty() ? "HTTP " + a.status() : a.body().error());
        return new Classification(reason,
                "the token endpoint of " + a.grant().describe() + " answered HTTP " + a.status() + " with " + said,
                HINTS.hint(reason, values), a.status(), retryAfter, false, false);
    }

    /** The failure for an exception on the way to the endpoint: DNS, connect, TLS, timeouts, resets. */
    static Classification network(Throwable e, TokenGrant grant, Map<String, String> timeouts) {
        NetworkFailures.Failure f = NETWORK.classify(e).orElseGet(() -> NetworkFailures.unknown(e));
        TokenReason reason = Rule.first(NETWORK_RULES, f).map(r -> r.reasonFor(f)).orElse(TokenReason.UNCLASSIFIED);
        if (reason == TokenReason.UNCLASSIFIED) {
            log.warn("unclassified failure of the token endpoint {} (please report): {}", grant.endpoint(),
                    Causes.classes(e));
        }
        return new Classification(reason, "the token endpoint of " + grant.describe() + ": " + f.detail(),
                HINTS.hint(reason, values(grant, timeouts)), -1, null, false, f.connectionFailed());
    }

    /** The caller's time limit ran out, or its thread was interrupted, before the request in progress answered. */
    static Classification notInTime(TokenReason reason, TokenGrant grant, Duration limit, Map<String, String> timeouts) {
        Map<String, String> values = values(grant, timeouts);
        values.put("limit", Durations.human(limit));
        String what = reason == TokenReason.WAIT_INTERRUPTED ? "interrupted while waiting for"
                : "no answer within " + Durations.human(limit) + " from";
        return new Classification(reason, what + " the token endpoint of " + grant.describe(),
                HINTS.hint(reason, values), -1, null, false, false);
    }

    /** The values every hint of this grant may use; mutable, for the failure's own. */
    private static Map<String, String> values(TokenGrant grant, Map<String, String> timeouts) {
        Map<String, String> v = new LinkedHashMap<>(timeouts);
        v.put("endpoint", grant.endpoint());
        v.put("host", grant.tokenUri().host());
        v.put("tenant", grant.tenant() == null ? "(none)" : grant.tenant());
        v.put("client", grant.clientId());
        v.put("scope", grant.scope() == null ? "(the consented one)" : grant.scope());
        return v;
    }

    /** The hint of each reason with a grant's values, for tests that check every one is complete. */
    static Map<TokenReason, String> hints(TokenGrant grant, Map<String, String> timeouts) {
        Map<String, String> values = values(grant, timeouts);
        values.putAll(Map.of("status", "400", "error", "invalid_request", "limit", "5 s"));
        Map<TokenReason, String> all = new EnumMap<>(TokenReason.class);
        for (TokenReason r : TokenReason.values()) {
            all.put(r, HINTS.hint(r, values));
        }
        return all;
    }

    private static String firstLine(String s) {
        int cut = s.indexOf('\n');
        String line = (cut < 0 ? s : s.substring(0, cut)).strip();
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
