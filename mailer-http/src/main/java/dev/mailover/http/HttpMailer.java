package dev.mailover.http;

import dev.mailover.Email;
import dev.mailover.FailureKind;
import dev.mailover.HealthCheck;
import dev.mailover.MailException;
import dev.mailover.Mailer;
import dev.mailover.SendResult;
import dev.mailover.SendingPath;
import dev.mailover.internal.Classification;
import dev.mailover.internal.Secrets;
import dev.mailover.internal.TimeLimit;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one skeleton of the HTTP providers. A send is: closed? → limits and what the provider's request
 * format cannot carry, before any call → the request (URL, credentials, streamed body) → the call,
 * bounded by the time limit → a refusal classified by the provider's rules and the common meaning of
 * statuses → the success shape, whose id is the result's message id. {@link #check()} calls the
 * provider's credential endpoint the same way. A provider supplies its knowledge ({@link HttpApi}),
 * its credentials, its send URL and body, and what its credential endpoint confirms; nothing else.
 */
abstract class HttpMailer implements Mailer, SendingPath.Source {

    private static final Logger LOG = LoggerFactory.getLogger(HttpMailer.class);

    private final String name;
    private final boolean named;
    final HttpUrl baseUrl;
    final HttpApi api;
    /** The key or token, for {@link #authorize(Headers.Builder)}; never shown. */
    final String key;
    private final HttpUrl sendUrl;
    private final HttpClassifier classifier;
    private final ApiClient calls;
    /** Accept and the credentials, the same on every request: built once, on the first request. */
    private volatile Headers headers;

    /**
     * @param api      what the provider documents about its answers
     * @param baseUrl  the endpoint, the provider's public one unless the builder named another
     * @param key      the key or token
     * @param sendPath the send's path segments after the base URL's path
     */
    HttpMailer(HttpMailerBuilder<?> builder, HttpApi api, HttpUrl baseUrl, String key, String... sendPath) {
        this.name = builder.name;
        this.named = !builder.name.equals(builder.defaultName);
        this.baseUrl = baseUrl;
        this.api = api;
        this.key = key;
        this.sendUrl = BaseUrl.resolve(baseUrl, sendPath);
        this.classifier = new HttpClassifier(name, api, Clock.systemUTC());
        this.calls = new ApiClient(name, builder.http.resolve(), key, classifier);
    }

    // What a provider supplies

    /**
     * Adds the provider's credentials to the headers every request carries: {@code Authorization: Bearer KEY}
     * unless the provider says otherwise. Called once per mailer.
     */
    void authorize(Headers.Builder headers) {
        headers.set("Authorization", "Bearer " + key);
    }

    /** The send's body for the email, streamed and one-shot. */
    abstract RequestBody body(Email email);

    /**
     * Checks the credentials with the provider's endpoint for it, sending nothing.
     *
     * @return what was confirmed, for the health check's detail
     * @throws MailException what is wrong, classified
     */
    abstract String checkCredentials();

    /** The settings {@link #toString()} shows after the base URL, with the key as {@code ****}. */
    String settings() {
        return "key=" + Secrets.MASK;
    }

    /** Why the provider's request format cannot carry this email, beyond the limits; empty when it can. */
    Optional<Refusal> refusal(Email email) {
        return Optional.empty();
    }

    /** The send's request for the email: the send URL with the credentials and the body. */
    Request.Builder sendRequest(Email email) {
        return request(sendUrl).post(body(email));
    }

    /** What the provider said when it accepted the message, for the result's detail. */
    String acceptedDetail(ApiResponse response, String id) {
        return "HTTP " + response.status() + " id " + id;
    }

    /** The id of an answer without the success shape that still counts as accepted (none but SendGrid's sandbox). */
    Optional<String> acceptedWithoutId(ApiResponse response) {
        return Optional.empty();
    }

    // The skeleton

    /**
     * Sends the email within the configured call timeout.
     *
     * @return the result with the provider's own id as the message id, never the Email's Message-ID
     * @throws MailException classified, with a hint; never containing the key. A 2xx without the
     *                       provider's documented success shape is a failure, not a delivery
     */
    @Override
    public final SendResult send(Email email) {
        return send(email, calls.callTimeout());
    }

