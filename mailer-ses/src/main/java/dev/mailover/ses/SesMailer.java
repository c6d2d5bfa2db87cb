package dev.mailover.ses;

import dev.mailover.Email;
import dev.mailover.FailureKind;
import dev.mailover.HealthCheck;
import dev.mailover.MailException;
import dev.mailover.Mailer;
import dev.mailover.SendResult;
import dev.mailover.SendingPath;
import dev.mailover.internal.Causes;
import dev.mailover.internal.Loopback;
import dev.mailover.internal.ProviderAnswers;
import dev.mailover.internal.TimeLimit;
import dev.mailover.internal.TransportName;
import dev.mailover.internal.UnreadableAttachmentException;
import dev.mailover.mime.DkimSigner;
import dev.mailover.mime.DkimSigned;
import jakarta.mail.MessagingException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystemException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.SesV2ClientBuilder;
import software.amazon.awssdk.services.sesv2.model.EmailContent;
import software.amazon.awssdk.services.sesv2.model.GetAccountRequest;
import software.amazon.awssdk.services.sesv2.model.GetAccountResponse;
import software.amazon.awssdk.services.sesv2.model.SendEmailResponse;
import software.amazon.awssdk.services.sesv2.model.SendQuota;

/**
 * Sends email through the Amazon SES v2 API ({@code SendEmail}) with the AWS SDK for Java v2.
 *
 * <pre>{@code
 * Mailer ses = SesMailer.builder()
 *     .region("eu-west-1")
 *     .credentials(accessKeyId, secretAccessKey)   // or leave out for the AWS default chain
 *     .configurationSet("default")
 *     .build();
 * // or around a client the application already has:
 * Mailer ses = SesMailer.builder().client(sesV2Client).configurationSet("default").build();
 * }</pre>
 *
 * <p>Every message goes to SES as raw MIME ({@code Content.Raw}), written by mailer-mime's MIME
 * writer exactly as the SMTP transport writes it: custom headers, inline parts,
 * attachments and non-ASCII names travel unchanged, and one rendering path serves every email (SES's
 * "simple" content would cap headers at 15 and need a second renderer). Note that SES replaces the
 * {@code Message-ID} header with one of its own, built from its MessageId, so the email's
 * own id does not reach recipients through SES; {@link SendResult#messageId()} is SES's MessageId.
 * Tags and metadata also become SES message tags (see the README for the character rules).
 *
 * <p>What it guarantees:
 * <ul>
 *   <li>Every failure is a {@link MailException} whose {@link FailureKind} follows SES's answer
 *       (throttling is {@code RATE_LIMITED} with the {@code Retry-After} when SES sends one, an
 *       unverified sender {@code SENDER_REJECTED}, refused credentials {@code AUTHENTICATION_FAILED},
 *       …) or the network failure underneath (refused, timed out, DNS, TLS, reset).</li>
 *   <li>A message over 50 recipients or 40 MB fails before any network call, as
 *       {@code MESSAGE_REJECTED}.</li>
 *   <li>Nothing waits forever: every call ends for its caller shortly after its time limit
 *       ({@link Builder#timeout(Duration)}, capped further by the time limit of
 *       {@link #send(Email, Duration)}), whatever the SDK, its HTTP client or the server does, also with
 *       a client passed to {@link Builder#client(SesV2Client)}: the call runs on a worker thread
 *       ({@code mailover-ses-N-call-M}) and its caller stops waiting at the limit. A client it builds
 *       also has connect and read (socket) timeouts capped by the limit, and breaks the connection of a
 *       server that trickles its answer. It builds its client without SDK retries, because retrying is
 *       the failover layer's job.</li>
 *   <li>Credentials never appear in {@link #toString()}, exception messages or logs.</li>
 * </ul>
 *
 * <p>Thread-safe; share one instance. {@link #close()} releases a client it built itself, never one
 * passed to {@link Builder#client(SesV2Client)}.
 */
public final class SesMailer implements Mailer, SendingPath.Source, DkimSigned {

    /** The transport name in attempts, exceptions and health checks. */
    static final String NAME = "ses";

    private static final Logger LOG = LoggerFactory.getLogger(SesMailer.class);

    /**
     * How long after the time limit a call is cut off: the connections of a client this mailer built
     * time out at the limit itself, which tells a connect timeout (never delivered) from a late answer
     * (maybe delivered); the cut-off, which {@link SesCalls}, {@link SesHttpClient} and the SDK's call
     * timeout enforce at the same instant, is the backstop.
     */
    private static final Duration GRACE = Duration.ofMillis(250);

