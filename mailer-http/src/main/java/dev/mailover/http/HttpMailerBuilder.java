package dev.mailover.http;

import dev.mailover.Mailer;
import dev.mailover.internal.TransportName;
import java.time.Duration;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * What every HTTP provider's builder shares: the HTTP client, the timeouts, the endpoint and the
 * transport's name. Each provider's {@code Builder} ({@link SendGridMailer.Builder},
 * {@link MailgunMailer.Builder}, …) extends it, so these setters return that builder and chain with
 * its own ({@code apiKey(..)}). The defaults are safe: a client of the mailer's own with finite
 * connect, read and write timeouts and a call timeout, that never follows redirects.
 *
 * <p>Not thread-safe. Only the providers of this module extend it.
 *
 * @param <B> the provider's builder
 */
public abstract class HttpMailerBuilder<B extends HttpMailerBuilder<B>> {

    final HttpSettings http = new HttpSettings();
    final String defaultName;
    String name;
    HttpUrl baseUrl;

    HttpMailerBuilder(String defaultName) {
        this.defaultName = defaultName;
        this.name = defaultName;
    }

    /**
     * An application-owned client to share its connection pool and dispatcher. Its settings are
     * kept, except that redirects are not followed; timeouts set on this builder override its own.
     * The mailer never shuts it down.
     *
     * @return this builder
     */
    public B httpClient(OkHttpClient client) {
        http.httpClient(client);
        return self();
    }

    /**
     * The time limit for a whole call (connect, upload, answer): 2 minutes by default, or the shared
     * client's call timeout when it has one. A server that trickles its answer is cut off by it.
     *
     * @return this builder
     * @throws IllegalArgumentException naming {@code timeout} unless it is positive
     */
    public B timeout(Duration timeout) {
        http.timeout(timeout);
        return self();
    }

    /**
     * The TCP and TLS connect timeout; 10 seconds by default.
     *
     * @return this builder
     * @throws IllegalArgumentException naming {@code connectTimeout} unless it is positive
     */
    public B connectTimeout(Duration timeout) {
        http.connectTimeout(timeout);
        return self();
    }

    /**
     * The read timeout, also used as the write timeout; 30 seconds by default.
     *
     * @return this builder
     * @throws IllegalArgumentException naming {@code readTimeout} unless it is positive
     */
    public B readTimeout(Duration timeout) {
        http.readTimeout(timeout);
        return self();
    }

    /**
     * The API endpoint, replacing the provider's public one (each mailer's {@code DEFAULT_BASE_URL});
     * a path is kept as a prefix. Must be https unless the host is loopback (a local test server), so
     * a key never travels unencrypted.
     *
     * @return this builder
     * @throws IllegalArgumentException naming {@code baseUrl} when it is not such a URL, has a query
     *                                  or credentials
     */
    public B baseUrl(String baseUrl) {
        this.baseUrl = BaseUrl.parse("baseUrl", baseUrl);
        return self();
    }

    /**
     * The transport's name in attempts, exceptions, health checks and logs: the provider's name by
     * default ({@code sendgrid}, {@code mailgun}, {@code postmark}, {@code resend}, {@code brevo}).
     * Give two transports of one provider distinct names (for example {@code sendgrid-eu}) to tell
     * them apart.
     *
     * @return this builder
     * @throws IllegalArgumentException unless it is 1 to 64 ASCII letters, digits, '.', '_' or '-',
     *                                  starting with a letter or digit
     */
    public B name(String name) {
        this.name = TransportName.check(name);
        return self();
    }

    /**
     * Creates the mailer.
     *
     * @return the mailer, thread-safe
     * @throws IllegalStateException naming what is missing, such as the API key
     */
    public abstract Mailer build();

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /** The base URL given, or the provider's {@code publicEndpoint}. */
    HttpUrl baseUrlOr(String publicEndpoint) {
        return baseUrl != null ? baseUrl : BaseUrl.parse("baseUrl", publicEndpoint);
    }

    /**
     * Checks a key or token: non-blank printable ASCII without spaces, as every provider's are.
     *
     * @throws IllegalArgumentException naming {@code field}, never quoting the value
     */
    static String credential(String field, String value) {
        Objects.requireNonNull(value, field);
        if (value.isBlank() || value.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw new IllegalArgumentException(field + ": must be non-blank printable ASCII without spaces");
        }
        return value;
    }

    /**
     * A required setting, when it was given.
     *
     * @throws IllegalStateException with {@code message} (naming the setting) when it was not
     */
    static <T> T required(T value, String message) {
        if (value == null) {
            throw new IllegalStateException(message);
        }
        return value;
    }
}
