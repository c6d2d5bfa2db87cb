package dev.mailover.http;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;
import okhttp3.OkHttpClient;

/**
 * The HTTP settings every provider builder shares: an optional application-owned
 * {@link OkHttpClient}, and the timeouts. Resolving them yields the client a mailer uses, with
 * redirects off (a redirect must never carry an API key to another host), every timeout finite, and
 * {@code TCP_NODELAY} on its sockets ({@link NoDelaySocketFactory}).
 */
final class HttpSettings {

    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);
    static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofMinutes(2);

    private OkHttpClient client;
    private Duration callTimeout;
    private Duration connectTimeout;
    private Duration readTimeout;

    void httpClient(OkHttpClient client) {
        this.client = Objects.requireNonNull(client, "httpClient");
    }

    void timeout(Duration timeout) {
        this.callTimeout = positive("timeout", timeout);
    }

    void connectTimeout(Duration timeout) {
        this.connectTimeout = positive("connectTimeout", timeout);
    }

    void readTimeout(Duration timeout) {
        this.readTimeout = positive("readTimeout", timeout);
    }

    /** The client, derived from the application's (sharing its pool) or created with safe defaults. */
    Resolved resolve() {
        boolean owned = client == null;
        OkHttpClient.Builder b = owned
                ? new OkHttpClient.Builder()
                        .connectTimeout(DEFAULT_CONNECT_TIMEOUT)
                        .readTimeout(DEFAULT_READ_TIMEOUT)
                        .writeTimeout(DEFAULT_READ_TIMEOUT)
                : client.newBuilder();
        if (connectTimeout != null) {
            b.connectTimeout(connectTimeout);
        }
        if (readTimeout != null) {
            b.readTimeout(readTimeout).writeTimeout(readTimeout);
        }
        Duration call = callTimeout;
        if (call == null) {
            call = !owned && client.callTimeoutMillis() > 0
                    ? Duration.ofMillis(client.callTimeoutMillis()) : DEFAULT_CALL_TIMEOUT;
        }
        OkHttpClient resolved = b.callTimeout(call.toMillis(), TimeUnit.MILLISECONDS)
                .followRedirects(false)
                .followSslRedirects(false)
                .socketFactory(NoDelaySocketFactory.wrap(owned ? SocketFactory.getDefault() : client.socketFactory()))
                .build();
        return new Resolved(resolved, owned, call);
    }

    /** The client a mailer uses, whether the mailer owns it (and must release it), and the call timeout. */
    record Resolved(OkHttpClient client, boolean owned, Duration callTimeout) {
    }

    private static Duration positive(String field, Duration d) {
        Objects.requireNonNull(d, field);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(field + ": must be positive, was " + d);
        }
        return d;
    }
}
