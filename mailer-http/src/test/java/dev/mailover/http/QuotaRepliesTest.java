package dev.mailover.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mailover.FailureKind;
import dev.mailover.MailException;
import dev.mailover.Mailer;
import dev.mailover.testing.TestEmails;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A used-up sending quota is RATE_LIMITED whatever status or error code it comes with (SendGrid says
 * it with a 401, Mailgun with a 403 or 420, Resend with a 429, Brevo with a 402), so failover moves on and the hint says the daily quota is
 * reached, never "the key is wrong". SES's quota answers are tested in mailer-ses.
 */
class QuotaRepliesTest {

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

    @Test
    void sendGridMaximumCreditsExceededIsTheQuotaNotABadKey() throws Exception {
        server.enqueue(HttpMailers.json(401,
                "{\"errors\":[{\"message\":\"Maximum credits exceeded\",\"field\":null,\"help\":null}]}"));

        MailException e = sendFails(HttpMailers.SENDGRID);

        assertThat(e.kind()).isEqualTo(FailureKind.RATE_LIMITED);
        assertThat(e.code()).hasValue(401);
        assertThat(e.detail()).contains("Maximum credits exceeded");
        assertQuotaHint(e, "SendGrid");
        assertThat(server.takeRequest(5, TimeUnit.SECONDS).getUrl().encodedPath()).isEqualTo("/v3/mail/send");
    }

    @Test
    void mailgunLimitAnswerIsTheQuotaAndItsTryAgainAfterBecomesTheRetryAfter() {
        ZonedDateTime at = ZonedDateTime.now(ZoneOffset.UTC).plusMinutes(20).withNano(0);
        String when = DateTimeFormatter.RFC_1123_DATE_TIME.format(at).replace("GMT", "UTC");
        server.enqueue(HttpMailers.json(420, "{\"message\":\"Domain mg.example.com is not allowed to send: recipient"
                + " limit exceeded, try again after " + when + "\"}"));

        MailException e = sendFails(HttpMailers.MAILGUN);

        assertThat(e.kind()).isEqualTo(FailureKind.RATE_LIMITED);
        assertThat(e.code()).hasValue(420);
        assertQuotaHint(e, "Mailgun");
        assertThat(e.retryAfter()).hasValueSatisfying(d ->
                assertThat(d).isBetween(Duration.ofMinutes(19), Duration.ofMinutes(20)));
    }

    @Test
    void mailgunForbiddenBecauseOfASendingLimitIsTheQuotaNotAnUnverifiedDomain() {
        server.enqueue(HttpMailers.json(403, "{\"message\":\"Domain mg.example.com is not allowed to send: daily sending"
                + " limit exceeded\"}"));

        MailException e = sendFails(HttpMailers.MAILGUN);

        assertThat(e.kind()).isEqualTo(FailureKind.RATE_LIMITED);
        assertThat(e.retryAfter()).isEmpty();
        assertQuotaHint(e, "Mailgun");
    }

    @Test
    void postmarkOutOfCreditsIsTheQuota() {
        // ErrorCode 405 "Not allowed to send"; the wording of its message is unconfirmed, the credits are what it names
        server.enqueue(HttpMailers.json(422, "{\"ErrorCode\":405,\"Message\":\"Not allowed to send: you have run out"
                + " of credits.\"}"));

        MailException e = sendFails(HttpMailers.POSTMARK);

        assertThat(e.kind()).isEqualTo(FailureKind.RATE_LIMITED);
        assertThat(e.code()).hasValue(422);
        assertQuotaHint(e, "Postmark");
    }

    @Test
    void resendsDailyQuotaIsTheQuotaNotTheRateLimit() {
        server.enqueue(new MockResponse.Builder().code(429).addHeader("Content-Type", "application/json")
                .addHeader("ratelimit-limit", "2").addHeader("ratelimit-remaining", "1").addHeader("ratelimit-reset", "1")
                .body("{\"statusCode\":429,\"message\":\"You have reached your daily email sending quota.\","
                        + "\"name\":\"daily_quota_exceeded\"}").build());

        MailException e = sendFails(HttpMailers.RESEND);

        assertThat(e.kind()).isEqualTo(FailureKind.RATE_LIMITED);
        assertThat(e.code()).hasValue(429);
        assertThat(e.detail()).contains("daily_quota_exceeded");
        assertQuotaHint(e, "Resend");
    }

    @Test
    void brevosNotEnoughCreditsIsTheQuota() {
        server.enqueue(HttpMailers.json(402, "{\"code\":\"not_enough_credits\",\"message\":\"You don't have enough"
                + " credits to send this email\"}"));

        MailException e = sendFails(HttpMailers.BREVO);

        assertThat(e.kind()).isEqualTo(FailureKind.RATE_LIMITED);
        assertThat(e.code()).hasValue(402);
        assertThat(e.detail()).contains("not_enough_credits");
        assertQuotaHint(e, "Brevo");
    }

    private static void assertQuotaHint(MailException e, String provider) {
        assertThat(e.kind().failsOver()).isTrue();
        assertThat(e.hint()).contains("daily sending quota at " + provider + " is reached", "another transport");
    }

    private MailException sendFails(HttpMailers provider) {
        try (Mailer mailer = provider.create(server.url("/").toString(), Duration.ofSeconds(10))) {
            MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(TestEmails.simple()));
            assertThat(e).as("the quota answer must fail the send").isNotNull();
            assertThat(e.getMessage()).doesNotContain(provider.secret());
            return e;
        }
    }
}
