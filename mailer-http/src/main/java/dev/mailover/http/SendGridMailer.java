package dev.mailover.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mailover.Email;
import dev.mailover.FailureKind;
import dev.mailover.internal.Secrets;
import java.util.Optional;
import okhttp3.Request;
import okhttp3.RequestBody;

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
 * {@link FailureKind#SENDER_REJECTED}, used-up credits are {@link FailureKind#RATE_LIMITED} whatever
 * the status, 429 is {@link FailureKind#RATE_LIMITED} with {@code X-RateLimit-Reset} as the
 * retry-after, 5xx is {@link FailureKind#SERVICE_UNAVAILABLE}. A send counts as accepted only with
 * SendGrid's documented answer, 202 with an {@code X-Message-Id} header: any other 2xx (a captive
 * portal's sign-in page, a proxy's empty 200) is a {@link FailureKind#SERVICE_UNAVAILABLE} failure,
 * possibly delivered only when the answer still looks like SendGrid's (a 202 that lost its header on
 * the way). {@link #check()} calls {@code GET /v3/scopes}: healthy when the key has {@code mail.send}.
 * The API key never appears in {@link #toString()}, exception messages or logs.
 *
 * <p>Thread-safe; share one instance and {@link #close()} it when done.
 */
public final class SendGridMailer extends HttpMailer {

    /** The global endpoint. */
    public static final String DEFAULT_BASE_URL = "https://api.sendgrid.com";
    /** The endpoint for EU-pinned subusers. */
    public static final String EU_BASE_URL = "https://api.eu.sendgrid.com";

    private final boolean sandbox;

    private SendGridMailer(Builder b) {
        super(b, SendGridApi.API, b.baseUrlOr(DEFAULT_BASE_URL), b.apiKey, "v3", "mail", "send");
        this.sandbox = b.sandbox;
    }

    /** Starts a builder; a SendGrid API key is required. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    Optional<Refusal> refusal(Email email) {
        return SendGridRequestBody.refusal(email);
    }

    @Override
    RequestBody body(Email email) {
        return SendGridRequestBody.of(email, sandbox);
    }

    /** SendGrid's documented sandbox answer: 200 with an empty body (whether an X-Message-Id comes too is unconfirmed). */
    @Override
    Optional<String> acceptedWithoutId(ApiResponse response) {
        return sandbox && response.statusIs(200) && response.body().isBlank() ? Optional.of("") : Optional.empty();
    }

    @Override
    String acceptedDetail(ApiResponse response, String id) {
        return "HTTP " + response.status() + (sandbox ? " (sandbox)" : "")
                + (id.isEmpty() ? " without an X-Message-Id" : " X-Message-Id " + id);
    }

    /** {@code GET /v3/scopes}: the key is accepted and has the {@code mail.send} scope. */
    @Override
    String checkCredentials() {
        ApiResponse scopes = expect(request(url("v3", "scopes")).get().build(),
                r -> r.json().has("scopes"));
        for (JsonNode scope : scopes.json().path("scopes")) {
            if ("mail.send".equals(scope.asText())) {
                return "API key accepted with the mail.send scope at " + baseUrl.host();
            }
        }
        throw failure(HttpReason.KEY_CANNOT_SEND, "the API key is valid but lacks the mail.send scope");
    }

    @Override
    String settings() {
        return "key=" + Secrets.MASK + (sandbox ? " sandbox" : "");
    }

    /** Builds a {@link SendGridMailer}. Not thread-safe. */
    public static final class Builder extends HttpMailerBuilder<Builder> {
        private String apiKey;
        private boolean sandbox;

        private Builder() {
            super("sendgrid");
        }

        /** The API key, with the Mail Send permission. Required. */
        public Builder apiKey(String apiKey) {
            this.apiKey = credential("apiKey", apiKey);
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
         * Creates the mailer; the endpoint is {@value SendGridMailer#DEFAULT_BASE_URL} unless
         * {@link #baseUrl(String)} names another ({@value SendGridMailer#EU_BASE_URL} for EU subusers).
         *
         * @throws IllegalStateException when no API key was given
         */
        @Override
        public SendGridMailer build() {
            required(apiKey, "apiKey: a SendGrid API key is required");
            return new SendGridMailer(this);
        }
    }
}
