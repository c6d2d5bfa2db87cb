package dev.mailover.http;

import dev.mailover.Email;
import dev.mailover.FailureKind;
import dev.mailover.MailException;
import dev.mailover.internal.Secrets;
import java.util.Objects;
import java.util.Optional;
import okhttp3.Headers;
import okhttp3.RequestBody;

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
 * possibly delivered only when the answer is still Postmark's JSON. {@link #check()} calls
 * {@code GET /server}. The token never appears in {@link #toString()}, exception messages or logs.
 * Thread-safe; share one instance and {@link #close()} it when done.
 */
public final class PostmarkMailer extends HttpMailer {

    /** The public endpoint. */
    public static final String DEFAULT_BASE_URL = "https://api.postmarkapp.com";
    /** The default message stream for transactional email. */
    public static final String DEFAULT_MESSAGE_STREAM = "outbound";

    private final String messageStream;

    private PostmarkMailer(Builder b) {
        super(b, PostmarkApi.API, b.baseUrlOr(DEFAULT_BASE_URL), b.serverToken, "email");
        this.messageStream = b.messageStream;
    }

    /** Starts a builder; a server token is required. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    void authorize(Headers.Builder headers) {
        headers.set("X-Postmark-Server-Token", key);
    }

    @Override
    Optional<Refusal> refusal(Email email) {
        return PostmarkRequestBody.refusal(email);
    }

    @Override
    RequestBody body(Email email) {
        return PostmarkRequestBody.of(email, messageStream);
    }

    @Override
    String acceptedDetail(ApiResponse response, String id) {
        return "HTTP " + response.status() + " " + response.text("Message") + " MessageID " + id;
    }

    /** {@code GET /server}: the token is accepted (the detail names the server). */
    @Override
    String checkCredentials() {
        String server = expect(request(url("server")).get().build(), r -> r.json().isObject()).text("Name");
        return "server token accepted" + (server.isEmpty() ? "" : " for server '" + server + "'") + ", message stream "
                + messageStream;
    }

    @Override
    String settings() {
        return "stream=" + messageStream + " token=" + Secrets.MASK;
    }

    /** Builds a {@link PostmarkMailer}. Not thread-safe. */
    public static final class Builder extends HttpMailerBuilder<Builder> {
        private String serverToken;
        private String messageStream = DEFAULT_MESSAGE_STREAM;

        private Builder() {
            super("postmark");
        }

        /** The Server API token of the sending server ({@code POSTMARK_API_TEST} for Postmark's test mode). Required. */
        public Builder serverToken(String serverToken) {
            this.serverToken = credential("serverToken", serverToken);
            return this;
        }

        /** The message stream, {@value PostmarkMailer#DEFAULT_MESSAGE_STREAM} by default. */
        public Builder messageStream(String messageStream) {
            Objects.requireNonNull(messageStream, "messageStream");
            if (messageStream.isBlank() || messageStream.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException("messageStream: must be a non-blank stream id such as 'outbound'");
            }
            this.messageStream = messageStream.strip();
            return this;
        }

        /**
         * Creates the mailer; the endpoint is {@value PostmarkMailer#DEFAULT_BASE_URL} unless
         * {@link #baseUrl(String)} names another.
         *
         * @throws IllegalStateException when no server token was given
         */
        @Override
        public PostmarkMailer build() {
            required(serverToken, "serverToken: a Postmark server token is required");
            return new PostmarkMailer(this);
        }
    }
}
