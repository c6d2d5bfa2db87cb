package dev.mailover.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.mailover.Attachment;
import dev.mailover.Email;
import dev.mailover.FailureKind;
import dev.mailover.HealthCheck;
import dev.mailover.MailException;
import dev.mailover.SendResult;
import dev.mailover.testing.TestEmails;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** ResendMailer against WireMock answering with the bodies Resend documents (resend.com/docs/api-reference). */
class ResendMailerTest {

    private static final String KEY = "re_Wm7s9Ha2_5Xq8LkT3vRp";

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    private ResendMailer mailer;

    @BeforeEach
    void start() {
        mailer = ResendMailer.builder().apiKey(KEY).baseUrl(wm.baseUrl()).timeout(Duration.ofSeconds(10)).build();
    }

    @AfterEach
    void stop() {
        mailer.close();
    }

    @Test
    void fullyLoadedEmailIsPostedAsDocumentedJsonWithItsMessageIdAsIdempotencyKey() {
        answerSend(200, "{\"id\":\"49a3999c-0ce1-4ea6-ab68-afcd6dc2e794\"}");

        SendResult result = mailer.send(TestEmails.fullyLoaded());

        LoggedRequest request = sent();
        assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(request.getHeader("Content-Type")).startsWith("application/json");
        assertThat(request.getHeader("Idempotency-Key")).isEqualTo("<q3-report-1@example.com>");
        assertThat(Json.parse(request.getBodyAsString())).isEqualTo(Json.parse("""
                {
                  "from": "Ada Lovelace <ada@example.com>",
                  "to": ["Bob Builder <bob@example.org>", "carol@example.org"],
                  "cc": ["Dan <dan@example.org>"],
                  "bcc": ["eve@example.org"],
                  "reply_to": ["support@example.com"],
                  "subject": "Quarterly report",
                  "text": "Hello Bob",
                  "html": "<p>Hello Bob <img src=\\"cid:logo\\"></p>",
                  "headers": {"X-Campaign": "q3", "Message-ID": "<q3-report-1@example.com>"},
                  "attachments": [
                    {"filename": "report.pdf", "content": "%s", "content_type": "application/pdf"},
                    {"filename": "logo.png", "content": "%s", "content_type": "image/png", "content_id": "logo"}
                  ],
                  "tags": [
                    {"name": "reports", "value": "true"},
                    {"name": "q3", "value": "true"},
                    {"name": "customer", "value": "42"}
                  ]
                }
                """.formatted(Base64.getEncoder().encodeToString(TestEmails.PDF),
                Base64.getEncoder().encodeToString(TestEmails.PNG))));
        assertThat(result.messageId()).isEqualTo("49a3999c-0ce1-4ea6-ab68-afcd6dc2e794");
        assertThat(result.transport()).isEqualTo("resend");
    }

    @Test
    void tagsAndNamesAreWrittenTheWayResendAcceptsThem() {
        answerSend(200, "{\"id\":\"t-1\"}");

        mailer.send(Email.builder().from("\"Lovelace, Ada\" <ada@example.com>").to("bob@example.org").subject("s").text("t")
                .tag("Order Confirmation").tag("order-confirmation").tag("x".repeat(300))
                .metadata("order.id", "A-42/7").build());

        var json = Json.parse(sent().getBodyAsString());
        assertThat(json.path("from").asText()).isEqualTo("Lovelace Ada <ada@example.com>");
        assertThat(json.path("tags").findValuesAsText("name"))
                .containsExactly("Order_Confirmation", "order-confirmation", "x".repeat(256), "order_id");
        assertThat(json.path("tags").get(3).path("value").asText()).isEqualTo("A-42_7");
    }

    @Test
    void anInvalidKeyDocumentedAs401ValidationErrorIsAuthenticationFailed() {
        answerSend(401, "{\"statusCode\":401,\"message\":\"API key is invalid\",\"name\":\"validation_error\"}");

        MailException e = sendFails();

        assertThat(e.kind()).isEqualTo(FailureKind.AUTHENTICATION_FAILED);
        assertThat(e.code()).hasValue(401);
        assertThat(e.detail()).isEqualTo("HTTP 401: validation_error: API key is invalid");
        assertThat(e.hint()).contains("resend.com/api-keys");
        assertThat(e.getMessage()).doesNotContain(KEY);
    }

