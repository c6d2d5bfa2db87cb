package dev.mailover.oauth2;

import dev.mailover.internal.Loopback;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import okhttp3.HttpUrl;

/**
 * What one token source asks its token endpoint for: the endpoint, the client, and the grant's own
 * parameters (RFC 6749 section 4.4 client credentials, section 6 refresh token). Immutable; the
 * refresh token itself, which the endpoint may rotate, is held by the source.
 *
 * @param flow         {@code microsoft365}, {@code client-credentials} or {@code refresh-token}, for toString and hints
 * @param tokenUri     the token endpoint
 * @param tenant       the Microsoft tenant, or null for other endpoints
 * @param clientId     the client (application) ID
 * @param clientSecret the client secret; never shown
 * @param scope        the requested scope, or null when the grant requests none (refresh)
 */
record TokenGrant(String flow, HttpUrl tokenUri, String tenant, String clientId, String clientSecret, String scope) {

    /** Microsoft's identity platform; the tenant goes into its path. */
    static final HttpUrl MICROSOFT_AUTHORITY = HttpUrl.get("https://login.microsoftonline.com/");
    /** The scope Microsoft documents for SMTP AUTH with the client credentials flow (Exchange Online). */
    static final String MICROSOFT_SMTP_SCOPE = "https://outlook.office365.com/.default";

    static final String CLIENT_CREDENTIALS = "client-credentials";
    static final String REFRESH_TOKEN = "refresh-token";
    static final String MICROSOFT_365 = "microsoft365";

    TokenGrant {
        Objects.requireNonNull(flow, "flow");
        Objects.requireNonNull(tokenUri, "tokenUri");
        clientId = text("clientId", clientId);
        Objects.requireNonNull(clientSecret, "clientSecret");
        if (clientSecret.isEmpty()) {
            throw new IllegalArgumentException("clientSecret: must not be empty");
        }
        if (scope != null) {
            scope = text("scope", scope);
        }
    }

    /** Client credentials against {@code https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token}. */
    static TokenGrant microsoft365(HttpUrl authority, String tenant, String clientId, String clientSecret) {
        String t = text("tenantId", tenant);
        if (!t.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '.' || c == '_')) {
            throw new IllegalArgumentException("tenantId: '" + t + "' is neither a tenant ID nor a domain name;"
                    + " use the Directory (tenant) ID from the app registration's overview");
        }
        HttpUrl uri = authority.newBuilder().addPathSegment(t).addPathSegments("oauth2/v2.0/token").build();
        return new TokenGrant(MICROSOFT_365, uri, t, clientId, clientSecret, MICROSOFT_SMTP_SCOPE);
    }

    /** Client credentials (RFC 6749 section 4.4) against any token endpoint. */
    static TokenGrant clientCredentials(String tokenUri, String clientId, String clientSecret, String scope) {
        Objects.requireNonNull(scope, "scope");
        return new TokenGrant(CLIENT_CREDENTIALS, endpoint(tokenUri), null, clientId, clientSecret, scope);
    }

    /** A refresh token grant (RFC 6749 section 6); the scope stays what the user consented to. */
    static TokenGrant refreshToken(String tokenUri, String clientId, String clientSecret) {
        return new TokenGrant(REFRESH_TOKEN, endpoint(tokenUri), null, clientId, clientSecret, null);
    }

    boolean refreshes() {
        return flow.equals(REFRESH_TOKEN);
    }

    /** The form fields of one request, RFC 6749's client_secret_post client authentication included. */
    Map<String, String> form(String refreshToken) {
        Map<String, String> f = new LinkedHashMap<>();
        if (refreshes()) {
            f.put("grant_type", "refresh_token");
            f.put("refresh_token", refreshToken);
        } else {
            f.put("grant_type", "client_credentials");
            f.put("scope", scope);
        }
        f.put("client_id", clientId);
        f.put("client_secret", clientSecret);
        return f;
    }

    /** The endpoint without its query, for messages. */
    String endpoint() {
        return tokenUri.newBuilder().query(null).build().toString();
    }

    /** For example {@code microsoft365 tenant=contoso.example client=1234}. */
    String describe() {
        return flow + (tenant == null ? " " + endpoint() : " tenant=" + tenant) + " client=" + clientId
                + (scope == null || tenant != null ? "" : " scope=" + scope);
    }

    private static HttpUrl endpoint(String tokenUri) {
        Objects.requireNonNull(tokenUri, "tokenUri");
        HttpUrl url = HttpUrl.parse(tokenUri.strip());
        if (url == null) {
            throw new IllegalArgumentException("tokenUri: '" + tokenUri + "' is not an http or https URL");
        }
        if (!url.username().isEmpty() || !url.password().isEmpty()) {
            throw new IllegalArgumentException("tokenUri: must not hold user info; give the client's ID and secret"
                    + " as their own settings");
        }
        if (!url.isHttps() && !Loopback.isLoopback(url.host())) {
            throw new IllegalArgumentException("tokenUri: '" + url.newBuilder().query(null).build()
                    + "' must use https (plain http only for a token endpoint on this machine)");
        }
        return url;
    }

    private static String text(String field, String value) {
        Objects.requireNonNull(value, field);
        String v = value.strip();
        if (v.isEmpty() || v.chars().anyMatch(c -> c < ' ' || c == 127)) {
            throw new IllegalArgumentException(field + ": must not be blank or hold control characters");
        }
        return v;
    }

    @Override
    public String toString() {
        return "TokenGrant{" + describe() + " secret=****}";
    }
}
