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
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends email through Postmark's Email API ({@code POST /email}, {@code X-Postmark-Server-Token}).
 *
 * <pre>{@code
 * Mailer postmark = PostmarkMailer.builder().serverToken(token).messageStream("outbound").build();
 * }</pre>
 *
 * <p>Every {@link Email} field is mapped: from, to, cc, bcc and reply-to with names, subject, text
 * and HTML, attachments and inline parts ({@code ContentID cid:…}), custom headers and the Email's
 * Message-ID in {@code Headers}, metadata as {@code Metadata}, and the message stream. Postmark
 * allows <strong>one tag</strong> per message: the Email's first tag is sent as {@code Tag}, further
 * tags are left out. The body is streamed, so attachments are base64-encoded while they are sent.
 * Postmark's limits (10 MB, 50 recipients) are checked before any network call.
 *
 * <p>Failures are classified by Postmark's {@code ErrorCode}: 10 the token, 300 the message, 400 and
 * 401 the sender signature, 406 an inactive recipient (listed in
 * {@link MailException#rejectedRecipients()}), 429 the rate limit, 100 maintenance, also inside a 200.
 * A send counts as accepted only with {@code "ErrorCode":0} and a {@code MessageID}: any other 2xx (a
 * captive portal's sign-in page, an empty 200) is a {@link FailureKind#SERVICE_UNAVAILABLE} failure,
 * possibly delivered only when the answer is still Postmark's JSON. The token never
 * appears in {@link #toString()}, exception messages or logs. Thread-safe; share one instance and
 * {@link #close()} it when done.
 */
public final class PostmarkMailer implements Mailer, SendingPath.Source {

    /** The public endpoint. */
    public static final String DEFAULT_BASE_URL = "https://api.postmarkapp.com";
    /** The default message stream for transactional email. */
    public static final String DEFAULT_MESSAGE_STREAM = "outbound";

    static final String NAME = "postmark";
    static final MessageLimits LIMITS = new MessageLimits("Postmark", 10 * MessageLimits.MB, 50);
    /** Postmark's documented answer to an accepted message: {@code 200 {"MessageID":…,"ErrorCode":0,"Message":"OK"}}. */
    static final SuccessShape SUCCESS = new SuccessShape("Postmark", "a MessageID", ErrorRule.status(200),
            r -> r.json().path("ErrorCode").isNumber() && r.json().path("ErrorCode").asInt() == 0
                    && r.json().path("MessageID").isTextual() ? r.json().path("MessageID").asText() : null,
            SuccessShape.jsonWith("ErrorCode", "MessageID"));
    private static final Logger LOG = LoggerFactory.getLogger(PostmarkMailer.class);

    private final String name;
    private final String serverToken;
    private final String messageStream;
    private final HttpUrl baseUrl;
    private final ApiClient api;
    private final ErrorClassifier errors;

    private PostmarkMailer(Builder b) {
        this.name = b.name;
        this.serverToken = b.serverToken;
        this.messageStream = b.messageStream;
        this.baseUrl = b.baseUrl;
        this.api = new ApiClient(name, b.http.resolve(), List.of(serverToken));
        this.errors = PostmarkErrors.classifier(name, Clock.systemUTC());
    }

    /** Starts a builder; a server token is required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Sends the email within the configured call timeout.
     *
     * @return the result with Postmark's {@code MessageID} as the message id
     * @throws MailException classified, with a hint; never containing the token. A 2xx without
     *                       {@code "ErrorCode":0} and a {@code MessageID} is a failure, not a delivery
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
        PostmarkRequestBody.check(email, name);
        if (email.tags().size() > 1) {
            LOG.debug("{}: Postmark takes one tag; sending '{}' and leaving out {} more", name, email.tags().get(0),
                    email.tags().size() - 1);
        }
        Request request = authorized(BaseUrl.resolve(baseUrl, "email"))
                .post(PostmarkRequestBody.of(email, messageStream))
                .build();
        ApiResponse response = api.execute(request, timeLimit);
        JsonNode json = response.json();
        if (!response.successful() || json.path("ErrorCode").asInt(0) != 0) {
            throw failure(response);
        }
        String messageId = SUCCESS.idOf(response).orElseThrow(() -> api.fail(SUCCESS.notAccepted(response, name)));
        return api.accepted(email, messageId, "HTTP " + response.status() + " " + json.path("Message").asText("")
                + " MessageID " + messageId, start);
    }

    /**
     * Checks the server token with {@code GET /server}, which sends nothing: healthy when the token
     * is accepted. Never throws.
     */
    @Override
    public HealthCheck check() {
        long start = System.nanoTime();
        try {
            ApiResponse response = api.execute(authorized(BaseUrl.resolve(baseUrl, "server")).get().build(), null);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            if (!response.successful()) {
                return HealthCheck.unhealthy(failure(response), elapsed);
            }
            if (!response.json().isObject()) {
                return HealthCheck.unhealthy(api.fail(SuccessShape.notTheApi(response, name, "Postmark")), elapsed);
            }
            String server = response.json().path("Name").asText("");
            return HealthCheck.healthy(name, api.mask("server token accepted" + (server.isEmpty() ? "" : " for server '" + server + "'"))
                    + ", message stream " + messageStream, elapsed);
        } catch (MailException e) {
            return HealthCheck.unhealthy(e, Duration.ofNanos(System.nanoTime() - start));
        } catch (RuntimeException e) {
            return HealthCheck.unhealthy(api.fail(OkHttpFailures.toException(e, name)), Duration.ofNanos(System.nanoTime() - start));
        }
    }

    /** Postmark: SPF {@code include:spf.mtasv.net}; the DKIM selector is per domain, shown in Postmark's DNS settings. */
    @Override
    public SendingPath sendingPath() {
        return SendingPath.api("Postmark", "spf.mtasv.net", List.of(),
                "the DKIM TXT record (DATEpm._domainkey) that Postmark shows under Sender Signatures, DNS settings");
    }

    /** {@code postmark}, or the name given to {@link Builder#name(String)}. */
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

    /** For example {@code PostmarkMailer{https://api.postmarkapp.com stream=outbound token=****}}; never the token. */
    @Override
    public String toString() {
        return "PostmarkMailer{" + (name.equals(NAME) ? "" : name + " ") + baseUrl + " stream=" + messageStream + " token=****}";
    }

    private MailException failure(ApiResponse response) {
        MailException.Builder b = errors.classify(response);
        if (errors.kindOf(response) == FailureKind.RECIPIENT_REJECTED) {
            b.rejectedRecipients(PostmarkErrors.inactiveRecipients(response));
        }
        return api.fail(b);
    }

    private Request.Builder authorized(HttpUrl url) {
        return new Request.Builder().url(url)
                .header("X-Postmark-Server-Token", serverToken)
                .header("Accept", "application/json");
    }

    /** Builds a {@link PostmarkMailer}. Not thread-safe. */
    public static final class Builder {
        private String name = NAME;
        private String serverToken;
        private String messageStream = DEFAULT_MESSAGE_STREAM;
        private HttpUrl baseUrl = BaseUrl.parse("baseUrl", DEFAULT_BASE_URL);
        private final HttpSettings http = new HttpSettings();

        private Builder() {
        }

        /** The Server API token of the sending server ({@code POSTMARK_API_TEST} for Postmark's test mode). Required. */
        public Builder serverToken(String serverToken) {
            Objects.requireNonNull(serverToken, "serverToken");
            if (serverToken.isBlank() || serverToken.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
                throw new IllegalArgumentException("serverToken: must be non-blank printable ASCII without spaces");
            }
            this.serverToken = serverToken;
            return this;
        }

        /** The message stream, {@value #DEFAULT_MESSAGE_STREAM} by default. */
        public Builder messageStream(String messageStream) {
            Objects.requireNonNull(messageStream, "messageStream");
            if (messageStream.isBlank() || messageStream.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException("messageStream: must be a non-blank stream id such as 'outbound'");
            }
            this.messageStream = messageStream.strip();
            return this;
        }

        /**
         * The API endpoint, {@value #DEFAULT_BASE_URL} by default. Must be https unless the host is
         * loopback (a local test server).
         */
        public Builder baseUrl(String baseUrl) {
            this.baseUrl = BaseUrl.parse("baseUrl", baseUrl);
            return this;
        }

        /**
         * The transport's name in attempts, exceptions, health checks and logs: {@code postmark} by
         * default. Give two Postmark transports distinct names (for example {@code postmark-eu}) to tell them apart.
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
         * @throws IllegalStateException when no server token was given
         */
        public PostmarkMailer build() {
            if (serverToken == null) {
                throw new IllegalStateException("serverToken: a Postmark server token is required");
            }
            return new PostmarkMailer(this);
        }
    }
}
