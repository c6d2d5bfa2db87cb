package dev.mailover.http;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends email through the SendGrid v3 Mail Send API ({@code POST /v3/mail/send}).
 *
 * <pre>{@code
 * Mailer sendgrid = SendGridMailer.builder().apiKey(System.getenv("SENDGRID_API_KEY")).build();
 * }</pre>
 *
 * <p>Every {@link Email} field is mapped: from and reply-to with names, to, cc and bcc, subject,
 * text before HTML, attachments and inline parts, custom headers and the Email's Message-ID,
 * tags as categories and metadata as custom_args. The body is streamed, so a large attachment is
 * base64-encoded while it is sent, never held in memory. SendGrid's limits (30 MB, 1000 recipients,
 * at least one To recipient, a subject) are checked before any network call. SendGrid takes at most
 * 10 categories: the first 10 tags are sent, further tags are left out.
 * SendGrid refuses {@code ,} and {@code ;} in display names, so they are replaced by spaces.
 *
 * <p>Failures are classified: 401 and 403 are the key, a 403 about the {@code from} field is
 * {@link FailureKind#SENDER_REJECTED}, 429 is {@link FailureKind#RATE_LIMITED} with
 * {@code X-RateLimit-Reset} as the retry-after, 5xx is {@link FailureKind#SERVICE_UNAVAILABLE}.
 * A send counts as accepted only with SendGrid's documented answer, 202 with an {@code X-Message-Id}
 * header: any other 2xx (a captive portal's sign-in page, a proxy's empty 200) is a
 * {@link FailureKind#SERVICE_UNAVAILABLE} failure, possibly delivered only when the answer still
 * looks like SendGrid's (a 202 that lost its header on the way).
 * The API key never appears in {@link #toString()}, exception messages or logs.
 *
 * <p>Thread-safe; share one instance and {@link #close()} it when done.
 */
public final class SendGridMailer implements Mailer, SendingPath.Source {

    /** The global endpoint. */
    public static final String DEFAULT_BASE_URL = "https://api.sendgrid.com";
    /** The endpoint for EU-pinned subusers. */
    public static final String EU_BASE_URL = "https://api.eu.sendgrid.com";

    static final String NAME = "sendgrid";
    static final MessageLimits LIMITS = new MessageLimits("SendGrid", 30 * MessageLimits.MB, 1000);
    /**
     * SendGrid's documented answer to an accepted message: 202 (200 in sandbox mode) with the id in
     * the {@code X-Message-Id} header and an empty body.
     */
    static final SuccessShape SUCCESS = new SuccessShape("SendGrid", "the X-Message-Id header", ErrorRule.status(202, 200),
            r -> r.headers().get("X-Message-Id"),
            r -> r.status() == 202 && (r.body().isBlank() || r.json().isObject()));
    private static final Logger LOG = LoggerFactory.getLogger(SendGridMailer.class);

    private final String name;
    private final String apiKey;
    private final HttpUrl baseUrl;
    private final boolean sandbox;
    private final ApiClient api;
    private final ErrorClassifier errors;

    private SendGridMailer(Builder b) {
        this.name = b.name;
        this.apiKey = b.apiKey;
        this.baseUrl = b.baseUrl;
        this.sandbox = b.sandbox;
        this.api = new ApiClient(name, b.http.resolve(), List.of(apiKey));
        this.errors = SendGridErrors.classifier(name, Clock.systemUTC());
    }

    /** Starts a builder; an API key is required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Sends the email within the configured call timeout.
     *
     * @return the result with SendGrid's {@code X-Message-Id} as the message id (in sandbox mode, where
     *         nothing is delivered, an empty id when SendGrid gives none)
     * @throws MailException classified, with a hint; never containing the API key. A 2xx without an
     *                       {@code X-Message-Id} is a failure, not a delivery (see the class comment)
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
        SendGridRequestBody.check(email, name);
        if (email.tags().size() > SendGridRequestBody.MAX_CATEGORIES) {
            LOG.debug("{}: SendGrid takes {} categories; leaving out {} more tags", name, SendGridRequestBody.MAX_CATEGORIES,
                    email.tags().size() - SendGridRequestBody.MAX_CATEGORIES);
        }
        Request request = authorized(BaseUrl.resolve(baseUrl, "v3", "mail", "send"))
                .post(SendGridRequestBody.of(email, sandbox))
                .build();
        ApiResponse response = api.execute(request, timeLimit);
        if (!response.successful()) {
            throw api.fail(errors.classify(response));
        }
        String messageId = SUCCESS.idOf(response)
                .or(() -> sandbox && sandboxValidated(response) ? Optional.of("") : Optional.empty())
                .orElseThrow(() -> api.fail(SUCCESS.notAccepted(response, name)));
        return api.accepted(email, messageId, "HTTP " + response.status() + (sandbox ? " (sandbox)" : "")
                + (messageId.isEmpty() ? " without an X-Message-Id" : " X-Message-Id " + messageId), start);
    }

    /** SendGrid's documented sandbox answer: 200 with an empty body (whether an X-Message-Id comes too is unconfirmed). */
    private static boolean sandboxValidated(ApiResponse response) {
        return response.status() == 200 && response.body().isBlank();
    }

    /**
     * Checks the key with {@code GET /v3/scopes}, which sends nothing: healthy when the key is
     * accepted and has the {@code mail.send} scope. Never throws.
     */
    @Override
    public HealthCheck check() {
        long start = System.nanoTime();
        try {
            ApiResponse response = api.execute(authorized(BaseUrl.resolve(baseUrl, "v3", "scopes")).get().build(), null);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            if (!response.successful()) {
                return HealthCheck.unhealthy(api.fail(errors.classify(response)), elapsed);
            }
            if (!response.json().has("scopes")) {
                return HealthCheck.unhealthy(api.fail(SuccessShape.notTheApi(response, name, "SendGrid")), elapsed);
            }
            boolean canSend = false;
            for (JsonNode scope : response.json().path("scopes")) {
                canSend |= "mail.send".equals(scope.asText());
            }
            if (!canSend) {
                return HealthCheck.unhealthy(name, FailureKind.AUTHENTICATION_FAILED,
                        "the API key is valid but lacks the mail.send scope",
                        "Give the key the Mail Send permission in SendGrid, or use a key that has it.", elapsed);
            }
            return HealthCheck.healthy(name, "API key accepted with the mail.send scope at " + baseUrl.host(), elapsed);
        } catch (MailException e) {
            return HealthCheck.unhealthy(e, Duration.ofNanos(System.nanoTime() - start));
        } catch (RuntimeException e) {
            return HealthCheck.unhealthy(api.fail(OkHttpFailures.toException(e, name)), Duration.ofNanos(System.nanoTime() - start));
        }
    }

    /** SendGrid: SPF {@code include:sendgrid.net}, DKIM selectors {@code s1} and {@code s2} (CNAMEs to SendGrid). */
    @Override
    public SendingPath sendingPath() {
        return SendingPath.api("SendGrid", "sendgrid.net", List.of("s1", "s2"),
                "the s1._domainkey and s2._domainkey CNAME records that SendGrid shows under Settings, Sender Authentication");
    }

    /** {@code sendgrid}, or the name given to {@link Builder#name(String)}. */
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

    /** For example {@code SendGridMailer{https://api.sendgrid.com key=****}}; never the key. */
    @Override
    public String toString() {
        return "SendGridMailer{" + (name.equals(NAME) ? "" : name + " ") + baseUrl + " key=****" + (sandbox ? " sandbox" : "") + '}';
    }

    private Request.Builder authorized(HttpUrl url) {
        return new Request.Builder().url(url)
                .header("Authorization", "Bearer " + apiKey)
                .header("Accept", "application/json");
    }

    /** Builds a {@link SendGridMailer}. Not thread-safe. */
    public static final class Builder {
        private String name = NAME;
        private String apiKey;
        private HttpUrl baseUrl = BaseUrl.parse("baseUrl", DEFAULT_BASE_URL);
        private boolean sandbox;
        private final HttpSettings http = new HttpSettings();

        private Builder() {
        }

        /** The API key, with the Mail Send permission. Required. */
        public Builder apiKey(String apiKey) {
            Objects.requireNonNull(apiKey, "apiKey");
            if (apiKey.isBlank() || apiKey.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
                throw new IllegalArgumentException("apiKey: must be non-blank printable ASCII without spaces");
            }
            this.apiKey = apiKey;
            return this;
        }

        /**
         * The API endpoint, {@value #DEFAULT_BASE_URL} by default; {@value #EU_BASE_URL} for EU
         * subusers. Must be https unless the host is loopback (a local test server).
         */
        public Builder baseUrl(String baseUrl) {
            this.baseUrl = BaseUrl.parse("baseUrl", baseUrl);
            return this;
        }

        /**
         * Sandbox mode: SendGrid validates the request and answers 200 without delivering
         * anything. Off by default.
         */
        public Builder sandbox(boolean sandbox) {
            this.sandbox = sandbox;
            return this;
        }

        /**
         * The transport's name in attempts, exceptions, health checks and logs: {@code sendgrid} by
         * default. Give two SendGrid transports distinct names (for example {@code sendgrid-eu}) to tell them apart.
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
         * @throws IllegalStateException when no API key was given
         */
        public SendGridMailer build() {
            if (apiKey == null) {
                throw new IllegalStateException("apiKey: a SendGrid API key is required");
            }
            return new SendGridMailer(this);
        }
    }
}
