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

/** BrevoMailer against WireMock answering with the bodies Brevo documents (developers.brevo.com). */
class BrevoMailerTest {

    private static final String KEY = "xkeysib-4f1c0e9d8b7a6f5e4d3c2b1a0f9e8d7c-Ab12Cd34Ef56Gh78";
    private static final String SEND = "/v3/smtp/email";

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    private BrevoMailer mailer;

    @BeforeEach
    void start() {
        mailer = BrevoMailer.builder().apiKey(KEY).baseUrl(wm.baseUrl()).timeout(Duration.ofSeconds(10)).build();
    }

    @AfterEach
    void stop() {
        mailer.close();
    }

    @Test
    void fullyLoadedEmailIsPostedAsDocumentedJson() {
        answerSend(201, "{\"messageId\":\"<201798300811.5787683@smtp-relay.mailin.fr>\"}");

        SendResult result = mailer.send(TestEmails.fullyLoaded());

        LoggedRequest request = sent();
        assertThat(request.getHeader("api-key")).isEqualTo(KEY);
        assertThat(request.getHeader("Accept")).isEqualTo("application/json");
        assertThat(request.getHeader("Content-Type")).startsWith("application/json");
        assertThat(Json.parse(request.getBodyAsString())).isEqualTo(Json.parse("""
                {
                  "sender": {"email": "ada@example.com", "name": "Ada Lovelace"},
                  "to": [{"email": "bob@example.org", "name": "Bob Builder"}, {"email": "carol@example.org"}],
                  "cc": [{"email": "dan@example.org", "name": "Dan"}],
                  "bcc": [{"email": "eve@example.org"}],
                  "replyTo": {"email": "support@example.com"},
                  "subject": "Quarterly report",
                  "textContent": "Hello Bob",
                  "htmlContent": "<p>Hello Bob <img src=\\"cid:logo\\"></p>",
                  "headers": {"X-Campaign": "q3", "X-Mailin-custom": "{\\"customer\\":\\"42\\"}",
                              "Message-ID": "<q3-report-1@example.com>"},
                  "attachment": [
                    {"name": "report.pdf", "content": "%s"},
                    {"name": "logo.png", "content": "%s"}
                  ],
                  "tags": ["reports", "q3"]
                }
                """.formatted(Base64.getEncoder().encodeToString(TestEmails.PDF),
                Base64.getEncoder().encodeToString(TestEmails.PNG))));
        assertThat(result.messageId()).isEqualTo("<201798300811.5787683@smtp-relay.mailin.fr>");
        assertThat(result.transport()).isEqualTo("brevo");
    }

    @Test
    void theFirstReplyToIsSentAndLongNamesAreCut() {
        answerSend(201, "{\"messageId\":\"<r@smtp-relay.mailin.fr>\"}");

        mailer.send(Email.builder().from("ada@example.com").to(new dev.mailover.Address("bob@example.org", "B".repeat(90)))
                .replyTo("help@example.com", "sales@example.com").subject("s").text("t").build());

        var json = Json.parse(sent().getBodyAsString());
        assertThat(json.path("replyTo").path("email").asText()).isEqualTo("help@example.com");
        assertThat(json.path("to").get(0).path("name").asText()).hasSize(BrevoRequestBody.MAX_NAME);
    }

    @Test
    void aMissingParameterIsMessageRejectedNamingTheField() {
        answerSend(400, "{\"code\":\"invalid_parameter\",\"message\":\"email is not valid in to\"}");

        MailException e = sendFails();

        assertThat(e.kind()).isEqualTo(FailureKind.MESSAGE_REJECTED);
        assertThat(e.code()).hasValue(400);
        assertThat(e.detail()).isEqualTo("HTTP 400: invalid_parameter: email is not valid in to");
    }

    @Test
    void anUnknownKeyIsAuthenticationFailed() {
        answerSend(401, "{\"code\":\"unauthorized\",\"message\":\"Key not found\"}");

        MailException e = sendFails();

        assertThat(e.kind()).isEqualTo(FailureKind.AUTHENTICATION_FAILED);
        assertThat(e.hint()).contains("not the SMTP key");
        assertThat(e.getMessage()).doesNotContain(KEY);
    }

