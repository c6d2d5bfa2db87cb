package dev.mailover.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mailover.Email;
import dev.mailover.FailureKind;
import java.util.ArrayList;
import java.util.List;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * Sends email through Resend's API ({@code POST /emails}, {@code Authorization: Bearer re_…}).
 *
 * <pre>{@code
 * Mailer resend = ResendMailer.builder().apiKey(System.getenv("RESEND_API_KEY")).build();
 * }</pre>
 *
 * <p>Every {@link Email} field is mapped: from, to, cc, bcc and reply-to with names, subject, text
 * and HTML, attachments and inline parts ({@code content_id}, so {@code cid:} links work), custom
 * headers and the Email's Message-ID in {@code headers}, tags and metadata as Resend's
 * {@code tags [{name, value}]} (a tag as {@code {name: TAG, value: "true"}}; characters Resend does
 * not allow in them become {@code _}). The Email's Message-ID is also the request's
 * {@code Idempotency-Key}, so Resend sends an email once within 24 hours however often a failover or
 * outbox retries it after a lost answer. Resend's limits (40 MB, 50 To recipients) are checked before
 * any network call.
 *
 * <p>A send counts as accepted only with Resend's documented answer, {@code 200 {"id": …}}: any other
 * 2xx (a captive portal's sign-in page, an empty 200) is a {@link FailureKind#SERVICE_UNAVAILABLE}
 * failure, possibly delivered only when the answer is still Resend's JSON. An invalid key is
 * {@link FailureKind#AUTHENTICATION_FAILED} (Resend has documented it as 403 {@code invalid_api_key}
 * and as 401 {@code validation_error}), an unverified domain {@link FailureKind#SENDER_REJECTED}, a
 * used-up daily or monthly quota and a 429 {@link FailureKind#RATE_LIMITED} with {@code retry-after}
 * as the retry-after. {@link #check()} calls {@code GET /domains}, which sends nothing: healthy when
 * the key is accepted and a domain is verified (a sending-only key cannot list domains, which is
 * reported as healthy but unverified). The key never appears in {@link #toString()}, exception
 * messages or logs. Thread-safe; share one instance and {@link #close()} it when done.
 */
public final class ResendMailer extends HttpMailer {

    /** The public endpoint. */
    public static final String DEFAULT_BASE_URL = "https://api.resend.com";
    /** The longest idempotency key Resend accepts. */
    private static final int MAX_IDEMPOTENCY_KEY = 256;

    private ResendMailer(Builder b) {
        super(b, ResendApi.API, b.baseUrlOr(DEFAULT_BASE_URL), b.apiKey, "emails");
    }

    /** Starts a builder; a Resend API key is required. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    RequestBody body(Email email) {
        return ResendRequestBody.of(email);
    }

    /** The send, with the Email's Message-ID as its idempotency key when it fits Resend's. */
    @Override
    Request.Builder sendRequest(Email email) {
        Request.Builder request = super.sendRequest(email);
        String id = email.messageId();
        if (id.length() <= MAX_IDEMPOTENCY_KEY && id.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            request.header("Idempotency-Key", id);
        }
        return request;
    }

    /**
     * {@code GET /domains}: the key is accepted and at least one domain is verified. A key with
     * sending access only is refused there as {@code restricted_api_key}, which proves the key but
     * not the domains.
     */
    @Override
    String checkCredentials() {
        ApiResponse response = call(request(url("domains")).get().build());
        if (response.statusBetween(400, 499) && "restricted_api_key".equals(response.text("name"))) {
            return "the API key is accepted (it may only send, so the account's domains are not verified)";
        }
        List<String> verified = new ArrayList<>();
        for (JsonNode domain : expect(response, r -> r.json().path("data").isArray()).json().path("data")) {
            if ("verified".equals(domain.path("status").asText())) {
                verified.add(domain.path("name").asText());
            }
        }
        if (verified.isEmpty()) {
            throw failure(HttpReason.SENDER_NOT_VERIFIED, "the API key is accepted but no domain of the account is verified");
        }
        return "API key accepted; verified domains: " + String.join(", ", verified);
    }

    /** Builds a {@link ResendMailer}. Not thread-safe. */
    public static final class Builder extends HttpMailerBuilder<Builder> {
        private String apiKey;

        private Builder() {
            super("resend");
        }

        /** The API key ({@code re_…}), with sending access at least. Required. */
        public Builder apiKey(String apiKey) {
            this.apiKey = credential("apiKey", apiKey);
            return this;
        }

        /**
         * Creates the mailer; the endpoint is {@value ResendMailer#DEFAULT_BASE_URL} unless
         * {@link #baseUrl(String)} names another.
         *
         * @throws IllegalStateException when no API key was given
         */
        @Override
        public ResendMailer build() {
            required(apiKey, "apiKey: a Resend API key is required");
            return new ResendMailer(this);
        }
    }
}
