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
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PostmarkMailerTest {

    private static final String TOKEN = "f3b2c1d0-aaaa-bbbb-cccc-0123456789ab";

    private MockWebServer server;
    private PostmarkMailer mailer;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
        mailer = PostmarkMailer.builder().serverToken(TOKEN).baseUrl(server.url("/").toString()).build();
    }

    @AfterEach
    void stop() {
        mailer.close();
        server.close();
    }

    @Test
    void fullyLoadedEmailIsPostedAsDocumentedJson() throws Exception {
        server.enqueue(json(200, "{\"To\":\"bob@example.org\",\"SubmittedAt\":\"2026-11-29T01:40:00.0000000Z\","
                + "\"MessageID\":\"b7bc2f4a-e38e-4336-af7d-e6c392c2f817\",\"ErrorCode\":0,\"Message\":\"OK\"}"));

        SendResult result = mailer.send(TestEmails.fullyLoaded());

        RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/email");
        assertThat(request.getHeaders().get("X-Postmark-Server-Token")).isEqualTo(TOKEN);
        assertThat(request.getHeaders().get("Accept")).isEqualTo("application/json");
        assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
        assertThat(Json.parse(request.getBody().utf8())).isEqualTo(Json.parse("""
                {
                  "From": "Ada Lovelace <ada@example.com>",
                  "To": "Bob Builder <bob@example.org>, carol@example.org",
                  "Cc": "Dan <dan@example.org>",
                  "Bcc": "eve@example.org",
                  "Subject": "Quarterly report",
                  "Tag": "reports",
                  "TextBody": "Hello Bob",
                  "HtmlBody": "<p>Hello Bob <img src=\\"cid:logo\\"></p>",
                  "ReplyTo": "support@example.com",
                  "Headers": [
                    {"Name": "X-Campaign", "Value": "q3"},
                    {"Name": "Message-ID", "Value": "<q3-report-1@example.com>"}
                  ],
                  "Metadata": {"customer": "42"},
                  "MessageStream": "outbound",
                  "Attachments": [
                    {"Name": "report.pdf", "Content": "%s", "ContentType": "application/pdf"},
                    {"Name": "logo.png", "Content": "%s", "ContentType": "image/png", "ContentID": "cid:logo"}
                  ]
                }
                """.formatted(Base64.getEncoder().encodeToString(TestEmails.PDF), Base64.getEncoder().encodeToString(TestEmails.PNG))));
        assertThat(result.messageId()).isEqualTo("b7bc2f4a-e38e-4336-af7d-e6c392c2f817");
        assertThat(result.transport()).isEqualTo("postmark");
    }

    @Test
    void messageStreamIsConfigurable() throws Exception {
        mailer.close();
        mailer = PostmarkMailer.builder().serverToken(TOKEN).messageStream("broadcast").baseUrl(server.url("/").toString()).build();
        server.enqueue(json(200, "{\"MessageID\":\"m\",\"ErrorCode\":0,\"Message\":\"OK\"}"));
        mailer.send(TestEmails.simple());
        assertThat(Json.parse(server.takeRequest(5, TimeUnit.SECONDS).getBody().utf8()).path("MessageStream").asText())
                .isEqualTo("broadcast");
    }

    @ParameterizedTest(name = "ErrorCode {0} is {1}")
    @CsvSource({
            "10, AUTHENTICATION_FAILED, 401",
            "100, SERVICE_UNAVAILABLE, 500",
            "300, MESSAGE_REJECTED, 422",
            "400, SENDER_REJECTED, 422",
            "401, SENDER_REJECTED, 422",
            "402, MESSAGE_REJECTED, 422",
            "403, MESSAGE_REJECTED, 422",
            "409, MESSAGE_REJECTED, 422",
            "405, SENDER_REJECTED, 422",
            "406, RECIPIENT_REJECTED, 422",
            "411, MESSAGE_REJECTED, 422",
            "412, SENDER_REJECTED, 422",
            "413, SENDER_REJECTED, 422",
            "429, RATE_LIMITED, 429",
    })
    void errorCodeDecidesTheKind(int errorCode, FailureKind kind, int status) {
        server.enqueue(json(status, "{\"ErrorCode\":" + errorCode + ",\"Message\":\"Postmark says " + errorCode + "\"}"));

        MailException e = sendFails();

        assertThat(e.kind()).isEqualTo(kind);
        assertThat(e.code()).hasValue(status);
        assertThat(e.detail()).isEqualTo("HTTP " + status + ": ErrorCode " + errorCode + ": Postmark says " + errorCode);
    }

    @Test
    void errorCodeInsideA200IsStillAFailure() {
        server.enqueue(json(200, "{\"ErrorCode\":406,\"Message\":\"Found inactive addresses: bob@example.org.\"}"));
        MailException e = sendFails();
        assertThat(e.kind()).isEqualTo(FailureKind.RECIPIENT_REJECTED);
        assertThat(e.rejectedRecipients()).containsExactly("bob@example.org");
    }

    @Test
    void unconfirmedSenderSignatureIsSenderRejected() {
        server.enqueue(json(422, "{\"ErrorCode\":400,\"Message\":\"The 'From' address you supplied (ada@example.com) is not a Sender Signature on your account. Please add and confirm this address in order to be able to use it in the 'From' field of your messages.\"}"));
        MailException e = sendFails();
        assertThat(e.kind()).isEqualTo(FailureKind.SENDER_REJECTED);
        assertThat(e.hint()).contains("Sender Signature");
    }

    @Test
    void inactiveRecipientIsRecipientRejectedNamingTheAddresses() {
        server.enqueue(json(422, "{\"ErrorCode\":406,\"Message\":\"You tried to send to recipient(s) that have been marked as inactive.\\nFound inactive addresses: bob@example.org, carol@example.org.\\nInactive recipients are ones that have generated a hard bounce or a spam complaint.\"}"));
        MailException e = sendFails();
        assertThat(e.kind()).isEqualTo(FailureKind.RECIPIENT_REJECTED);
        assertThat(e.kind().transportFault()).isFalse();
        assertThat(e.rejectedRecipients()).containsExactly("bob@example.org", "carol@example.org");
    }

    @Test
    void badTokenIsAuthenticationFailedWithoutTheToken() {
        server.enqueue(json(401, "{\"ErrorCode\":10,\"Message\":\"No Account or Server API tokens were supplied in the HTTP headers. Please add a header for either X-Postmark-Server-Token or X-Postmark-Account-Token.\"}"));
        MailException e = sendFails();
        assertThat(e.kind()).isEqualTo(FailureKind.AUTHENTICATION_FAILED);
        assertThat(e.getMessage()).doesNotContain(TOKEN);
    }

    @Test
    void htmlForbiddenFromTheEdgeIsNotMistakenForTheApi() {
        server.enqueue(new MockResponse.Builder().code(403).addHeader("Content-Type", "text/html")
                .body("<html><head><title>403 Forbidden</title></head><body><center><h1>403 Forbidden</h1></center></body></html>").build());
        MailException e = sendFails();
        assertThat(e.kind()).isEqualTo(FailureKind.SERVICE_UNAVAILABLE);
        assertThat(e.detail()).contains("HTML page");
        assertThat(e.hint()).contains("edge");
    }

    @Test
    void tooLargeIsMessageRejected() {
        server.enqueue(new MockResponse.Builder().code(413).body("Request Entity Too Large").build());
        assertThat(sendFails().kind()).isEqualTo(FailureKind.MESSAGE_REJECTED);
    }

    @Test
    void rateLimitedCarriesRetryAfter() {
        server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "3")
                .body("{\"ErrorCode\":429,\"Message\":\"Rate limit exceeded.\"}").build());
        MailException e = sendFails();
        assertThat(e.kind()).isEqualTo(FailureKind.RATE_LIMITED);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(3));
    }

    @Test
    void serviceUnavailableIsRetryable() {
        server.enqueue(new MockResponse.Builder().code(503).body("Service Unavailable").build());
        MailException e = sendFails();
        assertThat(e.kind()).isEqualTo(FailureKind.SERVICE_UNAVAILABLE);
        assertThat(e.code()).hasValue(503);
    }

    @Test
    void moreThanFiftyRecipientsFailBeforeAnyNetworkCall() {
        Email.Builder b = Email.builder().from("ada@example.com").subject("s").text("t");
        for (int i = 0; i < 51; i++) {
            b.cc("r" + i + "@example.org");
        }
        MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(b.build()));
        assertThat(e.kind()).isEqualTo(FailureKind.MESSAGE_REJECTED);
        assertThat(e.detail()).contains("51 recipients").contains("at most 50");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void messageOverTenMegabytesFailsBeforeAnyNetworkCall() {
        Email email = Email.builder().from("ada@example.com").to("bob@example.org").subject("s").text("t")
                .attach(dev.mailover.Attachment.of("big.bin", "application/octet-stream", new byte[8 * 1024 * 1024])).build();
        MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(email));
        assertThat(e.kind()).isEqualTo(FailureKind.MESSAGE_REJECTED);
        assertThat(e.detail()).contains("at most 10 MB");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void checkCallsServerAndSendsNothing() throws Exception {
        server.enqueue(json(200, "{\"ID\":1,\"Name\":\"Production\",\"ApiTokens\":[\"" + TOKEN + "\"],\"Color\":\"red\"}"));
        HealthCheck check = mailer.check();
        assertThat(check.healthy()).isTrue();
        assertThat(check.detail()).contains("Production").doesNotContain(TOKEN);
        RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(request.getMethod()).isEqualTo("GET");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/server");
    }

    @Test
    void checkReportsABadToken() {
        server.enqueue(json(401, "{\"ErrorCode\":10,\"Message\":\"Bad or missing Server API token.\"}"));
        HealthCheck check = mailer.check();
        assertThat(check.failure()).contains(FailureKind.AUTHENTICATION_FAILED);
    }

    @Test
    void toStringNeverShowsTheToken() {
        assertThat(mailer.toString()).doesNotContain(TOKEN).contains("****");
    }

    @Test
    void tokenIsRequired() {
        assertThatThrownBy(() -> PostmarkMailer.builder().build()).hasMessageContaining("serverToken");
    }

    private MailException sendFails() {
        return catchThrowableOfType(MailException.class, () -> mailer.send(TestEmails.simple()));
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
    }
}
