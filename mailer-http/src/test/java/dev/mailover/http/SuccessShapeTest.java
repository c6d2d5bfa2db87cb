package dev.mailover.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mailover.Email;
import dev.mailover.FailureKind;
import dev.mailover.HealthCheck;
import dev.mailover.MailException;
import dev.mailover.Mailer;
import dev.mailover.SendResult;
import dev.mailover.testing.TestEmails;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An HTTP 2xx is a delivery only with the provider's documented success shape: anything else, such as
 * a captive portal's sign-in page, is a failure that fails over, and the Email's own Message-ID is
 * never passed off as the provider's id.
 */
class SuccessShapeTest {

    private static final String PORTAL = """
            <!DOCTYPE html>
            <html><head><title>Hotel Wi-Fi - please sign in</title></head>
            <body><form action="/login"><input name="room"><button>Connect</button></form></body></html>
            """;

    private MockWebServer server;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @ParameterizedTest
    @EnumSource(HttpMailers.class)
    void captivePortalSignInPageIsAFailureOnThePathNotADelivery(HttpMailers provider) throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/html; charset=utf-8")
                .body(PORTAL).build());

        MailException e = sendFails(provider);

        assertThat(e.kind()).isEqualTo(FailureKind.SERVICE_UNAVAILABLE);
        assertThat(e.kind().transportFault()).as("counts toward the breaker").isTrue();
        assertThat(e.kind().failsOver()).isTrue();
        assertThat(e.possiblyDelivered()).as("the portal never forwarded the request").isFalse();
        assertThat(e.hint()).contains("answered instead of the API", "captive portal or proxy");
        assertThat(e.code()).hasValue(200);
        assertThat(e.detail()).contains("HTML page titled 'Hotel Wi-Fi - please sign in'");
        assertThat(server.takeRequest(5, TimeUnit.SECONDS).getMethod()).isEqualTo("POST");
    }

    @ParameterizedTest
    @EnumSource(value = HttpMailers.class, names = {"MAILGUN", "POSTMARK", "RESEND", "BREVO"})
    void emptyOkFromAProviderThatAlwaysAnswersJsonIsNotItsAnswer(HttpMailers provider) {
        server.enqueue(new MockResponse.Builder().code(200).build());

        MailException e = sendFails(provider);

        assertThat(e.kind()).isEqualTo(FailureKind.SERVICE_UNAVAILABLE);
        assertThat(e.possiblyDelivered()).isFalse();
        assertThat(e.detail()).contains("HTTP 200 with an empty body");
        assertThat(e.hint()).contains("captive portal");
    }

    @Test
    void emptyOkOutsideSandboxModeIsNotSendGridsAnswer() {
        server.enqueue(new MockResponse.Builder().code(200).build());

        MailException e = sendFails(HttpMailers.SENDGRID);

        assertThat(e.kind()).isEqualTo(FailureKind.SERVICE_UNAVAILABLE);
        assertThat(e.possiblyDelivered()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(HttpMailers.class)
    void providersAnswerWithoutItsIdMayHaveBeenAcceptedSoItIsPossiblyDelivered(HttpMailers provider) {
        server.enqueue(provider.acceptedWithoutId());

        MailException e = sendFails(provider);

        assertThat(e.kind()).isEqualTo(FailureKind.SERVICE_UNAVAILABLE);
        assertThat(e.possiblyDelivered()).isTrue();
        assertThat(e.hint()).contains("may have been accepted", "activity log before sending it again");
        assertThat(e.getMessage()).contains("may have been delivered");
    }

    @ParameterizedTest
    @EnumSource(HttpMailers.class)
    void anUndocumentedSuccessStatusIsNotADelivery(HttpMailers provider) {
        server.enqueue(new MockResponse.Builder().code(204).build());
        assertThat(sendFails(provider).kind()).isEqualTo(FailureKind.SERVICE_UNAVAILABLE);
    }

    @Test
    void postmarkErrorCodeInsideA200IsClassifiedByItsCode() {
        server.enqueue(HttpMailers.json(200, "{\"ErrorCode\":300,\"Message\":\"Invalid 'From' address.\"}"));
        MailException e = sendFails(HttpMailers.POSTMARK);
        assertThat(e.kind()).isEqualTo(FailureKind.MESSAGE_REJECTED);
        assertThat(e.detail()).contains("ErrorCode 300");
    }

    @ParameterizedTest
    @EnumSource(HttpMailers.class)
    void aDeliveryCarriesTheProvidersIdNeverTheEmailsOwn(HttpMailers provider) {
        server.enqueue(provider.accepted("prov-id-7"));
        Email email = TestEmails.simple();
        try (Mailer mailer = provider.create(server.url("/").toString(), Duration.ofSeconds(10))) {
            SendResult result = mailer.send(email);
            assertThat(result.messageId()).contains("prov-id-7").isNotEqualTo(email.messageId());
        }
    }

    @Test
    void sandboxValidationWithoutAnIdIsAcceptedWithAnEmptyIdNotTheEmailsOwn() throws Exception {
        Email email = TestEmails.simple();
        try (SendGridMailer sandbox = SendGridMailer.builder().apiKey(HttpMailers.SENDGRID.secret())
                .baseUrl(server.url("/").toString()).sandbox(true).build()) {
            server.enqueue(new MockResponse.Builder().code(200).build());
            SendResult validated = sandbox.send(email);
            server.enqueue(new MockResponse.Builder().code(200).addHeader("X-Message-Id", "sandbox-id").build());
            SendResult withId = sandbox.send(email);
            server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/html").body(PORTAL).build());
            MailException portal = catchThrowableOfType(MailException.class, () -> sandbox.send(email));

            assertThat(validated.messageId()).isEmpty();
            assertThat(validated.attempts().get(0).detail()).contains("sandbox", "without an X-Message-Id");
            assertThat(withId.messageId()).isEqualTo("sandbox-id");
            assertThat(portal.kind()).isEqualTo(FailureKind.SERVICE_UNAVAILABLE);
        }
    }

    @Test
    void anIdThatIsGarbageIsNotAnId() {
        server.enqueue(HttpMailers.json(200, "{\"id\":\"" + "x".repeat(5000) + "\",\"message\":\"Queued. Thank you.\"}"));
        MailException e = sendFails(HttpMailers.MAILGUN);
        assertThat(e.kind()).isEqualTo(FailureKind.SERVICE_UNAVAILABLE);
        assertThat(e.getMessage().length()).isLessThan(3000);
    }

    @ParameterizedTest
    @EnumSource(HttpMailers.class)
    void checkAnsweredByACaptivePortalIsUnhealthyNotHealthy(HttpMailers provider) {
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/html").body(PORTAL).build());
        try (Mailer mailer = provider.create(server.url("/").toString(), Duration.ofSeconds(10))) {
            HealthCheck check = mailer.check();

            assertThat(check.healthy()).isFalse();
            assertThat(check.failure()).contains(FailureKind.SERVICE_UNAVAILABLE);
            assertThat(check.hint()).contains("captive portal");
        }
    }

    private MailException sendFails(HttpMailers provider) {
        try (Mailer mailer = provider.create(server.url("/").toString(), Duration.ofSeconds(10))) {
            MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(TestEmails.simple()));
            assertThat(e).as("a 2xx without the success shape must not be a delivery").isNotNull();
            return e;
        }
    }
}