    private final String name;
    private final SesV2Client client;
    /** The HTTP client of the SES client this mailer built; null for a client passed to the builder. */
    private final SesHttpClient httpClient;
    private final SesCalls calls = new SesCalls();
    private final String region;
    private final String configurationSet;
    private final Duration timeout;
    private final String description;
    private final SesFailureClassifier classifier;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final DkimSigner dkim;

    private SesMailer(Builder b) {
        this.name = b.name;
        this.dkim = b.dkim;
        this.configurationSet = b.configurationSet == null ? "" : b.configurationSet;
        this.timeout = b.timeout;
        List<String> secrets = new ArrayList<>();
        if (b.client != null) {
            this.client = b.client;
            this.httpClient = null;
            this.region = b.client.serviceClientConfiguration().region() == null
                    ? "its region" : b.client.serviceClientConfiguration().region().id();
        } else {
            this.region = b.region;
            this.httpClient = new SesHttpClient(b.connectTimeout, b.readTimeout);
            this.client = buildClient(b, httpClient);
            if (b.secretAccessKey != null) {
                secrets.add(b.secretAccessKey);
                secrets.add(b.accessKeyId);
            }
        }
        this.classifier = new SesFailureClassifier(name, region, configurationSet, secrets);
        this.description = "SesMailer{" + (name.equals(NAME) ? "" : name + " ") + "region=" + region
                + (b.endpoint != null ? " endpoint=" + b.endpoint : "")
                + (configurationSet.isEmpty() ? "" : " configurationSet=" + configurationSet)
                + " credentials=" + (b.client != null ? "client" : b.secretAccessKey != null ? "static(****)"
                        : b.credentialsProvider != null ? "provider" : "default-chain")
                + " timeout=" + timeout.toMillis() + "ms}";
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    private static SesV2Client buildClient(Builder b, SesHttpClient httpClient) {
        SesV2ClientBuilder cb = SesV2Client.builder()
                .region(Region.of(b.region))
                .httpClient(httpClient)
                .overrideConfiguration(o -> o
                        .retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallTimeout(b.timeout.plus(GRACE))
                        .apiCallAttemptTimeout(b.timeout.plus(GRACE)));
        if (b.secretAccessKey != null) {
            cb.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(b.accessKeyId, b.secretAccessKey)));
        } else if (b.credentialsProvider != null) {
            cb.credentialsProvider(b.credentialsProvider);
        }
        if (b.endpoint != null) {
            cb.endpointOverride(b.endpoint);
        }
        return cb.build();
    }

    /**
     * Sends the email through SES and blocks until SES accepted it or the call failed, taking at most
     * the configured {@link Builder#timeout(Duration) timeout}.
     *
     * @return the result, whose {@link SendResult#messageId()} is SES's MessageId
     * @throws MailException classified, with a hint; an answer without a MessageId (or one that is not
     *                       SES's JSON at all, such as a captive portal's page) is a failure, not a delivery
     */
    @Override
    public SendResult send(Email email) {
        return send(email, timeout);
    }

    /**
     * Sends the email, taking at most about {@code timeLimit} (and never more than the configured
     * timeout): the call is cut off shortly after what is left of it, whatever the server does, and a
     * spent limit fails with {@link FailureKind#CONNECTION_TIMEOUT} without calling SES. With the
     * client this mailer builds, the connect and read timeouts of its connections are capped by what
     * is left too, so a connect that would hang fails as a connect timeout (nothing sent) rather than
     * as a cut-off call (maybe delivered).
     *
     * @throws MailException classified, with a hint
     */
    @Override
    public SendResult send(Email email, Duration timeLimit) {
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(timeLimit, "timeLimit");
        if (closed.get()) {
            throw classifier.failure(SesReason.CLOSED, "the mailer is closed", null);
        }
        TimeLimit limit = TimeLimit.of(timeLimit.compareTo(timeout) < 0 ? timeLimit : timeout);
        checkTimeLeft(limit);
        Optional<SesLimits.Violation> overLimit = SesLimits.violation(email, name);
        if (overLimit.isPresent()) {
            throw classifier.failure(overLimit.get().reason(), overLimit.get().detail(), null);
        }
        EmailContent content;
        try {
            content = SesRawMessage.of(email, dkim);
        } catch (SesRawMessage.TooLargeException e) {
            throw classifier.failure(SesReason.TOO_LARGE, e.getMessage(), e);
        } catch (IOException | MessagingException e) {
            SesReason reason = Causes.has(e, UnreadableAttachmentException.class) || Causes.has(e, FileSystemException.class)
                    ? SesReason.ATTACHMENT_UNREADABLE : SesReason.UNWRITABLE;
            throw classifier.failure(reason, "the message could not be written as MIME: " + e.getMessage(), e);
        }
        checkTimeLeft(limit);
        SendEmailResponse response;
        try {
            response = call(limit, cutOff -> client.sendEmail(SesSendEmailRequest.of(email, content, configurationSet,
                    cutOff)));
        } catch (RuntimeException e) {
            MailException failure = classifier.failure(e, email.from().email(), limit.limit());
            LOG.debug("{}: send of {} failed: {}", name, email.messageId(), failure.getMessage());
            throw failure;
        }
        String messageId = ProviderAnswers.validId(response.messageId()).orElseThrow(() -> classifier.withoutMessageId(response));
        String detail = classifier.mask("accepted, MessageId " + messageId);
        LOG.debug("{}: {} {} in {} ms", name, email.messageId(), detail, limit.elapsed().toMillis());
        return SendResult.delivered(messageId, name, detail, limit.elapsed());
    }

    /** Amazon SES: SPF {@code include:amazonses.com} (for a custom MAIL FROM domain), Easy DKIM's own selectors. */
    @Override
    public SendingPath sendingPath() {
        return SendingPath.api("Amazon SES", "amazonses.com", List.of(),
                "the three Easy DKIM CNAME records that the SES console shows under Verified identities, DKIM");
    }

    /** The DKIM signer of {@link Builder#dkim(DkimSigner)}, if any. */
    @Override
    public Optional<DkimSigner> dkim() {
        return Optional.ofNullable(dkim);
    }

    /**
     * Calls {@code GetAccount}, which sends nothing, and reports whether the account can send: the
     * detail names the region, whether sending is enabled, whether the account is still in the
     * sandbox, the enforcement status and the 24-hour quota. Sending disabled or an account shut down
     * is unhealthy. Takes at most about the configured timeout. Never throws.
     */
    @Override
    public HealthCheck check() {
        TimeLimit limit = TimeLimit.of(timeout);
        if (closed.get()) {
            return HealthCheck.unhealthy(classifier.failure(SesReason.CLOSED, "the mailer is closed", null), limit.elapsed());
        }
        try {
            GetAccountResponse account = call(limit, cutOff -> client.getAccount(GetAccountRequest.builder()
                    .overrideConfiguration(o -> o.apiCallTimeout(cutOff).apiCallAttemptTimeout(cutOff))
                    .build()));
            if (account.sendingEnabled() == null) { // SES always says; an answer without it came from elsewhere
                return HealthCheck.unhealthy(classifier.failure(SesReason.NOT_THE_API,
                        "GetAccount answered without SendingEnabled, not Amazon SES's answer", null), limit.elapsed());
            }
            String detail = describe(account);
            if (!Boolean.TRUE.equals(account.sendingEnabled())
                    || "SHUTDOWN".equalsIgnoreCase(String.valueOf(account.enforcementStatus()))) {
                return HealthCheck.unhealthy(classifier.failure(SesReason.SENDING_DISABLED, detail, null), limit.elapsed());
            }
            return HealthCheck.healthy(name, detail, limit.elapsed());
        } catch (RuntimeException e) {
            return HealthCheck.unhealthy(classifier.failure(e, "", limit.limit()), limit.elapsed());
        }
    }

    private void checkTimeLeft(TimeLimit limit) {
        if (limit.expired()) {
            throw classifier.failure(SesReason.TIME_LIMIT_SPENT, "the time limit was spent before Amazon SES was called",
                    limit.limit(), -1, null);
        }
    }

    /**
     * Runs an SDK call within {@code limit} on a worker ({@link SesCalls}), cut off {@link #GRACE}
     * after what is left of it. The call is given its cut-off, for the SDK's own call timeout; with
     * the client this mailer built, its connections time out at the limit itself.
     *
     * @throws RuntimeException what the SDK threw, an {@code ApiCallTimeoutException} at the cut-off, or
     *                          a {@code RejectedExecutionException} when the mailer was closed meanwhile
     */
    private <T> T call(TimeLimit limit, Function<Duration, T> call) {
        TimeLimit cutOff = TimeLimit.of(limit.remaining().plus(GRACE));
        Supplier<T> sdkCall = () -> call.apply(cutOff.remaining());
        return calls.call(cutOff, httpClient == null ? sdkCall : () -> httpClient.call(limit, cutOff, sdkCall));
    }

    private String describe(GetAccountResponse account) {
        StringBuilder d = new StringBuilder("region ").append(region).append(": sending ")
                .append(Boolean.TRUE.equals(account.sendingEnabled()) ? "enabled" : "disabled")
                .append(Boolean.TRUE.equals(account.productionAccessEnabled())
                        ? ", production access" : ", sandbox (sends only to verified addresses)");
        if (account.enforcementStatus() != null) {
            d.append(", enforcement ").append(account.enforcementStatus());
        }
        SendQuota quota = account.sendQuota();
        if (quota != null) {
            d.append(", sent ").append(number(quota.sentLast24Hours())).append(" of ")
                    .append(number(quota.max24HourSend())).append(" in the last 24 h, max ")
                    .append(number(quota.maxSendRate())).append("/s");
        }
        return d.toString();
    }

    private static String number(Double value) {
        if (value == null) {
            return "?";
        }
        if (value == Math.rint(value) && !Double.isInfinite(value)) {
            return Long.toString(value.longValue());
        }
        return String.format(Locale.ROOT, "%.1f", value);
    }

    /** {@code ses}, or the name given to {@link Builder#name(String)}. */
    @Override
    public String name() {
        return name;
    }

    /**
     * Stops the call workers, and closes the SES client, its HTTP client and its watchdog thread if
     * this mailer built them. Idempotent. Afterwards {@code send} fails with INVALID_CONFIGURATION
     * saying the mailer is closed, {@code sendAsync} completes exceptionally with the same, and
     * {@code check()} reports it.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        calls.close();
        if (httpClient != null) {
            try {
                client.close();
            } catch (RuntimeException e) {
                LOG.debug("Closing the SES client failed", e);
            }
            try {
                httpClient.close();
            } catch (RuntimeException e) {
                LOG.debug("Closing the SES HTTP client failed", e);
            }
        }
    }

    /** For example {@code SesMailer{region=eu-west-1 configurationSet=default credentials=static(****) timeout=60000ms}}. */
    @Override
    public String toString() {
        return description;
    }

    /**
     * Builds a {@link SesMailer}. Either give a ready {@link #client(SesV2Client)}, or let it build
     * one from {@link #region(String)}, {@link #credentials(String, String)} (or the AWS default
     * credential chain), an optional {@link #endpoint(URI)} and the timeouts. Not thread-safe.
     */
    public static final class Builder {
        private String name = NAME;
        private SesV2Client client;
        private String region;
        private String accessKeyId;
        private String secretAccessKey;
        private AwsCredentialsProvider credentialsProvider;
        private URI endpoint;
        private String configurationSet;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration readTimeout = Duration.ofSeconds(30);
        private Duration timeout = Duration.ofSeconds(60);
        private boolean clientSettings;
        private DkimSigner dkim;

        private Builder() {
        }

        /**
         * The transport's name in attempts, exceptions, health checks and logs: {@code ses} by
         * default. Give two SES transports distinct names (for example {@code ses-eu}) to tell them apart.
         *
         * @throws IllegalArgumentException unless it is 1 to 64 ASCII letters, digits, '.', '_' or '-'
         */
        public Builder name(String name) {
            this.name = TransportName.check(name);
            return this;
        }

        /**
         * Uses this client instead of building one. The mailer never closes it, and the client's own
         * timeouts and retry settings apply (set its retries low: failover retries). Cannot be
         * combined with region, credentials, endpoint, connect or read timeout.
         */
        public Builder client(SesV2Client client) {
            this.client = Objects.requireNonNull(client, "client");
            return this;
        }

        /** The AWS region, for example {@code eu-west-1}. Required unless a client is given. */
        public Builder region(String region) {
            Objects.requireNonNull(region, "region");
            String r = region.strip().toLowerCase(Locale.ROOT);
            if (r.isEmpty() || !r.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                throw new IllegalArgumentException("region: '" + region + "' is not an AWS region name such as eu-west-1");
            }
            this.region = r;
            clientSettings = true;
            return this;
        }

        /**
         * Static credentials: an IAM access key id and its secret access key. Without them (and
         * without {@link #credentialsProvider}), the AWS default chain is used: environment, system
         * properties, profile, container or instance role.
         */
        public Builder credentials(String accessKeyId, String secretAccessKey) {
            Objects.requireNonNull(accessKeyId, "accessKeyId");
            Objects.requireNonNull(secretAccessKey, "secretAccessKey");
            if (accessKeyId.isBlank()) {
                throw new IllegalArgumentException("accessKeyId: must not be blank");
            }
            if (secretAccessKey.isBlank()) {
                throw new IllegalArgumentException("secretAccessKey: must not be blank");
            }
            this.accessKeyId = accessKeyId.strip();
            this.secretAccessKey = secretAccessKey.strip();
            this.credentialsProvider = null;
            clientSettings = true;
            return this;
        }

        /** Where credentials come from, for example a role or a rotating source. */
        public Builder credentialsProvider(AwsCredentialsProvider provider) {
            this.credentialsProvider = Objects.requireNonNull(provider, "credentialsProvider");
            this.accessKeyId = null;
            this.secretAccessKey = null;
            clientSettings = true;
            return this;
        }

        /**
         * Replaces the regional endpoint, for example a VPC endpoint or a local stub. It must be
         * {@code https}; plain {@code http} is allowed only for a loopback host.
         */
        public Builder endpoint(URI endpoint) {
            Objects.requireNonNull(endpoint, "endpoint");
            String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
            if (endpoint.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
                throw new IllegalArgumentException("endpoint: '" + endpoint + "' is not an absolute https URL");
            }
            if (scheme.equals("http") && !Loopback.isLoopback(endpoint.getHost())) {
                throw new IllegalArgumentException("endpoint: '" + endpoint
                        + "' uses plain http, which is allowed only for a loopback host; use https");
            }
            if (endpoint.getRawUserInfo() != null || endpoint.getRawQuery() != null || endpoint.getRawFragment() != null) {
                throw new IllegalArgumentException("endpoint: '" + endpoint + "' must not have user info, a query or a fragment");
            }
            this.endpoint = endpoint;
            clientSettings = true;
            return this;
        }

        /** The SES configuration set for event publishing and IP pools; none by default. */
        public Builder configurationSet(String configurationSet) {
            Objects.requireNonNull(configurationSet, "configurationSet");
            String c = configurationSet.strip();
            if (c.isEmpty() || c.length() > 64 || !c.chars().allMatch(ch -> (ch >= 'a' && ch <= 'z')
                    || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '-')) {
                throw new IllegalArgumentException("configurationSet: '" + configurationSet
                        + "' must be 1 to 64 ASCII letters, digits, '_' or '-'");
            }
            this.configurationSet = c;
            return this;
        }

        /** How long to wait for a TCP (and TLS) connection to SES. Default 10 seconds. */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = positive("connectTimeout", connectTimeout);
            clientSettings = true;
            return this;
        }

        /** How long to wait for data on the socket. Default 30 seconds. */
        public Builder readTimeout(Duration readTimeout) {
            this.readTimeout = positive("readTimeout", readTimeout);
            clientSettings = true;
            return this;
        }

        /**
         * Signs every raw message with DKIM before it is handed to SES; see {@link DkimSigner}. Off by
         * default (SES's Easy DKIM signs with Amazon's keys on its own; this signs with yours).
         */
        public Builder dkim(DkimSigner dkim) {
            this.dkim = Objects.requireNonNull(dkim, "dkim");
            return this;
        }

        /** The most one call to SES may take, end to end. Default 60 seconds. */
        public Builder timeout(Duration timeout) {
            this.timeout = positive("timeout", timeout);
            return this;
        }

        /**
         * Creates the mailer.
         *
         * @throws IllegalArgumentException naming the setting that is missing or conflicting
         */
        public SesMailer build() {
            if (client != null && clientSettings) {
                throw new IllegalArgumentException("client: a ready SesV2Client cannot be combined with region, credentials,"
                        + " endpoint, connectTimeout or readTimeout; configure those on the client");
            }
            if (client == null && region == null) {
                throw new IllegalArgumentException("region: required, for example region(\"eu-west-1\")");
            }
            return new SesMailer(this);
        }

        private static Duration positive(String field, Duration d) {
            Objects.requireNonNull(d, field);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(field + ": must be positive, was " + d);
            }
            return d;
        }
    }
}
