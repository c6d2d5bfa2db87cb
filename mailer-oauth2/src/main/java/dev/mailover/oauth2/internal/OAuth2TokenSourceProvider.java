package dev.mailover.oauth2.internal;

import dev.mailover.AccessTokenSupplier;
import dev.mailover.Dsn;
import dev.mailover.internal.TokenSourceProvider;
import dev.mailover.oauth2.OAuth2TokenSource;
import java.util.Optional;
import java.util.Set;

/**
 * Creates {@link OAuth2TokenSource}s from the options of a DSN with {@code auth=xoauth2}:
 * <ul>
 *   <li>{@code tenant=…&client_id=…&client_secret=…}: Microsoft 365
 *       ({@link OAuth2TokenSource#microsoft365(String, String, String)});</li>
 *   <li>{@code token_uri=…&client_id=…&client_secret=…&scope=…}: client credentials at any endpoint;</li>
 *   <li>{@code token_uri=…&client_id=…&client_secret=…&refresh_token=…}: a refresh token (Gmail).</li>
 * </ul>
 * Registered through {@code META-INF/services/dev.mailover.internal.TokenSourceProvider}. Internal:
 * not API; use the DSN, or {@link OAuth2TokenSource} in code.
 */
public final class OAuth2TokenSourceProvider implements TokenSourceProvider {

    private static final Set<String> OPTIONS = Set.of("tenant", "client_id", "client_secret", "token_uri", "scope",
            "refresh_token");

    /** Used by {@link java.util.ServiceLoader}. */
    public OAuth2TokenSourceProvider() {
    }

    @Override
    public Set<String> options() {
        return OPTIONS;
    }

    @Override
    public AccessTokenSupplier create(Dsn dsn) {
        String clientId = required(dsn, "client_id");
        String secret = required(dsn, "client_secret");
        Optional<String> tenant = dsn.option("tenant");
        Optional<String> tokenUri = dsn.option("token_uri");
        Optional<String> scope = dsn.option("scope");
        Optional<String> refresh = dsn.option("refresh_token");
        try {
            if (tenant.isPresent()) {
                refuse(dsn, tokenUri.isPresent(), "give tenant (Microsoft 365) or token_uri (any token endpoint), not both");
                refuse(dsn, scope.isPresent(), "with tenant the scope is Microsoft's for SMTP,"
                        + " https://outlook.office365.com/.default; for another scope give token_uri and scope");
                refuse(dsn, refresh.isPresent(), "with a refresh_token give token_uri"
                        + " (https://login.microsoftonline.com/TENANT/oauth2/v2.0/token), not tenant");
                return OAuth2TokenSource.microsoft365(tenant.get(), clientId, secret);
            }
            String uri = tokenUri.orElseThrow(() -> new IllegalArgumentException("DSN " + dsn.scheme()
                    + ": auth=xoauth2 needs tenant=… (Microsoft 365) or token_uri=… (any token endpoint),"
                    + " with client_id and client_secret"));
            if (refresh.isPresent()) {
                refuse(dsn, scope.isPresent(), "a refresh_token keeps the scope the user consented to; remove scope");
                return OAuth2TokenSource.refreshToken(uri, clientId, secret, refresh.get());
            }
            String s = scope.orElseThrow(() -> new IllegalArgumentException("DSN " + dsn.scheme()
                    + ": auth=xoauth2 with token_uri needs scope=… (client credentials) or refresh_token=…"));
            return OAuth2TokenSource.clientCredentials(uri, clientId, secret, s);
        } catch (IllegalArgumentException | NullPointerException e) {
            String m = e.getMessage();
            throw new IllegalArgumentException(m != null && m.startsWith("DSN ") ? m
                    : "DSN " + dsn.scheme() + " auth=xoauth2: " + m, e);
        }
    }

    private static String required(Dsn dsn, String option) {
        String v = dsn.option(option).orElse("");
        if (v.isBlank()) {
            throw new IllegalArgumentException("DSN " + dsn.scheme() + ": auth=xoauth2 needs the option " + option);
        }
        return v;
    }

    private static void refuse(Dsn dsn, boolean wrong, String why) {
        if (wrong) {
            throw new IllegalArgumentException("DSN " + dsn.scheme() + " auth=xoauth2: " + why);
        }
    }
}
