package dev.mailover.http;

import dev.mailover.Email;
import dev.mailover.FailureKind;
import dev.mailover.HealthCheck;
import dev.mailover.MailException;
import dev.mailover.Mailer;
import dev.mailover.SendResult;
import dev.mailover.SendingPath;
import dev.mailover.internal.TransportName;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import okhttp3.Credentials;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends email through the Mailgun Messages API ({@code POST /v3/{domain}/messages}, multipart form,
 * HTTP Basic auth as {@code api:KEY}).
 *
 * <pre>{@code
 * Mailer mailgun = MailgunMailer.builder().apiKey(key).domain("mg.example.com").region(MailgunMailer.Region.EU).build();
 * }</pre>
 *
 * <p>Every {@link Email} field is mapped: from, to, cc and bcc with names, subject, text and HTML,
 * attachments ({@code attachment}) and inline parts ({@code inline}, uploaded under their content id
 * so {@code cid:} links work), reply-to, the Email's Message-ID and custom headers as {@code h:},
 * tags as {@code o:tag} (the first 3, Mailgun's documented limit), metadata as {@code v:} variables, and test mode as {@code o:testmode}.
 * Files are streamed from disk while they are sent. The 25 MB message limit and the 16 kB limit on
 * headers, tags and metadata are checked before any network call.
 *
 * <p>A send counts as accepted only with Mailgun's documented answer, 200 with a JSON {@code id}: any
 * other 2xx (a captive portal's sign-in page, an empty 200) is a {@link FailureKind#SERVICE_UNAVAILABLE}
 * failure, possibly delivered only when the answer is still Mailgun's JSON.
 *
 * <p>A domain belongs to one region, and the other region answers 401: choose {@link Region#EU} for
 * domains created in the EU. The API key never appears in {@link #toString()}, exception messages or
 * logs. Thread-safe; share one instance and {@link #close()} it when done.
 */
public final class MailgunMailer implements Mailer, SendingPath.Source {

    /** Where a Mailgun domain lives; the wrong region answers 401. */
    public enum Region {
        /** {@code https://api.mailgun.net}, the default. */
        US("https://api.mailgun.net"),
        /** {@code https://api.eu.mailgun.net}, for domains created in the EU. */
        EU("https://api.eu.mailgun.net");

        private final String baseUrl;

        Region(String baseUrl) {
            this.baseUrl = baseUrl;
        }

        /** The region's API endpoint. */
        public String baseUrl() {
            return baseUrl;
        }
    }

    static final String NAME = "mailgun";
    static final MessageLimits LIMITS = new MessageLimits("Mailgun", 25 * MessageLimits.MB, 0);
    /** Mailgun's documented answer to an accepted message: {@code 200 {"id":"<…@domain>","message":"Queued. Thank you."}}. */
    static final SuccessShape SUCCESS = new SuccessShape("Mailgun", "the id", ErrorRule.status(200),
            r -> r.json().path("id").isTextual() ? r.json().path("id").asText() : null,
            SuccessShape.jsonWith("id", "message"));
    private static final Logger LOG = LoggerFactory.getLogger(MailgunMailer.class);

    private final String name;
    private final String apiKey;
    private final String domain;
    private final HttpUrl baseUrl;
    private final boolean testMode;
    private final ApiClient api;
    private final ErrorClassifier errors;

    private MailgunMailer(Builder b) {
        this.name = b.name;
        this.apiKey = b.apiKey;
        this.domain = b.domain;
        this.baseUrl = b.baseUrl != null ? b.baseUrl : BaseUrl.parse("baseUrl", b.region.baseUrl());
        this.testMode = b.testMode;
        this.api = new ApiClient(name, b.http.resolve(), List.of(apiKey));
        this.errors = MailgunErrors.classifier(name, Clock.systemUTC());
    }

    /** Starts a builder; an API key and a domain are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Sends the email within the configured call timeout.
     *
     * @return the result with Mailgun's id ({@code <…@domain>}) as the message id
     * @throws MailException classified, with a hint; never containing the API key. A 2xx without
     *                       Mailgun's JSON id is a failure, not a delivery
     */
    @Override
    public SendResult send(Email email) {
        return send(email, api.callTimeout());
    }

    /**
     * Sends the email, with the HTTP call timeout capped by {@code timeLimit}.
     *
     * @throws MailException classified, with a hint; {@link FailureKind#CONNECTION_TIMEOUT} when the
     *                       time limit is spent; INVALID_CONFIGURATION when the mailer is closed
     * @throws NullPointerException naming {@code timeLimit} when it is null
     */
    @Override
    public SendResult send(Email email, Duration timeLimit) {
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(timeLimit, "timeLimit");
        api.checkOpen();
        long start = System.nanoTime();
        LIMITS.check(email, name);
        MailgunForm.check(email, testMode, name);
        if (email.tags().size() > MailgunForm.MAX_TAGS) {
            LOG.debug("{}: Mailgun takes {} tags; leaving out {} more", name, MailgunForm.MAX_TAGS,
                    email.tags().size() - MailgunForm.MAX_TAGS);
        }
        Request request = authorized(BaseUrl.resolve(baseUrl, "v3", domain, "messages"))
                .post(MailgunForm.of(email, testMode))
                .build();
        ApiResponse response = api.execute(request, timeLimit);
        if (!response.successful()) {
            throw api.fail(errors.classify(response));
        }
        String messageId = SUCCESS.idOf(response).orElseThrow(() -> api.fail(SUCCESS.notAccepted(response, name)));
        return api.accepted(email, messageId, "HTTP " + response.status() + (testMode ? " (test mode)" : "") + " "
                + response.json().path("message").asText("") + " id " + messageId, start);
    }

    /**
     * Checks the key and the domain with {@code GET /v4/domains/{domain}}, which sends nothing:
     * healthy when the domain is active. A domain sending key may not read domains and gets 401
     * there; the key is then tried with an empty message form, which Mailgun refuses as invalid
     * (400) for a good key and as unauthorized (401) for a bad one, so nothing is ever sent.
     * Never throws.
     */
    @Override
    public HealthCheck check() {
        long start = System.nanoTime();
        try {
            ApiResponse response = api.execute(authorized(BaseUrl.resolve(baseUrl, "v4", "domains", domain)).get().build(), null);
            if (response.status() == 401) {
                return checkSendingKey(start);
            }
            Duration elapsed = elapsed(start);
            if (!response.successful()) {
                return HealthCheck.unhealthy(api.fail(errors.classify(response)), elapsed);
            }
            if (!response.json().has("domain")) {
                return HealthCheck.unhealthy(api.fail(SuccessShape.notTheApi(response, name, "Mailgun")), elapsed);
            }
            String state = response.json().path("domain").path("state").asText("unknown");
            if (state.equals("active")) {
                return HealthCheck.healthy(name, "domain " + domain + " is active at " + baseUrl.host(), elapsed);
            }
            return HealthCheck.unhealthy(name, FailureKind.SENDER_REJECTED, api.mask("domain " + domain + " is " + state),
                    "unverified".equals(state)
                            ? "Add the DNS records Mailgun lists for the domain and verify it."
                            : "The domain cannot send while it is " + state + "; check it in Mailgun's control panel.",
                    elapsed);
        } catch (MailException e) {
            return HealthCheck.unhealthy(e, elapsed(start));
        } catch (RuntimeException e) {
            return HealthCheck.unhealthy(api.fail(OkHttpFailures.toException(e, name)), elapsed(start));
        }
    }

    private HealthCheck checkSendingKey(long start) {
        Request empty = authorized(BaseUrl.resolve(baseUrl, "v3", domain, "messages"))
                .post(new OneShotBody(new FormBody.Builder().build())).build();
        ApiResponse response = api.execute(empty, null);
        Duration elapsed = elapsed(start);
        if (!response.json().isObject()) {
            return HealthCheck.unhealthy(api.fail(response.successful() ? SuccessShape.notTheApi(response, name, "Mailgun")
                    : errors.classify(response)), elapsed);
        }
        if (response.status() == 400) {
            return HealthCheck.healthy(name, "the key may send for " + domain + " (a domain sending key: it cannot read"
                    + " the domain's state, so that is not verified)", elapsed);
        }
        if (response.successful()) {
            return HealthCheck.healthy(name, "the key is accepted for " + domain, elapsed);
        }
        return HealthCheck.unhealthy(api.fail(errors.classify(response)), elapsed);
    }

    /** Mailgun: SPF {@code include:mailgun.org}; the DKIM selector is per domain, shown in Mailgun's DNS records. */
    @Override
    public SendingPath sendingPath() {
        return SendingPath.api("Mailgun", "mailgun.org", List.of(),
                "the DKIM TXT record (SELECTOR._domainkey) that Mailgun shows under Sending, Domain settings, DNS records");
    }

    /** {@code mailgun}, or the name given to {@link Builder#name(String)}. */
    @Override
    public String name() {
        return name;
    }

    /**
     * Releases the HTTP client when this mailer created it; a shared client is left to its owner.
     * Idempotent. Afterwards {@code send} fails with INVALID_CONFIGURATION saying the mailer is closed,
     * {@code sendAsync} completes exceptionally with the same, and {@code check()} reports it.
     */
    @Override
    public void close() {
        api.close();
    }

    /** For example {@code MailgunMailer{https://api.eu.mailgun.net mg.example.com key=****}}; never the key. */
    @Override
    public String toString() {
        return "MailgunMailer{" + (name.equals(NAME) ? "" : name + " ") + baseUrl + " " + domain + " key=****" + (testMode ? " testmode" : "") + '}';
    }

    private Request.Builder authorized(HttpUrl url) {
        return new Request.Builder().url(url)
                .header("Authorization", Credentials.basic("api", apiKey))
                .header("Accept", "application/json");
    }

    private static Duration elapsed(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Builds a {@link MailgunMailer}. Not thread-safe. */
    public static final class Builder {
        private String name = NAME;
        private String apiKey;
        private String domain;
        private Region region = Region.US;
        private HttpUrl baseUrl;
        private boolean testMode;
        private final HttpSettings http = new HttpSettings();

        private Builder() {
        }

        /** The private API key or a domain sending key. Required. */
        public Builder apiKey(String apiKey) {
            Objects.requireNonNull(apiKey, "apiKey");
            if (apiKey.isBlank() || apiKey.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
                throw new IllegalArgumentException("apiKey: must be non-blank printable ASCII without spaces");
            }
            this.apiKey = apiKey;
            return this;
        }

        /** The sending domain, for example {@code mg.example.com}. Required. */
        public Builder domain(String domain) {
            Objects.requireNonNull(domain, "domain");
            String d = domain.strip();
            if (d.isEmpty() || !d.matches("[A-Za-z0-9._-]+")) {
                throw new IllegalArgumentException("domain: '" + domain + "' is not a domain name such as mg.example.com");
            }
            this.domain = d;
            return this;
        }

        /** The domain's region, {@link Region#US} by default. Ignored when {@link #baseUrl(String)} is set. */
        public Builder region(Region region) {
            this.region = Objects.requireNonNull(region, "region");
            return this;
        }

        /**
         * The API endpoint, replacing the region's. Must be https unless the host is loopback (a local
         * test server).
         */
        public Builder baseUrl(String baseUrl) {
            this.baseUrl = BaseUrl.parse("baseUrl", baseUrl);
            return this;
        }

        /** Test mode ({@code o:testmode=yes}): Mailgun accepts the message but does not deliver it. Off by default. */
        public Builder testMode(boolean testMode) {
            this.testMode = testMode;
            return this;
        }

        /**
         * The transport's name in attempts, exceptions, health checks and logs: {@code mailgun} by
         * default. Give two Mailgun transports distinct names (for example {@code mailgun-eu}) to tell them apart.
         *
         * @throws IllegalArgumentException unless it is 1 to 64 ASCII letters, digits, '.', '_' or '-'
         */
        public Builder name(String name) {
            this.name = TransportName.check(name);
            return this;
        }

        /**
         * An application-owned client to share its connection pool and dispatcher. Its settings are
         * kept, except that redirects are not followed; timeouts set on this builder override its
         * own. The mailer never shuts it down.
         */
        public Builder httpClient(OkHttpClient client) {
            http.httpClient(client);
            return this;
        }

        /**
         * The time limit for a whole call (connect, upload, answer): 2 minutes by default, or the
         * shared client's call timeout when it has one.
         */
        public Builder timeout(Duration timeout) {
            http.timeout(timeout);
            return this;
        }

        /** The TCP and TLS connect timeout; 10 seconds by default. */
        public Builder connectTimeout(Duration timeout) {
            http.connectTimeout(timeout);
            return this;
        }

        /** The read timeout, also used as the write timeout; 30 seconds by default. */
        public Builder readTimeout(Duration timeout) {
            http.readTimeout(timeout);
            return this;
        }

        /**
         * Creates the mailer.
         *
         * @throws IllegalStateException when the API key or the domain is missing
         */
        public MailgunMailer build() {
            if (apiKey == null) {
                throw new IllegalStateException("apiKey: a Mailgun API key is required");
            }
            if (domain == null) {
                throw new IllegalStateException("domain: the Mailgun sending domain is required");
            }
            return new MailgunMailer(this);
        }
    }
}
