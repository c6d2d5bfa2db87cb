package dev.mailover.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mailover.Email;
import dev.mailover.FailureKind;
import java.util.Optional;
import okhttp3.Headers;
import okhttp3.RequestBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends email through Brevo's transactional email API ({@code POST /v3/smtp/email},
 * {@code api-key: xkeysib-…}).
 *
 * <pre>{@code
 * Mailer brevo = BrevoMailer.builder().apiKey(System.getenv("BREVO_API_KEY")).build();
 * }</pre>
 *
 * <p>The {@link Email} is mapped: sender, to, cc and bcc with names, the first reply-to (Brevo takes
 * one), subject, text and HTML, attachments (an inline part travels as an ordinary attachment: Brevo's
 * API has no Content-ID), custom headers and the Email's Message-ID in {@code headers}, metadata as
 * JSON in the {@code X-Mailin-custom} header that Brevo's webhooks hand back, and tags. Brevo's
 * limits (20 MB, its list of attachment types) are checked before any network call.
 *
 * <p>A send counts as accepted only with Brevo's documented answer, {@code 201 {"messageId": "<…>"}}:
 * any other 2xx (a captive portal's sign-in page, an empty 200) is a
 * {@link FailureKind#SERVICE_UNAVAILABLE} failure, possibly delivered only when the answer is still
 * Brevo's JSON. A wrong key is {@link FailureKind#AUTHENTICATION_FAILED}, and so is a host outside the
 * account's authorised IPs (with a hint that says so); used-up credits (402) are
 * {@link FailureKind#RATE_LIMITED}, so failover moves on; an account Brevo has not activated yet is
 * {@link FailureKind#SENDER_REJECTED}; a 429 carries {@code x-sib-ratelimit-reset} as the
 * retry-after. {@link #check()} calls {@code GET /v3/account}, which sends nothing: healthy when the
 * key is accepted and the plan has email credits left. The key never appears in {@link #toString()},
 * exception messages or logs. Thread-safe; share one instance and {@link #close()} it when done.
 */
public final class BrevoMailer extends HttpMailer {

    /** The public endpoint. */
    public static final String DEFAULT_BASE_URL = "https://api.brevo.com";

    private static final Logger LOG = LoggerFactory.getLogger(BrevoMailer.class);

    private BrevoMailer(Builder b) {
        super(b, BrevoApi.API, b.baseUrlOr(DEFAULT_BASE_URL), b.apiKey, "v3", "smtp", "email");
    }

    /** Starts a builder; a Brevo API key is required. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    void authorize(Headers.Builder headers) {
        headers.set("api-key", key);
    }

    @Override
    Optional<Refusal> refusal(Email email) {
        return BrevoRequestBody.refusal(email);
    }

    @Override
    RequestBody body(Email email) {
        if (email.replyTo().size() > 1) {
            LOG.debug("{}: Brevo takes one reply-to address; sending {} and leaving out {} more", name(),
                    email.replyTo().get(0), email.replyTo().size() - 1);
        }
        return BrevoRequestBody.of(email);
    }

    /**
     * {@code GET /v3/account}: the key is accepted, and the plan has email credits left (Brevo lists
     * its plans with {@code creditsType "sendLimit"} and the credits left).
     */
    @Override
    String checkCredentials() {
        JsonNode account = expect(request(url("v3", "account")).get().build(), r -> r.jsonHas("email", "plan")).json();
        boolean limited = false;
        long credits = 0;
        for (JsonNode plan : account.path("plan")) {
            if ("sendLimit".equals(plan.path("creditsType").asText())) {
                limited = true;
                credits += Math.max(0, plan.path("credits").asLong());
            }
        }
        if (limited && credits == 0) {
            throw failure(HttpReason.QUOTA_USED_UP, "the API key is accepted but the account has no email credits left");
        }
        String company = account.path("companyName").asText("");
        return "API key accepted" + (company.isEmpty() ? "" : " for " + company) + (limited ? ", " + credits
                + " email credits left" : "");
    }

    /** Builds a {@link BrevoMailer}. Not thread-safe. */
    public static final class Builder extends HttpMailerBuilder<Builder> {
        private String apiKey;

        private Builder() {
            super("brevo");
        }

        /** The API key ({@code xkeysib-…}; not the SMTP key). Required. */
        public Builder apiKey(String apiKey) {
            this.apiKey = credential("apiKey", apiKey);
            return this;
        }

        /**
         * Creates the mailer; the endpoint is {@value BrevoMailer#DEFAULT_BASE_URL} unless
         * {@link #baseUrl(String)} names another.
         *
         * @throws IllegalStateException when no API key was given
         */
        @Override
        public BrevoMailer build() {
            required(apiKey, "apiKey: a Brevo API key is required");
            return new BrevoMailer(this);
        }
    }
}