    /**
     * Sends the email, with the HTTP call timeout capped by {@code timeLimit}.
     *
     * @throws MailException classified, with a hint; {@link FailureKind#CONNECTION_TIMEOUT} when the
     *                       time limit is spent; {@link FailureKind#MESSAGE_REJECTED} before any call
     *                       when the email is over the provider's limits; INVALID_CONFIGURATION when
     *                       the mailer is closed
     * @throws NullPointerException naming {@code timeLimit} when it is null
     */
    @Override
    public final SendResult send(Email email, Duration timeLimit) {
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(timeLimit, "timeLimit");
        calls.checkOpen();
        TimeLimit limit = TimeLimit.of(timeLimit);
        Optional<Refusal> refused = api.limits().refusal(email, api.provider(), name).or(() -> refusal(email));
        if (refused.isPresent()) {
            throw calls.fail(classifier.refusal(refused.get()));
        }
        int maxTags = api.limits().maxTags();
        if (maxTags > 0 && email.tags().size() > maxTags) {
            LOG.debug("{}: {} takes {} tags; leaving out {} more", name, api.provider(), maxTags, email.tags().size() - maxTags);
        }
        ApiResponse response = calls.execute(sendRequest(email).build(), limit);
        if (api.refused(response)) {
            throw refusedBy(response);
        }
        String id = api.success().idOf(response).or(() -> acceptedWithoutId(response))
                .orElseThrow(() -> calls.fail(classifier.notAccepted(response)));
        return calls.accepted(email, id, acceptedDetail(response, id), limit.elapsed());
    }

    /**
     * Checks reachability and the credentials with the provider's credential endpoint, which sends
     * nothing. Never throws: every failure is an unhealthy result, classified as a send's would be.
     */
    @Override
    public final HealthCheck check() {
        long start = System.nanoTime();
        try {
            String confirmed = checkCredentials();
            return HealthCheck.healthy(name, calls.mask(confirmed), elapsed(start));
        } catch (MailException e) {
            return HealthCheck.unhealthy(e, elapsed(start));
        } catch (RuntimeException e) {
            return HealthCheck.unhealthy(calls.fail(OkHttpFailures.toException(e, name)), elapsed(start));
        }
    }

    /**
     * How this provider's mail leaves, for the sender-domain checks of mailer-doctor: the SPF
     * {@code include:} and the DKIM selectors the provider documents.
     */
    @Override
    public final SendingPath sendingPath() {
        return api.sendingPath();
    }

    /** The provider's name ({@code sendgrid}, …), or the name given to the builder's {@code name(..)}. */
    @Override
    public final String name() {
        return name;
    }

    /**
     * Releases the HTTP client when this mailer created it; a shared client is left to its owner.
     * Idempotent. Afterwards {@code send} fails with INVALID_CONFIGURATION saying the mailer is closed,
     * {@code sendAsync} completes exceptionally with the same, and {@code check()} reports it.
     */
    @Override
    public final void close() {
        calls.close();
    }

    /** For example {@code SendGridMailer{https://api.sendgrid.com key=****}}; never a key or token. */
    @Override
    public final String toString() {
        return getClass().getSimpleName() + "{" + (named ? name + " " : "") + baseUrl + " " + settings() + "}";
    }

    // For the providers' requests and credential checks

    /** Where a send goes. */
    final HttpUrl sendUrl() {
        return sendUrl;
    }

    /** The URL with these path segments after the base URL's path. */
    final HttpUrl url(String... segments) {
        return BaseUrl.resolve(baseUrl, segments);
    }

    /** A request to {@code url} with the provider's credentials, asking for JSON. */
    final Request.Builder request(HttpUrl url) {
        Headers h = headers;
        if (h == null) { // a race builds equal headers twice, harmlessly
            Headers.Builder b = new Headers.Builder().set("Accept", "application/json");
            authorize(b);
            h = b.build();
            headers = h;
        }
        return new Request.Builder().url(url).headers(h);
    }

    /** The answer to a check's request, whatever its status. */
    final ApiResponse call(Request request) {
        return calls.execute(request, TimeLimit.none());
    }

    /**
     * The answer to a check's request when the provider accepted it and it looks like {@code answer}.
     *
     * @throws MailException the refusal, classified; or that the answer is not the provider's
     */
    final ApiResponse expect(Request request, Predicate<ApiResponse> answer) {
        return expect(call(request), answer);
    }

    /**
     * The answer to a check when the provider accepted it and it looks like {@code answer}.
     *
     * @throws MailException the refusal, classified; or that the answer is not the provider's
     */
    final ApiResponse expect(ApiResponse response, Predicate<ApiResponse> answer) {
        if (api.refused(response)) {
            throw refusedBy(response);
        }
        if (!answer.test(response)) {
            throw calls.fail(classifier.notTheApi(response));
        }
        return response;
    }

    /** The failure for a refusing answer, classified once. */
    final MailException refusedBy(ApiResponse response) {
        Classification failure = classifier.classify(response);
        MailException.Builder b = failure.toException(name);
        if (failure.kind() == FailureKind.RECIPIENT_REJECTED) {
            b.rejectedRecipients(api.rejectedRecipients(response));
        }
        return calls.fail(b);
    }

    /** A failure for this reason found by a check, with its hint. */
    final MailException failure(HttpReason reason, String detail) {
        return calls.fail(classifier.of(reason, calls.mask(detail)));
    }

    private static Duration elapsed(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
