package dev.mailover.ses;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An SES answer is a delivery only with a MessageId: anything else, such as a captive portal's sign-in
 * page, is a failure that fails over, and the Email's own Message-ID is never passed off as SES's id.
 */
class SuccessShapeTest {

    private static final String PORTAL = """
            <!DOCTYPE html>
            <html><head><title>Hotel Wi-Fi - please sign in</title></head>
            <body><form action="/login"><input name="room"><button>Connect</button></form></body></html>
            """;

    @RegisterExtension
    final MockSes ses = new MockSes();

    @Test
    void captivePortalSignInPageIsAFailureOnThePathNotADelivery() throws Exception {
        ses.server().enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/html; charset=utf-8")
                .body(PORTAL).build());

        MailException e = sendFails();

        // the AWS SDK shows neither the status nor the body, only that the answer is not SES's JSON
        assertThat(e.kind()).isEqualTo(FailureKind.SERVICE_UNAVAILABLE);
        assertThat(e.kind().transportFault()).as("counts toward the breaker").isTrue();
        assertThat(e.kind().failsOver()).isTrue();
        assertThat(e.possiblyDelivered()).as("the portal never forwarded the request").isFalse();
        assertThat(e.hint()).contains("answered instead of the API", "captive portal or proxy");
        assertThat(ses.server().takeRequest(5, TimeUnit.SECONDS).getMethod()).isEqualTo("POST");
    }

    @Test
    void sesAnswerWithoutItsMessageIdMayHaveBeenAcceptedSoItIsPossiblyDelivered() {
        ses.server().enqueue(MockSes.acceptedWithoutId());

        MailException e = sendFails();

        assertThat(e.kind()).isEqualTo(FailureKind.SERVICE_UNAVAILABLE);
        assertThat(e.possiblyDelivered()).isTrue();
        assertThat(e.hint()).contains("may have been accepted", "activity log before sending it again");
        assertThat(e.getMessage()).contains("may have been delivered");
    }

    @Test
    void jsonWithoutAnAwsRequestIdIsNotSesAnswer() {
        ses.server().enqueue(MockSes.json(200, "{}"));

        MailException e = sendFails();

        assertThat(e.kind()).isEqualTo(FailureKind.SERVICE_UNAVAILABLE);
        assertThat(e.possiblyDelivered()).isFalse();
        assertThat(e.hint()).contains("captive portal");
    }

    @Test
    void aDeliveryCarriesSesMessageIdNeverTheEmailsOwn() {
        ses.server().enqueue(MockSes.accepted("prov-id-7"));
        Email email = TestEmails.simple();
        try (Mailer mailer = ses.mailer(Duration.ofSeconds(10))) {
            SendResult result = mailer.send(email);

            assertThat(result.messageId()).contains("prov-id-7").isNotEqualTo(email.messageId());
        }
    }

    @Test
    void checkAnsweredByACaptivePortalIsUnhealthyNotHealthy() {
        ses.server().enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/html").body(PORTAL).build());
        try (Mailer mailer = ses.mailer(Duration.ofSeconds(10))) {
            HealthCheck check = mailer.check();

            assertThat(check.healthy()).isFalse();
            assertThat(check.failure()).contains(FailureKind.SERVICE_UNAVAILABLE);
            assertThat(check.hint()).contains("captive portal");
        }
    }

    private MailException sendFails() {
        try (Mailer mailer = ses.mailer(Duration.ofSeconds(10))) {
            MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(TestEmails.simple()));
            assertThat(e).as("an answer without a MessageId must not be a delivery").isNotNull();
            return e;
        }
    }
}
