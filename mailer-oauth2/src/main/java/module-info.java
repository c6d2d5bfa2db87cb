/**
 * OAuth2 access tokens for XOAUTH2 ({@code OAuth2TokenSource}: Microsoft 365, Gmail, any token
 * endpoint) on OkHttp and jackson-core, and the {@code auth=xoauth2} options of SMTP DSNs.
 */
module dev.mailover.oauth2 {
    requires transitive dev.mailover.api;
    // OkHttpClient is in the builder's API; okhttp3 itself requires the Kotlin standard library and
    // Okio transitively. Okio is named because the token answers are read with it.
    requires transitive okhttp3;
    requires okio;
    requires com.fasterxml.jackson.core;
    requires org.slf4j;

    exports dev.mailover.oauth2;

    provides dev.mailover.internal.TokenSourceProvider with dev.mailover.oauth2.internal.OAuth2TokenSourceProvider;
}
