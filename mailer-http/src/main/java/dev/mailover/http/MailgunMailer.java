package dev.mailover.http;

import dev.mailover.Email;
import dev.mailover.FailureKind;
import dev.mailover.internal.Secrets;
import java.util.Objects;
import java.util.Optional;
import okhttp3.Credentials;
import okhttp3.FormBody;
import okhttp3.Headers;
import okhttp3.RequestBody;

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
 * failure, possibly delivered only when the answer is still Mailgun's JSON. A used-up sending limit
 * (420, or a 4xx saying "limit exceeded") is {@link FailureKind#RATE_LIMITED}, its "try again after"
 * date the retry-after.
 *
 * <p>A domain belongs to one region, and the other region answers 401: choose {@link Region#EU} for
 * domains created in the EU. The API key never appears in {@link #toString()}, exception messages or
 * logs. Thread-safe; share one instance and {@link #close()} it when done.
 */
public final class MailgunMailer extends HttpMailer {

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

    private final String domain;
    private final boolean testMode;

    private MailgunMailer(Builder b) {
        super(b, MailgunApi.API, b.baseUrlOr(b.region.baseUrl()), b.apiKey, "v3", b.domain, "messages");
        this.domain = b.domain;
        this.testMode = b.testMode;
    }

    /** Starts a builder; an API key and a domain are required. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    void authorize(Headers.Builder headers) {
        headers.set("Authorization", Credentials.basic("api", key));
    }

    @Override
    Optional<Refusal> refusal(Email email) {
        return MailgunForm.refusal(email, testMode);
    }

    @Override
    RequestBody body(Email email) {
        return MailgunForm.of(email, testMode);
    }

    @Override
    String acceptedDetail(ApiResponse response, String id) {
        return "HTTP " + response.status() + (testMode ? " (test mode)" : "") + " " + response.text("message") + " id " + id;
    }

    /**
     * {@code GET /v4/domains/{domain}}: healthy when the domain is active. A domain sending key may
     * not read domains and gets 401 there; the key is then tried with an empty message form, which
     * Mailgun refuses as invalid (400) for a good key and as unauthorized (401) for a bad one, so
     * nothing is ever sent.
     */
    @Override
    String checkCredentials() {
        ApiResponse domainInfo = call(request(url("v4", "domains", domain)).get().build());
        if (domainInfo.statusIs(401)) {
            return checkSendingKey();
        }
        String state = expect(domainInfo, r -> r.json().has("domain")).json().path("domain").path("state").asText("unknown");
        if (!state.equals("active")) {
            throw failure(HttpReason.SENDER_NOT_VERIFIED, "domain " + domain + " is " + state);
        }
        return "domain " + domain + " is active at " + baseUrl.host();
    }

    private String checkSendingKey() {
        ApiResponse empty = call(request(sendUrl()).post(new OneShotBody(new FormBody.Builder().build())).build());
        if (empty.statusIs(400) && empty.json().isObject()) {
            return "the key may send for " + domain + " (a domain sending key: it cannot read the domain's state, so that"
                    + " is not verified)";
        }
        expect(empty, r -> r.json().isObject());
        return "the key is accepted for " + domain;
    }

    @Override
    String settings() {
        return domain + " key=" + Secrets.MASK + (testMode ? " testmode" : "");
    }

    /** Builds a {@link MailgunMailer}. Not thread-safe. */
    public static final class Builder extends HttpMailerBuilder<Builder> {
        private String apiKey;
        private String domain;
        private Region region = Region.US;
        private boolean testMode;

        private Builder() {
            super("mailgun");
        }

        /** The private API key or a domain sending key. Required. */
        public Builder apiKey(String apiKey) {
            this.apiKey = credential("apiKey", apiKey);
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

        /** Test mode ({@code o:testmode=yes}): Mailgun accepts the message but does not deliver it. Off by default. */
        public Builder testMode(boolean testMode) {
            this.testMode = testMode;
            return this;
        }

        /**
         * Creates the mailer.
         *
         * @throws IllegalStateException when the API key or the domain is missing
         */
        @Override
        public MailgunMailer build() {
            required(apiKey, "apiKey: a Mailgun API key is required");
            required(domain, "domain: the Mailgun sending domain is required");
            return new MailgunMailer(this);
        }
    }
}
