package dev.mailover.oauth2;

import dev.mailover.AccessTokenSupplier;
import dev.mailover.MailException;
import dev.mailover.internal.Durations;
import dev.mailover.internal.TimeLimit;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OAuth2 access tokens for XOAUTH2, fetched from a token endpoint, cached, and refreshed before they
 * expire:
 *
 * <pre>{@code
 * OAuth2TokenSource tokens = OAuth2TokenSource.microsoft365(tenantId, clientId, clientSecret);
 * SmtpMailer.builder().host("smtp.office365.com").oauth2("sender@contoso.example", tokens).build();
 * }</pre>
 *
 * <p>{@link #get()} returns the cached token while it is valid for longer than the refresh margin
 * (5 minutes, or half the token's lifetime when that is shorter), and otherwise fetches a new one.
 * Many threads that need a token at the same moment cause one request, and all of them get its
 * token or its failure; each waits at most its own time limit ({@link #get(Duration)}, which
 * {@code SmtpMailer} calls with the time left of its send), and a request that answers after a
 * thread stopped waiting still fills the cache. {@link #invalidate()} drops the cached token; {@code SmtpMailer} calls it
 * once when the server refuses a token, then tries a fresh one. A refresh token that the endpoint
 * rotates is kept (and handed to {@link Builder#onRefreshTokenRotated(Consumer)}).
 *
 * <p>Safe by default: every request has finite connect, read, write and call timeouts, redirects are
 * never followed (they would carry the client secret elsewhere), and the token endpoint must use
 * https (plain http only on this machine). A failure is a {@link MailException}: the endpoint's
 * refusal of the client, secret, grant or scope is {@link dev.mailover.FailureKind#AUTHENTICATION_FAILED}
 * with a hint naming the tenant, client or scope at fault, and an endpoint that is down,
 * unreachable or throttling is a network kind ({@code CONNECTION_REFUSED}, {@code CONNECTION_TIMEOUT},
 * {@code SERVICE_UNAVAILABLE}, {@code RATE_LIMITED} with its retry-after), a transport fault, so that
 * failover moves on. No secret (client secret, refresh token, access token) ever appears in
 * {@link #toString()}, an exception message or a log line.
 *
 * <p>Thread-safe: share one per client and mailbox.
 */
public final class OAuth2TokenSource implements AccessTokenSupplier {

    private static final Logger log = LoggerFactory.getLogger(OAuth2TokenSource.class);
    /** How many access and refresh tokens are remembered for masking. */
    private static final int REMEMBERED = 4;
    /** How much longer than the call timeout {@link #get()} waits, so the request's own timeout speaks first. */
    private static final Duration WAIT_MARGIN = Duration.ofSeconds(5);

    private final TokenGrant grant;
    private final TokenEndpoint endpoint;
    private final Clock clock;
    private final Duration refreshMargin;
    private final Consumer<String> onRotated;
    private final Object lock = new Object();
    /** The client secret, and the latest refresh and access tokens, newest first; guarded by {@code lock}. */
    private final List<String> secrets = new ArrayList<>();
    private volatile CachedToken cached;
    private volatile String refreshToken;
    /** The request in progress, shared by every thread that needs a token meanwhile; guarded by {@code lock}. */
    private CompletableFuture<CachedToken> inFlight;

    private record CachedToken(String value, Instant refreshAt) {
    }

    private OAuth2TokenSource(Builder b) {
        this.grant = b.grant;
        this.refreshToken = b.refreshToken;
        this.clock = b.clock;
        this.refreshMargin = b.refreshMargin;
        this.onRotated = b.onRotated;
        this.endpoint = new TokenEndpoint(b.client());
        secrets.add(grant.clientSecret());
        if (refreshToken != null) {
            secrets.add(refreshToken);
        }
    }

    /**
     * Client credentials against the Microsoft identity platform,
     * {@code https://login.microsoftonline.com/{tenantId}/oauth2/v2.0/token}, with the scope that
     * Microsoft documents for SMTP AUTH in Exchange Online, {@code https://outlook.office365.com/.default}.
     * The app registration needs the {@code SMTP.SendAsApp} application permission of Office 365
     * Exchange Online with admin consent, and its service principal needs permission on the mailbox.
     *
     * @param tenantId     the Directory (tenant) ID, or the tenant's domain name
     * @param clientId     the Application (client) ID
     * @param clientSecret the client secret's value
     */
    public static OAuth2TokenSource microsoft365(String tenantId, String clientId, String clientSecret) {
        return builder().microsoft365(tenantId, clientId, clientSecret).build();
    }

    /** Client credentials (RFC 6749 section 4.4) against any token endpoint, for this scope. */
    public static OAuth2TokenSource clientCredentials(String tokenUri, String clientId, String clientSecret, String scope) {
        return builder().clientCredentials(tokenUri, clientId, clientSecret, scope).build();
    }

    /**
     * A refresh token (RFC 6749 section 6) exchanged for access tokens at any token endpoint, for
     * example Google's {@code https://oauth2.googleapis.com/token} for Gmail. When the endpoint
     * answers with a new refresh token, that one is used from then on.
     */
    public static OAuth2TokenSource refreshToken(String tokenUri, String clientId, String clientSecret, String refreshToken) {
        return builder().refreshToken(tokenUri, clientId, clientSecret, refreshToken).build();
    }

    /** Starts a builder, for timeouts, an HTTP client of the application's, or a rotation listener. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A valid access token: the cached one, or a new one from the token endpoint when it expires
     * within the refresh margin. Blocks at most the call timeout (30 s by default) and a few seconds
     * more while a request is in progress; threads that arrive meanwhile wait for the same request.
     *
     * @throws MailException when no token can be had, classified, with a hint; never holds a secret
     */
    @Override
    public String get() {
        return get(endpoint.callTimeout().plus(WAIT_MARGIN));
    }

    /**
     * A valid access token within {@code timeLimit}: as {@link #get()}, but a thread waits for a
     * request in progress at most that long. The request itself is not cut short: when it answers
     * later, its token is cached for the next call.
     *
     * @throws MailException when no token can be had in time ({@link dev.mailover.FailureKind#CONNECTION_TIMEOUT}
     *                       when the limit ran out), classified, with a hint; never holds a secret
     */
    @Override
    public String get(Duration timeLimit) {
        Objects.requireNonNull(timeLimit, "timeLimit");
        TimeLimit limit = TimeLimit.of(timeLimit);
        CachedToken t = cached;
        if (t != null && clock.instant().isBefore(t.refreshAt())) {
            return t.value();
        }
        CompletableFuture<CachedToken> shared;
        boolean mine = false;
        synchronized (lock) {
            t = cached;
            if (t != null && clock.instant().isBefore(t.refreshAt())) {
                return t.value();
            }
            shared = inFlight;
            if (shared == null) {
                shared = new CompletableFuture<>();
                inFlight = shared;
                mine = true;
            }
        }
        if (mine) {
            fetchInto(shared);
        }
        return await(shared, limit);
    }

    private String await(CompletableFuture<CachedToken> shared, TimeLimit limit) {
        try {
            return shared.get(limit.remaining().toNanos(), TimeUnit.NANOSECONDS).value();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("the token request failed", e.getCause());
        } catch (TimeoutException e) {
            throw masked(TokenEndpointFailures.notInTime(TokenReason.TIME_LIMIT, grant, limit.limit(),
                    endpoint.timeouts()).toException(TokenEndpointFailures.TRANSPORT));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw masked(TokenEndpointFailures.notInTime(TokenReason.WAIT_INTERRUPTED, grant, limit.limit(),
                    endpoint.timeouts()).toException(TokenEndpointFailures.TRANSPORT).cause(e));
        }
    }

    /** Starts the request; it completes {@code shared} on the HTTP client's dispatcher, whatever happens. */
    private void fetchInto(CompletableFuture<CachedToken> shared) {
        Instant start = clock.instant();
        endpoint.fetch(grant, refreshToken, this::masked, clock).whenComplete((r, failure) -> {
            try {
                if (failure != null) {
                    throw failure;
                }
                CachedToken fresh = new CachedToken(r.accessToken(), refreshAt(start, r));
                synchronized (lock) {
                    remember(r.accessToken());
                    cached = fresh;
                    inFlight = null;
                    if (r.refreshToken() != null && !r.refreshToken().isBlank() && !r.refreshToken().equals(refreshToken)) {
                        remember(r.refreshToken());
                        refreshToken = r.refreshToken();
                        rotated(r.refreshToken());
                    }
                }
                log.debug("got an OAuth2 access token ({}), refreshed after {}", grant.describe(), fresh.refreshAt());
                shared.complete(fresh);
            } catch (Throwable e) {
                // Whatever went wrong, the waiting threads learn it and the next get() tries again.
                synchronized (lock) {
                    if (inFlight == shared) {
                        inFlight = null;
                    }
                }
                log.debug("no OAuth2 access token ({}): {}", grant.describe(), e.getMessage());
                shared.completeExceptionally(e);
            }
        });
    }

    private void rotated(String newRefreshToken) {
        log.debug("the token endpoint rotated the refresh token ({})", grant.describe());
        try {
            onRotated.accept(newRefreshToken);
        } catch (RuntimeException e) {
            log.warn("the refresh token rotation listener failed ({}): {}", grant.describe(),
                    e.getClass().getName());
        }
    }

    /**
     * When to fetch again: the margin before the token expires, but no later than half its lifetime;
     * a token without {@code expires_in} is used for 5 minutes.
     */
    private Instant refreshAt(Instant start, TokenResponse r) {
        Duration lifetime = Duration.ofSeconds(Math.max(0, r.expiresIn().orElse(300)));
        Duration early = refreshMargin.compareTo(lifetime.dividedBy(2)) < 0 ? refreshMargin : lifetime.dividedBy(2);
        return start.plus(lifetime).minus(early);
    }

    private void remember(String secret) {
        secrets.remove(secret);
        secrets.add(1, secret);
        while (secrets.size() > 1 + 2 * REMEMBERED) {
            secrets.remove(secrets.size() - 1);
        }
    }

    /** The exception with every secret this source knows masked. */
    private MailException masked(MailException.Builder b) {
        synchronized (lock) {
            secrets.forEach(b::secret);
        }
        return b.build();
    }

    /** Drops the cached token; the next {@link #get()} fetches a new one. Never blocks on the network. */
    @Override
    public void invalidate() {
        synchronized (lock) {
            if (cached != null) {
                log.debug("dropping the cached OAuth2 access token ({})", grant.describe());
            }
            cached = null;
        }
    }

    /** For example {@code OAuth2TokenSource{microsoft365 tenant=contoso.example client=1234 secret=**** token=cached}}. */
    @Override
    public String toString() {
        return "OAuth2TokenSource{" + grant.describe() + " secret=****"
                + (grant.refreshes() ? " refresh_token=****" : "") + " token=" + (cached == null ? "none" : "cached") + "}";
    }

    /** Builds an {@link OAuth2TokenSource}; give exactly one grant. Not thread-safe. */
    public static final class Builder {
        static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
        static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);
        static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(30);
        private static final AtomicInteger THREADS = new AtomicInteger();
        /**
         * Runs the token requests of every source built without an application's client: daemon
         * threads named {@code mailover-oauth2-N}, which end after 10 idle seconds (there is at most one
         * request per source at a time), so nothing needs closing and nothing keeps the JVM alive.
         */
        private static final Dispatcher DISPATCHER = new Dispatcher(new ThreadPoolExecutor(0, Integer.MAX_VALUE,
                10, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, "mailover-oauth2-" + THREADS.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }));

        private HttpUrl microsoftAuthority = TokenGrant.MICROSOFT_AUTHORITY;
        private TokenGrant grant;
        private String refreshToken;
        private OkHttpClient httpClient;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration readTimeout = DEFAULT_READ_TIMEOUT;
        private Duration callTimeout = DEFAULT_CALL_TIMEOUT;
        private Duration refreshMargin = Duration.ofMinutes(5);
        private Clock clock = Clock.systemUTC();
        private Consumer<String> onRotated = token -> { };

        private Builder() {
        }

        /** The grant of {@link OAuth2TokenSource#microsoft365(String, String, String)}. */
        public Builder microsoft365(String tenantId, String clientId, String clientSecret) {
            this.grant = TokenGrant.microsoft365(microsoftAuthority, tenantId, clientId, clientSecret);
            this.refreshToken = null;
            return this;
        }

        /** The grant of {@link OAuth2TokenSource#clientCredentials(String, String, String, String)}. */
        public Builder clientCredentials(String tokenUri, String clientId, String clientSecret, String scope) {
            this.grant = TokenGrant.clientCredentials(tokenUri, clientId, clientSecret, scope);
            this.refreshToken = null;
            return this;
        }

        /** The grant of {@link OAuth2TokenSource#refreshToken(String, String, String, String)}. */
        public Builder refreshToken(String tokenUri, String clientId, String clientSecret, String refreshToken) {
            Objects.requireNonNull(refreshToken, "refreshToken");
            if (refreshToken.isBlank()) {
                throw new IllegalArgumentException("refreshToken: must not be blank");
            }
            this.grant = TokenGrant.refreshToken(tokenUri, clientId, clientSecret);
            this.refreshToken = refreshToken.strip();
            return this;
        }

        /**
         * Uses this client (sharing its connection pool and dispatcher) for the token endpoint. Its
         * timeouts are kept unless set here; redirects are turned off on the copy this source uses,
         * and a client without a call timeout gets the default one. Without one, requests run on
         * daemon threads named {@code mailover-oauth2-N} that end after 10 idle seconds.
         */
        public Builder httpClient(OkHttpClient client) {
            this.httpClient = Objects.requireNonNull(client, "httpClient");
            return this;
        }

        /** TCP connect timeout of the token endpoint; 10 s by default. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = Durations.positive("connectTimeout", timeout);
            return this;
        }

        /** Read (and write) timeout of the token endpoint; 10 s by default. */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = Durations.positive("readTimeout", timeout);
            return this;
        }

        /** The bound on one whole token request, connect to last byte; 30 s by default. */
        public Builder timeout(Duration timeout) {
            this.callTimeout = Durations.positive("timeout", timeout);
            return this;
        }

        /** How long before its expiry a token is replaced; 5 minutes by default, at most half its lifetime. */
        public Builder refreshMargin(Duration margin) {
            Objects.requireNonNull(margin, "refreshMargin");
            if (margin.isNegative()) {
                throw new IllegalArgumentException("refreshMargin: must not be negative, was " + margin);
            }
            this.refreshMargin = margin;
            return this;
        }

        /**
         * Called with the new refresh token each time the endpoint rotates it (Microsoft does on each
         * use), so that the application can store it for its next start. Called on the HTTP client's
         * dispatcher thread that received the token, before any waiting thread gets the token; an
         * exception it throws is logged and otherwise ignored.
         */
        public Builder onRefreshTokenRotated(Consumer<String> listener) {
            this.onRotated = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Reads the time from this clock (expiry); for tests. */
        Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The Microsoft identity platform's base URL, set before {@link #microsoft365}; for tests. */
        Builder microsoftAuthority(String baseUrl) {
            this.microsoftAuthority = HttpUrl.get(baseUrl);
            return this;
        }

        /**
         * Creates the source. Fetches nothing: the first {@link OAuth2TokenSource#get()} does.
         *
         * @throws IllegalStateException when no grant was given
         */
        public OAuth2TokenSource build() {
            if (grant == null) {
                throw new IllegalStateException("grant: give microsoft365(...), clientCredentials(...) or refreshToken(...)");
            }
            return new OAuth2TokenSource(this);
        }

        OkHttpClient client() {
            OkHttpClient.Builder b = httpClient == null ? new OkHttpClient.Builder().dispatcher(DISPATCHER)
                    : httpClient.newBuilder();
            if (httpClient == null || connectTimeout != DEFAULT_CONNECT_TIMEOUT) {
                b.connectTimeout(connectTimeout);
            }
            if (httpClient == null || readTimeout != DEFAULT_READ_TIMEOUT) {
                b.readTimeout(readTimeout).writeTimeout(readTimeout);
            }
            if (httpClient == null || callTimeout != DEFAULT_CALL_TIMEOUT || httpClient.callTimeoutMillis() == 0) {
                b.callTimeout(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
            }
            return b.followRedirects(false).followSslRedirects(false).build();
        }

        @Override
        public String toString() {
            return "OAuth2TokenSource.Builder{" + (grant == null ? "no grant" : grant.describe()) + " secret=****}";
        }
    }
}