    @Test
    void aHostOutsideTheAuthorisedIpsIsAuthenticationFailedSayingSo() {
        answerSend(401, "{\"code\":\"unauthorized\",\"message\":\"We have detected you are using an unrecognised IP address"
                + " 203.0.113.7. If you performed this action make sure to add the new IP address in this link:"
                + " https://app.brevo.com/security/authorised_ips\"}");

        MailException e = sendFails();

        assertThat(e.kind()).isEqualTo(FailureKind.AUTHENTICATION_FAILED);
        assertThat(e.hint()).contains("authorised IPs");
    }

    @Test
    void anAccountUnderValidationMayNotSendAndIsNotRetried() {
        answerSend(403, "{\"code\":\"account_under_validation\",\"message\":\"Your account is under validation\"}");

        MailException e = sendFails();

        assertThat(e.kind()).isEqualTo(FailureKind.SENDER_REJECTED);
        assertThat(e.kind().retryable()).isFalse();
        assertThat(e.hint()).contains("activate");
    }

    @Test
    void aRateLimitWaitsForTheBrevoReset() {
        answerSend(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                .withHeader("x-sib-ratelimit-limit", "1000").withHeader("x-sib-ratelimit-remaining", "0")
                .withHeader("x-sib-ratelimit-reset", "45")
                .withBody("{\"code\":\"too_many_requests\",\"message\":\"The expected rate limit is exceeded.\"}"));

        MailException e = sendFails();

        assertThat(e.kind()).isEqualTo(FailureKind.RATE_LIMITED);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(45));
    }

    @Test
    void theResetHeaderOnAServerErrorIsNoReasonToWait() {
        answerSend(aResponse().withStatus(502).withHeader("x-sib-ratelimit-reset", "45").withBody("Bad Gateway"));

        MailException e = sendFails();

        assertThat(e.kind()).isEqualTo(FailureKind.SERVICE_UNAVAILABLE);
        assertThat(e.retryAfter()).isEmpty();
    }

    @Test
    void aCaptivePortalsSignInPageIsNotADelivery() {
        answerSend(aResponse().withStatus(200).withHeader("Content-Type", "text/html; charset=utf-8")
                .withBody("<!DOCTYPE html><html><head><title>Hotel Wi-Fi</title></head><body>Sign in</body></html>"));

        MailException e = sendFails();

        assertThat(e.kind()).isEqualTo(FailureKind.SERVICE_UNAVAILABLE);
        assertThat(e.possiblyDelivered()).isFalse();
        assertThat(e.detail()).contains("HTML page titled 'Hotel Wi-Fi'", "not Brevo's answer");
    }

    @Test
    void aCreatedAnswerWithoutAMessageIdMayHaveBeenAccepted() {
        answerSend(201, "{\"messageId\":\"\"}");

        MailException e = sendFails();

        assertThat(e.kind()).isEqualTo(FailureKind.SERVICE_UNAVAILABLE);
        assertThat(e.possiblyDelivered()).isTrue();
        assertThat(e.detail()).contains("without a JSON messageId");
    }

    @Test
    void aServerTricklingItsAnswerIsCutOffByTheCallTimeout() {
        mailer.close();
        mailer = BrevoMailer.builder().apiKey(KEY).baseUrl(wm.baseUrl()).timeout(Duration.ofSeconds(1)).build();
        answerSend(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody("{\"messageId\":\"<" + "t".repeat(2000) + "@relay>\"}").withChunkedDribbleDelay(200, 20_000));
        long start = System.nanoTime();

        MailException e = sendFails();

        assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION_TIMEOUT);
        assertThat(e.possiblyDelivered()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
    }

    @Test
    void anAttachmentTypeBrevoRefusesFailsBeforeAnyNetworkCall() {
        Email email = Email.builder().from("ada@example.com").to("bob@example.org").subject("s").text("t")
                .attach(Attachment.of("setup.exe", "application/octet-stream", new byte[] {1, 2, 3})).build();

        MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(email));

        assertThat(e.kind()).isEqualTo(FailureKind.MESSAGE_REJECTED);
        assertThat(e.detail()).contains("setup.exe", ".pdf");
        assertThat(e.hint()).contains("another transport");
        assertThat(wm.getAllServeEvents()).isEmpty();
    }

    @Test
    void messageOverTwentyMegabytesOnceEncodedFailsBeforeAnyNetworkCall(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("archive.zip");
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(16L * 1024 * 1024); // 21.3 MB in base64
        }
        Email email = Email.builder().from("ada@example.com").to("bob@example.org").subject("s").text("t")
                .attach(Attachment.of("archive.zip", "application/zip", file)).build();

        MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(email));

        assertThat(e.kind()).isEqualTo(FailureKind.MESSAGE_REJECTED);
        assertThat(e.detail()).contains("at most 20 MB");
        assertThat(wm.getAllServeEvents()).isEmpty();
    }

    @Test
    void checkReadsTheAccountAndItsCreditsAndSendsNothing() {
        answerAccount("{\"email\":\"ada@example.com\",\"firstName\":\"Ada\",\"lastName\":\"Lovelace\","
                + "\"companyName\":\"Example Ltd\",\"plan\":[{\"type\":\"free\",\"credits\":287,\"creditsType\":\"sendLimit\"}],"
                + "\"relay\":{\"enabled\":true,\"data\":{\"userName\":\"ada@example.com\",\"relay\":\"smtp-relay.brevo.com\","
                + "\"port\":587}}}");

        HealthCheck check = mailer.check();

        assertThat(check.healthy()).isTrue();
        assertThat(check.detail()).contains("Example Ltd", "287 email credits left");
        assertThat(wm.findAll(postRequestedFor(urlEqualTo(SEND)))).isEmpty();
    }

    @Test
    void checkOfAnAccountWithoutCreditsIsTheQuota() {
        answerAccount("{\"email\":\"ada@example.com\",\"plan\":[{\"type\":\"free\",\"credits\":0,\"creditsType\":\"sendLimit\"}]}");

        HealthCheck check = mailer.check();

        assertThat(check.failure()).contains(FailureKind.RATE_LIMITED);
        assertThat(check.detail()).contains("no email credits left");
    }

    @Test
    void checkWithAnUnknownKeyIsAuthenticationFailedAndShowsNoKey() {
        wm.stubFor(get(urlEqualTo("/v3/account")).willReturn(json(401, "{\"code\":\"unauthorized\",\"message\":\"Key not found\"}")));

        HealthCheck check = mailer.check();

        assertThat(check.failure()).contains(FailureKind.AUTHENTICATION_FAILED);
        assertThat(check.toString()).doesNotContain(KEY);
    }

    @Test
    void theKeyIsMaskedInTheExceptionToStringAndTraceLogEvenWhenEchoed() throws Exception {
        answerSend(aResponse().withStatus(400).withHeader("X-Echo", "api-key: " + KEY).withHeader("Content-Type", "application/json")
                .withBody("{\"code\":\"bad_request\",\"message\":\"header api-key: " + KEY + " refused\"}"));

        MailException e = sendFails();

        assertThat(e.getMessage()).doesNotContain(KEY).contains("****");
        assertThat(mailer.toString()).isEqualTo("BrevoMailer{" + wm.baseUrl() + "/ key=****}");
        assertThat(Files.readString(Path.of("target/mailover-http-test.log"), StandardCharsets.UTF_8))
                .contains("brevo: --> POST").doesNotContain(KEY);
    }

    @Test
    void theKeyIsRequired() {
        assertThatThrownBy(() -> BrevoMailer.builder().build()).hasMessageContaining("apiKey");
    }

    private static void answerSend(int status, String body) {
        answerSend(json(status, body));
    }

    private static void answerSend(ResponseDefinitionBuilder response) {
        wm.stubFor(post(urlEqualTo(SEND)).willReturn(response));
    }

    private static void answerAccount(String body) {
        wm.stubFor(get(urlEqualTo("/v3/account")).willReturn(json(200, body)));
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    private static LoggedRequest sent() {
        List<LoggedRequest> requests = wm.findAll(postRequestedFor(urlEqualTo(SEND)));
        assertThat(requests).hasSize(1);
        return requests.get(0);
    }

    private MailException sendFails() {
        MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(TestEmails.simple()));
        assertThat(e).as("the send must fail").isNotNull();
        return e;
    }
}
