package dev.mailover.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mailover.Email;
import dev.mailover.FailureKind;
import dev.mailover.HealthCheck;
import dev.mailover.MailException;
import dev.mailover.SendResult;
import dev.mailover.testing.TestEmails;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SendGridMailerTest {

    private static final String KEY = "SG.test-key.s3cr3t";

    private MockWebServer server;
    private SendGridMailer mailer;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
        mailer = SendGridMailer.builder().apiKey(KEY).baseUrl(server.url("/").toString()).build();
    }

    @AfterEach
    void stop() {
        mailer.close();
        server.close();
    }

    @Test
    void fullyLoadedEmailIsPostedAsDocumentedJson() throws Exception {
        server.enqueue(new MockResponse.Builder().code(202).addHeader("X-Message-Id", "sg-id-1").build());

        SendResult result = mailer.send(TestEmails.fullyLoaded());

        RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/v3/mail/send");
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
        String pdf = Base64.getEncoder().encodeToString(TestEmails.PDF);
        String png = Base64.getEncoder().encodeToString(TestEmails.PNG);
        assertThat(Json.parse(request.getBody().utf8())).isEqualTo(Json.parse("""
                {
                  "personalizations": [{
                    "to": [{"email": "bob@example.org", "name": "Bob Builder"}, {"email": "carol@example.org"}],
                    "cc": [{"email": "dan@example.org", "name": "Dan"}],
                    "bcc": [{"email": "eve@example.org"}]
                  }],
                  "from": {"email": "ada@example.com", "name": "Ada Lovelace"},
                  "reply_to": {"email": "support@example.com"},
                  "subject": "Quarterly report",
                  "content": [
                    {"type": "text/plain", "value": "Hello Bob"},
                    {"type": "text/html", "value": "<p>Hello Bob <img src=\\"cid:logo\\"></p>"}
                  ],
                  "attachments": [
                    {"content": "%s", "filename": "report.pdf", "type": "application/pdf", "disposition": "attachment"},
                    {"content": "%s", "filename": "logo.png", "type": "image/png", "disposition": "inline", "content_id": "logo"}
                  ],
                  "headers": {"X-Campaign": "q3", "Message-ID": "<q3-report-1@example.com>"},
                  "categories": ["reports", "q3"],
                  "custom_args": {"customer": "42"}
                }
                """.formatted(pdf, png)));
        assertThat(result.messageId()).isEqualTo("sg-id-1");
        assertThat(result.transport()).isEqualTo("sendgrid");
    }

    @Test
    void textComesBeforeHtmlAndSeveralReplyTosBecomeAList() throws Exception {
        server.enqueue(new MockResponse.Builder().code(202).addHeader("X-Message-Id", "x").build());
        mailer.send(Email.builder().from("ada@example.com").to("bob@example.org").subject("s")
                .html("<b>h</b>").text("t").replyTo("a@example.com", "b@example.com").build());

        var json = Json.parse(server.takeRequest(5, TimeUnit.SECONDS).getBody().utf8());
        assertThat(json.path("content").get(0).path("type").asText()).isEqualTo("text/plain");
        assertThat(json.path("content").get(1).path("type").asText()).isEqualTo("text/html");
        assertThat(json.has("reply_to")).isFalse();
        assertThat(json.path("reply_to_list")).hasSize(2);
    }

    @Test
    void addressInBothToAndBccIsSentOnceAndCommasLeaveDisplayNames() throws Exception {
        server.enqueue(new MockResponse.Builder().code(202).addHeader("X-Message-Id", "x").build());
        mailer.send(Email.builder().from("\"Lovelace, Ada\" <ada@example.com>").to("bob@example.org")
                .bcc("BOB@example.org", "eve@example.org").subject("s").text("t").build());

        var json = Json.parse(server.takeRequest(5, TimeUnit.SECONDS).getBody().utf8());
        assertThat(json.path("from").path("name").asText()).isEqualTo("Lovelace Ada");
        assertThat(json.path("personalizations").get(0).path("bcc")).hasSize(1);
        assertThat(json.path("personalizations").get(0).path("bcc").get(0).path("email").asText()).isEqualTo("eve@example.org");
    }

    @Test
    void sandboxModeIsAJsonBooleanAnd200IsSuccess() throws Exception {
        mailer.close();
        mailer = SendGridMailer.builder().apiKey(KEY).baseUrl(server.url("/").toString()).sandbox(true).build();
        server.enqueue(new MockResponse.Builder().code(200).build());

        Email email = TestEmails.simple();
        SendResult result = mailer.send(email);

        var json = Json.parse(server.takeRequest(5, TimeUnit.SECONDS).getBody().utf8());
        assertThat(json.path("mail_settings").path("sandbox_mode").path("enable").isBoolean()).isTrue();
        assertThat(json.path("mail_settings").path("sandbox_mode").path("enable").asBoolean()).isTrue();
        assertThat(result.messageId()).as("no X-Message-Id: no id, never the Email's own").isEmpty();
    }

    @Test
    void baseUrlWithAPathPrefixIsKept() throws Exception {
        mailer.close();
        mailer = SendGridMailer.builder().apiKey(KEY).baseUrl(server.url("/proxy/sendgrid/").toString()).build();
        server.enqueue(new MockResponse.Builder().code(202).addHeader("X-Message-Id", "x").build());
        mailer.send(TestEmails.simple());
        assertThat(server.takeRequest(5, TimeUnit.SECONDS).getUrl().encodedPath()).isEqualTo("/proxy/sendgrid/v3/mail/send");
    }

    @Test
    void unverifiedSenderIsSenderRejected() {
        server.enqueue(json(403, """
                {"errors":[{"message":"The from address does not match a verified Sender Identity. Mail cannot be sent until this error is resolved. Visit https://sendgrid.com/docs/for-developers/sending-email/sender-identity/ to see the Sender Identity requirements","field":"from","help":null}]}"""));

        MailException e = sendFails();

        assertThat(e.kind()).isEqualTo(FailureKind.SENDER_REJECTED);
        assertThat(e.code()).hasValue(403);
        assertThat(e.detail()).contains("does not match a verified Sender Identity").contains("field from");
        assertThat(e.hint()).contains("Sender Identity");
    }

    @Test
    void otherForbiddenIsAboutTheKey() {
        server.enqueue(json(403, "{\"errors\":[{\"message\":\"access forbidden\",\"field\":null,\"help\":null}]}"));
        assertThat(sendFails().kind()).isEqualTo(FailureKind.AUTHENTICATION_FAILED);
    }

    @Test
    void revokedKeyIsAuthenticationFailedWithoutTheKeyInTheMessage() {
        server.enqueue(json(401, "{\"errors\":[{\"field\":null,\"message\":\"The provided authorization grant is invalid, expired, or revoked\",\"help\":null}]}"));

        MailException e = sendFails();

        assertThat(e.kind()).isEqualTo(FailureKind.AUTHENTICATION_FAILED);
        assertThat(e.code()).hasValue(401);
        assertThat(e.detail()).contains("invalid, expired, or revoked");
        assertThat(e.getMessage()).doesNotContain(KEY).doesNotContain("s3cr3t");
    }

    @Test
    void keyEchoedByTheServerIsMasked() {
        server.enqueue(json(400, "{\"errors\":[{\"message\":\"bad key " + KEY + "\",\"field\":null}]}"));
        MailException e = sendFails();
        assertThat(e.getMessage()).doesNotContain(KEY).contains("****");
    }

    @Test
    void invalidRequestIsMessageRejectedNamingTheField() {
        server.enqueue(json(400, "{\"errors\":[{\"message\":\"The content value must be a string at least one character in length.\",\"field\":\"content.0.value\",\"help\":\"http://sendgrid.com/docs/API_Reference/Web_API_v3/Mail/errors.html#message.content.value\"}]}"));

        MailException e = sendFails();

        assertThat(e.kind()).isEqualTo(FailureKind.MESSAGE_REJECTED);
        assertThat(e.code()).hasValue(400);
        assertThat(e.detail()).contains("field content.0.value");
    }

    @Test
    void payloadTooLargeIsMessageRejected() {
        server.enqueue(json(413, "{\"errors\":[{\"message\":\"Payload Too Large\",\"field\":null}]}"));
        assertThat(sendFails().kind()).isEqualTo(FailureKind.MESSAGE_REJECTED);
    }

    @Test
    void tooManyRequestsIsRateLimitedUntilTheRateLimitReset() {
        long reset = java.time.Instant.now().getEpochSecond() + 30;
        server.enqueue(new MockResponse.Builder().code(429).addHeader("Content-Type", "application/json")
                .addHeader("X-RateLimit-Limit", "600").addHeader("X-RateLimit-Remaining", "0")
                .addHeader("X-RateLimit-Reset", String.valueOf(reset))
                .body("{\"errors\":[{\"field\":null,\"message\":\"too many requests\"}]}").build());

        MailException e = sendFails();

        assertThat(e.kind()).isEqualTo(FailureKind.RATE_LIMITED);
        assertThat(e.code()).hasValue(429);
        assertThat(e.retryAfter()).hasValueSatisfying(d -> assertThat(d).isBetween(Duration.ofSeconds(20), Duration.ofSeconds(31)));
    }

    @Test
    void serviceErrorIgnoresTheRateLimitResetSoTheCallerBacksOffInstead() {
        long reset = java.time.Instant.now().getEpochSecond() + 50;
        server.enqueue(new MockResponse.Builder().code(503).addHeader("X-RateLimit-Limit", "600")
                .addHeader("X-RateLimit-Remaining", "599").addHeader("X-RateLimit-Reset", String.valueOf(reset))
                .body("{\"errors\":[{\"message\":\"service unavailable\"}]}").build());

        MailException e = sendFails();

        assertThat(e.kind()).isEqualTo(FailureKind.SERVICE_UNAVAILABLE);
        assertThat(e.retryAfter()).isEmpty();
    }

    @Test
    void retryAfterInSecondsIsHonoured() {
        server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "7")
                .body("{\"errors\":[{\"message\":\"too many requests\"}]}").build());
        assertThat(sendFails().retryAfter()).contains(Duration.ofSeconds(7));
    }

    @Test
    void serviceUnavailableWithAnHttpDateRetryAfterIsRetryable() {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(120));
        server.enqueue(new MockResponse.Builder().code(503).addHeader("Retry-After", date).body("").build());

        MailException e = sendFails();

        assertThat(e.kind()).isEqualTo(FailureKind.SERVICE_UNAVAILABLE);
        assertThat(e.kind().retryable()).isTrue();
        assertThat(e.retryAfter()).hasValueSatisfying(d -> assertThat(d).isBetween(Duration.ofSeconds(100), Duration.ofSeconds(121)));
    }

    @Test
    void gatewayTimeoutMayHaveDelivered() {
        server.enqueue(new MockResponse.Builder().code(504).body("<html>504 Gateway Time-out</html>").build());
        MailException e = sendFails();
        assertThat(e.kind()).isEqualTo(FailureKind.SERVICE_UNAVAILABLE);
        assertThat(e.possiblyDelivered()).isTrue();
    }

    @Test
    void onlyTheFirstTenTagsBecomeCategories() throws Exception {
        server.enqueue(new MockResponse.Builder().code(202).addHeader("X-Message-Id", "x").build());
        Email.Builder b = Email.builder().from("ada@example.com").to("bob@example.org").subject("s").text("t");
        for (int i = 1; i <= 12; i++) {
            b.tag("t" + i);
        }
        mailer.send(b.build());
        var json = Json.parse(server.takeRequest(5, TimeUnit.SECONDS).getBody().utf8());
        assertThat(json.path("categories")).hasSize(10);
        assertThat(json.path("categories").get(9).asText()).isEqualTo("t10");
    }

    @Test
    void internalServerErrorIsServiceUnavailable() {
        server.enqueue(json(500, "{\"errors\":[{\"field\":null,\"message\":\"internal error\"}]}"));
        MailException e = sendFails();
        assertThat(e.kind()).isEqualTo(FailureKind.SERVICE_UNAVAILABLE);
        assertThat(e.code()).hasValue(500);
    }

    @Test
    void redirectIsNotFollowedAndIsAConfigurationError() {
        server.enqueue(new MockResponse.Builder().code(307).addHeader("Location", "https://evil.example/steal").build());
        MailException e = sendFails();
        assertThat(e.kind()).isEqualTo(FailureKind.INVALID_CONFIGURATION);
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void tooManyRecipientsFailBeforeAnyNetworkCall() {
        Email.Builder b = Email.builder().from("ada@example.com").subject("s").text("t");
        for (int i = 0; i < 1001; i++) {
            b.to("r" + i + "@example.org");
        }
        MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(b.build()));
        assertThat(e.kind()).isEqualTo(FailureKind.MESSAGE_REJECTED);
        assertThat(e.detail()).contains("1001 recipients").contains("at most 1000");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void messageOverThirtyMegabytesFailsBeforeAnyNetworkCall() {
        byte[] big = new byte[23 * 1024 * 1024]; // 30.7 MB once base64-encoded
        Email email = Email.builder().from("ada@example.com").to("bob@example.org").subject("s").text("t")
                .attach(dev.mailover.Attachment.of("big.bin", "application/octet-stream", big)).build();
        MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(email));
        assertThat(e.kind()).isEqualTo(FailureKind.MESSAGE_REJECTED);
        assertThat(e.detail()).contains("at most 30 MB");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void bccOnlyEmailIsRefusedBeforeAnyNetworkCallBecauseSendGridNeedsATo() {
        Email email = Email.builder().from("ada@example.com").bcc("bob@example.org").subject("s").text("t").build();
        MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(email));
        assertThat(e.kind()).isEqualTo(FailureKind.MESSAGE_REJECTED);
        assertThat(e.detail()).contains("To recipient");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void checkCallsScopesAndSendsNothing() throws Exception {
        server.enqueue(json(200, "{\"scopes\":[\"mail.send\",\"alerts.read\"]}"));

        HealthCheck check = mailer.check();

        assertThat(check.healthy()).isTrue();
        RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(request.getMethod()).isEqualTo("GET");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/v3/scopes");
    }

    @Test
    void checkReportsAKeyWithoutMailSend() {
        server.enqueue(json(200, "{\"scopes\":[\"alerts.read\"]}"));
        HealthCheck check = mailer.check();
        assertThat(check.healthy()).isFalse();
        assertThat(check.failure()).contains(FailureKind.AUTHENTICATION_FAILED);
        assertThat(check.detail()).contains("mail.send");
    }

    @Test
    void checkReportsARevokedKeyWithoutThrowing() {
        server.enqueue(json(401, "{\"errors\":[{\"field\":null,\"message\":\"authorization required\"}]}"));
        HealthCheck check = mailer.check();
        assertThat(check.failure()).contains(FailureKind.AUTHENTICATION_FAILED);
        assertThat(check.toString()).doesNotContain(KEY);
    }

    @Test
    void toStringNeverShowsTheKey() {
        assertThat(mailer.toString()).doesNotContain(KEY).contains("****");
    }

    @Test
    void plainHttpIsRefusedForAnythingButLoopback() {
        assertThatThrownBy(() -> SendGridMailer.builder().baseUrl("http://api.sendgrid.com"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("baseUrl").hasMessageContaining("https");
        SendGridMailer.builder().baseUrl("http://127.0.0.1:8080");
        SendGridMailer.builder().baseUrl("http://[::1]:8080");
        SendGridMailer.builder().baseUrl("http://localhost:8080");
    }

    @Test
    void missingKeyIsRefusedAtBuild() {
        assertThatThrownBy(() -> SendGridMailer.builder().build()).hasMessageContaining("apiKey");
    }

    @Test
    void sendingAfterCloseFails() {
        mailer.close();
        mailer.close();
        assertThat(sendFails().detail()).contains("closed");
    }

    private MailException sendFails() {
        return catchThrowableOfType(MailException.class, () -> mailer.send(TestEmails.simple()));
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
    }
}