    @Test
    void anInvalidKeyDocumentedAs403InvalidApiKeyIsAuthenticationFailedToo() {
        answerSend(403, "{\"statusCode\":403,\"message\":\"API key is invalid.\",\"name\":\"invalid_api_key\"}");

        MailException e = sendFails();

        assertThat(e.kind()).isEqualTo(FailureKind.AUTHENTICATION_FAILED);
        assertThat(e.hint()).contains("Resend refused the API key");
    }

    @Test
    void theTestOnlyAddressOfAnAccountWithoutADomainIsSenderRejected() {
        answerSend(403, "{\"statusCode\":403,\"message\":\"You can only send testing emails to your own email address"
                + " (ada@example.com). To send emails to other recipients, please verify a domain at resend.com/domains,"
                + " and change the `from` address to an email using this domain.\",\"name\":\"validation_error\"}");

        MailException e = sendFails();

        assertThat(e.kind()).isEqualTo(FailureKind.SENDER_REJECTED);
        assertThat(e.hint()).contains("resend.com/domains");
    }

    @Test
    void anUnverifiedDomainIsSenderRejected() {
        answerSend(403, "{\"statusCode\":403,\"message\":\"The example.com domain is not verified. Please, add and verify"
                + " your domain on https://resend.com/domains\",\"name\":\"validation_error\"}");

        assertThat(sendFails().kind()).isEqualTo(FailureKind.SENDER_REJECTED);
    }

    @Test
    void anInvalidFieldIsMessageRejectedNamingTheField() {
        answerSend(422, "{\"statusCode\":422,\"message\":\"Invalid `to` field. The email address needs to follow the"
                + " `email@example.com` or `Name <email@example.com>` format.\",\"name\":\"validation_error\"}");

        MailException e = sendFails();

        assertThat(e.kind()).isEqualTo(FailureKind.MESSAGE_REJECTED);
        assertThat(e.code()).hasValue(422);
        assertThat(e.detail()).contains("validation_error", "Invalid `to` field");
    }

