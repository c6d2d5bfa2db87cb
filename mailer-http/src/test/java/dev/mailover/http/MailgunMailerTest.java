package dev.mailover.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mailover.Attachment;
import dev.mailover.Email;
import dev.mailover.FailureKind;
import dev.mailover.HealthCheck;
import dev.mailover.MailException;
import dev.mailover.SendResult;
import dev.mailover.testing.TestEmails;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MailgunMailerTest {

    private static final String KEY = "key-3ax6xnjp29jd6fds4gc373sgvjxteol0";

    private MockWebServer server;
    private MailgunMailer mailer;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
        mailer = MailgunMailer.builder().apiKey(KEY).domain("mg.example.com").baseUrl(server.url("/").toString()).build();
    }

    @AfterEach
    void stop() {
        mailer.close();
        server.close();
    }

    @Test
    void fullyLoadedEmailIsPostedAsTheDocumentedFormFields() throws Exception {
        server.enqueue(json(200, "{\"id\":\"<20251129012345.1.ABCDEF@mg.example.com>\",\"message\":\"Queued. Thank you.\"}"));

        SendResult result = mailer.send(TestEmails.fullyLoaded());

        RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/v3/mg.example.com/messages");
        assertThat(request.getHeaders().get("Authorization"))
                .isEqualTo("Basic " + Base64.getEncoder().encodeToString(("api:" + KEY).getBytes()));
        assertThat(request.getHeaders().get("Content-Type")).startsWith("multipart/form-data; boundary=");
        List<MultipartFields.Field> fields = MultipartFields.of(request);
        assertThat(fields).extracting(Object::toString).containsExactly(
                "from=Ada Lovelace <ada@example.com>",
                "to=Bob Builder <bob@example.org>",
                "to=carol@example.org",
                "cc=Dan <dan@example.org>",
                "bcc=eve@example.org",
                "subject=Quarterly report",
                "text=Hello Bob",
                "html=<p>Hello Bob <img src=\"cid:logo\"></p>",
                "h:Reply-To=support@example.com",
                "h:Message-Id=<q3-report-1@example.com>",
                "h:X-Campaign=q3",
                "o:tag=reports",
                "o:tag=q3",
                "v:customer=42",
                "attachment@report.pdf",
                "inline@logo");
        assertThat(fields.get(14).body()).isEqualTo(TestEmails.PDF);
        assertThat(fields.get(14).contentType()).isEqualTo("application/pdf");
        assertThat(fields.get(15).body()).isEqualTo(TestEmails.PNG);
        assertThat(fields.get(15).contentType()).isEqualTo("image/png");
        assertThat(result.messageId()).isEqualTo("<20251129012345.1.ABCDEF@mg.example.com>");
        assertThat(result.transport()).isEqualTo("mailgun");
    }

    @Test
    void testModeAddsTheOption() throws Exception {
        mailer.close();
        mailer = MailgunMailer.builder().apiKey(KEY).domain("mg.example.com").baseUrl(server.url("/").toString())
                .testMode(true).build();
        server.enqueue(json(200, "{\"id\":\"<x@mg.example.com>\",\"message\":\"Queued. Thank you.\"}"));
        mailer.send(TestEmails.simple());
        assertThat(MultipartFields.of(server.takeRequest(5, TimeUnit.SECONDS))).extracting(Object::toString)
                .contains("o:testmode=yes");
    }

    @Test
    void onlyTheFirstThreeTagsAreSent() throws Exception {
        server.enqueue(json(200, "{\"id\":\"<x@mg.example.com>\",\"message\":\"Queued. Thank you.\"}"));
        mailer.send(Email.builder().from("ada@example.com").to("bob@example.org").subject("s").text("t")
                .tag("a").tag("b").tag("c").tag("d").build());
        assertThat(MultipartFields.of(server.takeRequest(5, TimeUnit.SECONDS))).extracting(Object::toString)
                .filteredOn(f -> f.startsWith("o:tag")).containsExactly("o:tag=a", "o:tag=b", "o:tag=c");
    }

    @Test
    void plainTextForbiddenIsAuthenticationFailedMentioningTheRegion() {
        server.enqueue(new MockResponse.Builder().code(401).addHeader("Content-Type", "text/plain").body("Forbidden").build());

        MailException e = sendFails();

        assertThat(e.kind()).isEqualTo(FailureKind.AUTHENTICATION_FAILED);
        assertThat(e.code()).hasValue(401);
        assertThat(e.detail()).isEqualTo("HTTP 401: Forbidden");
        assertThat(e.hint()).contains("region");
        assertThat(e.getMessage()).doesNotContain(KEY);
    }

    @Test
    void badRequestIsMessageRejectedWithMailgunsMessage() {
        server.enqueue(json(400, "{\"message\":\"to parameter is not a valid address. please check documentation\"}"));
        MailException e = sendFails();
        assertThat(e.kind()).isEqualTo(FailureKind.MESSAGE_REJECTED);
        assertThat(e.detail()).isEqualTo("HTTP 400: to parameter is not a valid address. please check documentation");
    }

    @Test
    void forbiddenDomainIsSenderRejected() {
        server.enqueue(json(403, "{\"message\":\"Domain mg.example.com is not allowed to send: Free accounts are for test purposes only. Please upgrade or add the address to authorized recipients in Account Settings.\"}"));
        MailException e = sendFails();
        assertThat(e.kind()).isEqualTo(FailureKind.SENDER_REJECTED);
        assertThat(e.detail()).contains("not allowed to send");
    }

    @Test
    void notFoundWithoutJsonIsAWrongDomainOrUrl() {
        server.enqueue(new MockResponse.Builder().code(404).addHeader("Content-Type", "text/html")
                .body("<!DOCTYPE html><html><body>404 page not found</body></html>").build());
        MailException e = sendFails();
        assertThat(e.kind()).isEqualTo(FailureKind.INVALID_CONFIGURATION);
        assertThat(e.hint()).contains("domain");
    }

    @Test
    void rateLimitedCarriesRetryAfter() {
        server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "12")
                .body("{\"message\":\"Too many requests\"}").build());
        MailException e = sendFails();
        assertThat(e.kind()).isEqualTo(FailureKind.RATE_LIMITED);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(12));
    }

    @Test
    void serverErrorIsServiceUnavailable() {
        server.enqueue(json(502, "{\"message\":\"Bad gateway\"}"));
        assertThat(sendFails().kind()).isEqualTo(FailureKind.SERVICE_UNAVAILABLE);
    }

    @Test
    void messageOverTwentyFiveMegabytesFailsBeforeAnyNetworkCall() {
        byte[] big = new byte[19 * 1024 * 1024]; // 25.3 MB once base64-encoded
        Email email = Email.builder().from("ada@example.com").to("bob@example.org").subject("s").text("t")
                .attach(dev.mailover.Attachment.of("big.bin", "application/octet-stream", big)).build();
        MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(email));
        assertThat(e.kind()).isEqualTo(FailureKind.MESSAGE_REJECTED);
        assertThat(e.detail()).contains("at most 25 MB");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void optionsOverSixteenKilobytesFailBeforeAnyNetworkCall() {
        Email email = Email.builder().from("ada@example.com").to("bob@example.org").subject("s").text("t")
                .metadata("blob", "x".repeat(17 * 1024)).build();
        MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(email));
        assertThat(e.kind()).isEqualTo(FailureKind.MESSAGE_REJECTED);
        assertThat(e.detail()).contains("16384");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void checkReportsAnActiveDomain() throws Exception {
        server.enqueue(json(200, "{\"domain\":{\"name\":\"mg.example.com\",\"state\":\"active\"},\"receiving_dns_records\":[],\"sending_dns_records\":[]}"));
        HealthCheck check = mailer.check();
        assertThat(check.healthy()).isTrue();
        assertThat(check.detail()).contains("active");
        RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(request.getMethod()).isEqualTo("GET");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/v4/domains/mg.example.com");
    }

    @Test
    void checkReportsAnUnverifiedDomain() {
        server.enqueue(json(200, "{\"domain\":{\"name\":\"mg.example.com\",\"state\":\"unverified\"}}"));
        HealthCheck check = mailer.check();
        assertThat(check.failure()).contains(FailureKind.SENDER_REJECTED);
        assertThat(check.detail()).contains("unverified");
        assertThat(check.hint()).contains("DNS");
    }

    @Test
    void checkWithADomainSendingKeyCannotReadTheDomainButConfirmsTheKeyWithoutSending() throws Exception {
        server.enqueue(new MockResponse.Builder().code(401).body("Forbidden").build());
        server.enqueue(json(400, "{\"message\":\"from parameter is missing\"}"));

        HealthCheck check = mailer.check();

        assertThat(check.healthy()).isTrue();
        assertThat(check.detail()).contains("domain sending key");
        server.takeRequest(5, TimeUnit.SECONDS);
        RecordedRequest probe = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(probe.getUrl().encodedPath()).isEqualTo("/v3/mg.example.com/messages");
        assertThat(probe.getBodySize()).isZero();
    }

    @Test
    void checkWithABadKeyIsAuthenticationFailed() {
        server.enqueue(new MockResponse.Builder().code(401).body("Forbidden").build());
        server.enqueue(new MockResponse.Builder().code(401).body("Forbidden").build());
        HealthCheck check = mailer.check();
        assertThat(check.failure()).contains(FailureKind.AUTHENTICATION_FAILED);
        assertThat(check.toString()).doesNotContain(KEY);
    }

    @Test
    void regionChoosesTheEndpoint() {
        try (MailgunMailer eu = MailgunMailer.builder().apiKey(KEY).domain("mg.example.com").region(MailgunMailer.Region.EU).build()) {
            assertThat(eu.toString()).contains("https://api.eu.mailgun.net").doesNotContain(KEY);
        }
        try (MailgunMailer us = MailgunMailer.builder().apiKey(KEY).domain("mg.example.com").build()) {
            assertThat(us.toString()).contains("https://api.mailgun.net");
        }
    }

    @Test
    void domainIsRequiredAndChecked() {
        assertThatThrownBy(() -> MailgunMailer.builder().apiKey(KEY).build()).hasMessageContaining("domain");
        assertThatThrownBy(() -> MailgunMailer.builder().domain("mg.example.com/../x")).hasMessageContaining("domain");
    }

    @Test
    void attachmentFileThatVanishedIsMessageRejectedBeforeAnyNetworkCall(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("notes.txt"), "notes");
        Email email = Email.builder().from("ada@example.com").to("bob@example.org").subject("s").text("t")
                .attach(Attachment.of("notes.txt", "text/plain", file)).build();
        Files.delete(file);
        MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(email));
        assertThat(e.kind()).isEqualTo(FailureKind.MESSAGE_REJECTED);
        assertThat(e.detail()).contains("notes.txt");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void fileAttachmentIsStreamedIntoTheMultipartForm(@TempDir Path dir) throws Exception {
        byte[] content = new byte[300_000];
        new java.util.Random(7).nextBytes(content);
        Path file = Files.write(dir.resolve("data.bin"), content);
        server.enqueue(json(200, "{\"id\":\"<m@mg.example.com>\",\"message\":\"Queued. Thank you.\"}"));
        mailer.send(Email.builder().from("ada@example.com").to("bob@example.org").subject("s").text("t")
                .attach(Attachment.of("data.bin", "application/octet-stream", file)).build());
        var fields = MultipartFields.of(server.takeRequest(5, TimeUnit.SECONDS));
        assertThat(fields.get(fields.size() - 1).filename()).isEqualTo("data.bin");
        assertThat(fields.get(fields.size() - 1).body()).isEqualTo(content);
    }

    private MailException sendFails() {
        return catchThrowableOfType(MailException.class, () -> mailer.send(TestEmails.simple()));
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
    }
}