    @Test
    void tooManyRequestsIsRateLimitedForTheRetryAfterResendSends() {
        answerSend(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                .withHeader("ratelimit-limit", "2").withHeader("ratelimit-remaining", "0")
                .withHeader("ratelimit-reset", "3").withHeader("retry-after", "2")
                .withBody("{\"statusCode\":429,\"message\":\"Too many requests. You can only make 2 requests per second."
                        + " See rate limit response headers for more information. Or contact support to increase rate"
                        + " limit.\",\"name\":\"rate_limit_exceeded\"}"));

        MailException e = sendFails();

        assertThat(e.kind()).isEqualTo(FailureKind.RATE_LIMITED);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(2));
    }

    @Test
    void withoutRetryAfterTheRateLimitResetIsTheWait() {
        answerSend(aResponse().withStatus(429).withHeader("ratelimit-reset", "3")
                .withBody("{\"statusCode\":429,\"message\":\"Too many requests.\",\"name\":\"rate_limit_exceeded\"}"));

        assertThat(sendFails().retryAfter()).contains(Duration.ofSeconds(3));
    }

    @Test
    void theMonthlyQuotaIsTheQuota() {
        answerSend(429, "{\"statusCode\":429,\"message\":\"You have reached your monthly email sending quota.\","
                + "\"name\":\"monthly_quota_exceeded\"}");

        MailException e = sendFails();

        assertThat(e.kind()).isEqualTo(FailureKind.RATE_LIMITED);
        assertThat(e.hint()).contains("quota at Resend is reached");
    }

    @Test
    void anEarlierAttemptStillInProgressMayDeliverTheMessage() {
        answerSend(409, "{\"statusCode\":409,\"message\":\"Same idempotency key used while original request is still in"
                + " progress.\",\"name\":\"concurrent_idempotent_requests\"}");

        MailException e = sendFails();

        assertThat(e.kind()).isEqualTo(FailureKind.SERVICE_UNAVAILABLE);
        assertThat(e.possiblyDelivered()).isTrue();
        assertThat(e.hint()).contains("earlier attempt");
    }

    @Test
    void aMessageIdUsedForAnotherEmailIsMessageRejected() {
        answerSend(409, "{\"statusCode\":409,\"message\":\"Same idempotency key used with a different request payload.\","
                + "\"name\":\"invalid_idempotent_request\"}");

        MailException e = sendFails();

        assertThat(e.kind()).isEqualTo(FailureKind.MESSAGE_REJECTED);
        assertThat(e.hint()).contains("its own Message-ID");
    }

    @Test
    void anApplicationErrorIsServiceUnavailable() {
        answerSend(500, "{\"statusCode\":500,\"message\":\"An unexpected error occurred.\",\"name\":\"application_error\"}");

        assertThat(sendFails().kind()).isEqualTo(FailureKind.SERVICE_UNAVAILABLE);
    }

    @Test
    void aCaptivePortalsSignInPageIsNotADelivery() {
        answerSend(aResponse().withStatus(200).withHeader("Content-Type", "text/html")
                .withBody("<html><head><title>Airport Wi-Fi</title></head><body>Accept the terms</body></html>"));

        MailException e = sendFails();

        assertThat(e.kind()).isEqualTo(FailureKind.SERVICE_UNAVAILABLE);
        assertThat(e.possiblyDelivered()).isFalse();
        assertThat(e.detail()).contains("HTML page titled 'Airport Wi-Fi'", "not Resend's answer");
    }

    @Test
    void aServerTricklingItsAnswerIsCutOffByTheCallTimeout() {
        mailer.close();
        mailer = ResendMailer.builder().apiKey(KEY).baseUrl(wm.baseUrl()).timeout(Duration.ofSeconds(1)).build();
        answerSend(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"" + "t".repeat(2000) + "\"}").withChunkedDribbleDelay(200, 20_000));
        long start = System.nanoTime();

        MailException e = sendFails();

        assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION_TIMEOUT);
        assertThat(e.possiblyDelivered()).as("a 200 arrived before the body stalled").isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
    }

    @Test
    void moreThanFiftyToRecipientsFailBeforeAnyNetworkCall() {
        Email.Builder b = Email.builder().from("ada@example.com").subject("s").text("t");
        for (int i = 0; i < 51; i++) {
            b.to("r" + i + "@example.org");
        }

        MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(b.build()));

        assertThat(e.kind()).isEqualTo(FailureKind.MESSAGE_REJECTED);
        assertThat(e.detail()).contains("51 To recipients", "at most 50 in To");
        assertThat(wm.getAllServeEvents()).isEmpty();
    }

    @Test
    void ccAndBccBeyondFiftyAreLeftToResendWhichDecides() {
        answerSend(200, "{\"id\":\"many-1\"}");
        Email.Builder b = Email.builder().from("ada@example.com").subject("s").text("t");
        for (int i = 0; i < 40; i++) {
            b.to("to" + i + "@example.org").cc("cc" + i + "@example.org");
        }

        assertThat(mailer.send(b.build()).messageId()).isEqualTo("many-1");
    }

    @Test
    void messageOverFortyMegabytesOnceEncodedFailsBeforeAnyNetworkCall(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("archive.zip");
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(31L * 1024 * 1024); // 41.3 MB in base64
        }
        Email email = Email.builder().from("ada@example.com").to("bob@example.org").subject("s").text("t")
                .attach(Attachment.of("archive.zip", "application/zip", file)).build();

        MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(email));

        assertThat(e.kind()).isEqualTo(FailureKind.MESSAGE_REJECTED);
        assertThat(e.detail()).contains("at most 40 MB");
        assertThat(wm.getAllServeEvents()).isEmpty();
    }

    @Test
    void checkListsTheDomainsAndSendsNothing() {
        wm.stubFor(get(urlEqualTo("/domains")).willReturn(json(200, "{\"object\":\"list\",\"has_more\":false,\"data\":["
                + "{\"id\":\"d91cd9bd-1176-453e-8fc1-35364d380206\",\"name\":\"example.com\",\"status\":\"verified\","
                + "\"created_at\":\"2023-04-26 20:21:26.347412+00\",\"region\":\"us-east-1\"},"
                + "{\"id\":\"e169aa45-1ecf-4183-9955-b1499d5701d3\",\"name\":\"example.org\",\"status\":\"not_started\","
                + "\"created_at\":\"2023-04-26 20:22:26.347412+00\",\"region\":\"eu-west-1\"}]}")));

        HealthCheck check = mailer.check();

        assertThat(check.healthy()).isTrue();
        assertThat(check.detail()).contains("verified domains: example.com").doesNotContain("example.org");
        assertThat(wm.findAll(postRequestedFor(urlEqualTo("/emails")))).isEmpty();
    }

    @Test
    void checkWithoutAVerifiedDomainIsSenderRejected() {
        wm.stubFor(get(urlEqualTo("/domains")).willReturn(json(200, "{\"object\":\"list\",\"data\":[{\"name\":\"example.com\","
                + "\"status\":\"pending\"}]}")));

        HealthCheck check = mailer.check();

        assertThat(check.failure()).contains(FailureKind.SENDER_REJECTED);
        assertThat(check.hint()).contains("resend.com/domains");
    }

    @Test
    void checkWithASendingOnlyKeyConfirmsTheKeyButNotTheDomains() {
        wm.stubFor(get(urlEqualTo("/domains")).willReturn(json(401, "{\"statusCode\":401,\"message\":\"This API key is"
                + " restricted to only send emails\",\"name\":\"restricted_api_key\"}")));

        HealthCheck check = mailer.check();

        assertThat(check.healthy()).isTrue();
        assertThat(check.detail()).contains("may only send");
    }

    @Test
    void checkWithAnInvalidKeyIsAuthenticationFailedAndShowsNoKey() {
        wm.stubFor(get(urlEqualTo("/domains")).willReturn(json(400, "{\"statusCode\":400,\"message\":\"API key is invalid\","
                + "\"name\":\"validation_error\"}")));

        HealthCheck check = mailer.check();

        assertThat(check.failure()).contains(FailureKind.AUTHENTICATION_FAILED);
        assertThat(check.toString()).doesNotContain(KEY);
    }

    @Test
    void theKeyIsMaskedInTheExceptionToStringAndTraceLogEvenWhenEchoed() throws Exception {
        answerSend(aResponse().withStatus(400).withHeader("X-Echo", "Bearer " + KEY).withHeader("Content-Type", "application/json")
                .withBody("{\"statusCode\":400,\"message\":\"bad header Authorization: Bearer " + KEY + "\","
                        + "\"name\":\"validation_error\"}"));

        MailException e = sendFails();

        assertThat(e.getMessage()).doesNotContain(KEY).contains("****");
        assertThat(mailer.toString()).isEqualTo("ResendMailer{" + wm.baseUrl() + "/ key=****}");
        assertThat(Files.readString(Path.of("target/mailover-http-test.log"), StandardCharsets.UTF_8))
                .contains("resend: --> POST").doesNotContain(KEY);
    }

    @Test
    void theKeyIsRequiredAndChecked() {
        assertThatThrownBy(() -> ResendMailer.builder().build()).hasMessageContaining("apiKey");
        assertThatThrownBy(() -> ResendMailer.builder().apiKey("re_ with space")).hasMessageContaining("apiKey")
                .hasMessageNotContaining("with space");
    }

    private void answerSend(int status, String body) {
        answerSend(json(status, body));
    }

    private static void answerSend(ResponseDefinitionBuilder response) {
        wm.stubFor(post(urlEqualTo("/emails")).willReturn(response));
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    private static LoggedRequest sent() {
        List<LoggedRequest> requests = wm.findAll(postRequestedFor(urlEqualTo("/emails")));
        assertThat(requests).hasSize(1);
        return requests.get(0);
    }

    private MailException sendFails() {
        MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(TestEmails.simple()));
        assertThat(e).as("the send must fail").isNotNull();
        return e;
    }
}
