package dev.mailover.micrometer;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailover.Email;
import dev.mailover.FailureKind;
import dev.mailover.MailException;
import dev.mailover.Mailer;
import dev.mailover.Mailers;
import dev.mailover.failover.FailoverMailer;
import dev.mailover.test.RecordingMailer;
import dev.mailover.testing.Peers;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.tck.TestObservationRegistry;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The observation around a send, read back from micrometer-observation-test's {@link TestObservationRegistry}. */
class ObservedMailerTest {

    private final TestObservationRegistry observations = TestObservationRegistry.create();
    private SendGridStub sendgrid;

    @BeforeEach
    void startSendGrid() throws Exception {
        sendgrid = new SendGridStub();
    }

    @AfterEach
    void stopSendGrid() {
        sendgrid.close();
    }

    private Mailer failover() throws Exception {
        return FailoverMailer.builder()
                .transport(Mailers.fromDsn("smtp://127.0.0.1:" + Peers.closedPort() + "?security=none"))
                .transport(Mailers.fromDsn(sendgrid.dsn()))
                .build();
    }

    @Test
    void aDeliveredSendIsOneObservationNamedMailDeliveryWithTheDeliveringTransport() throws Exception {
        try (Mailer mailer = MailerMetrics.observe(failover(), observations)) {
            mailer.send(MailerMetricsTest.email());
        }

        assertThat(observations).hasNumberOfObservationsEqualTo(1)
                .hasSingleObservationThat()
                .hasNameEqualTo("mail.delivery")
                .hasContextualNameEqualTo("mail send")
                .hasBeenStarted().hasBeenStopped()
                .hasLowCardinalityKeyValue("mailer", "failover")
                .hasLowCardinalityKeyValue("transport", "sendgrid")
                .hasLowCardinalityKeyValue("outcome", "delivered")
                .hasLowCardinalityKeyValue("kind", "none")
                .hasHighCardinalityKeyValue("mail.attempts", "2")
                .doesNotHaveError();
    }

    @Test
    void aFailedSendIsObservedWithItsKindAndItsError() {
        RecordingMailer recording = RecordingMailer.create();
        recording.failNext(FailureKind.RATE_LIMITED);
        Mailer mailer = MailerMetrics.observe(recording, observations);

        assertThatThrownBy(() -> mailer.send(MailerMetricsTest.email())).isInstanceOf(MailException.class);

        assertThat(observations).hasSingleObservationThat()
                .hasLowCardinalityKeyValue("mailer", "recording")
                .hasLowCardinalityKeyValue("transport", "recording")
                .hasLowCardinalityKeyValue("outcome", "failed")
                .hasLowCardinalityKeyValue("kind", "rate_limited")
                .hasError()
                .hasBeenStopped();
    }

    @Test
    void anAsynchronousSendIsObservedUntilItsFutureCompletes() {
        RecordingMailer recording = RecordingMailer.create();
        recording.failNext(FailureKind.SERVICE_UNAVAILABLE);
        Mailer mailer = MailerMetrics.observe(recording, observations);

        assertThatThrownBy(() -> mailer.sendAsync(MailerMetricsTest.email()).join())
                .isInstanceOf(CompletionException.class).hasCauseInstanceOf(MailException.class);
        mailer.sendAsync(MailerMetricsTest.email()).join();

        assertThat(observations).hasNumberOfObservationsEqualTo(2)
                .hasAnObservation(o -> o.hasLowCardinalityKeyValue("kind", "service_unavailable").hasError())
                .hasAnObservation(o -> o.hasLowCardinalityKeyValue("outcome", "delivered").doesNotHaveError());
    }

    @Test
    void noKeyCarriesARecipientASubjectOrAMessageId() {
        Email email = MailerMetricsTest.email();
        MailerMetrics.observe(RecordingMailer.create(), observations).send(email);

        assertThat(observations).hasSingleObservationThat().satisfies(o -> {
            KeyValues all = o.getAllKeyValues();
            assertThat(all.stream()).allSatisfy(kv -> assertThat(kv.getValue())
                    .doesNotContain("alice").doesNotContain("4711").doesNotContain("rcpt.example")
                    .doesNotContain(MailerMetricsTest.stripBrackets(email.messageId())));
        });
    }

    @Test
    void aConventionOfTheUsersOwnReplacesTheDefault() {
        MailSendObservationConvention mine = new DefaultMailSendObservationConvention() {
            @Override
            public String getName() {
                return "shop.mail";
            }

            @Override
            public KeyValues getLowCardinalityKeyValues(MailSendContext context) {
                return super.getLowCardinalityKeyValues(context)
                        .and("campaign", context.email().tags().isEmpty() ? "none" : context.email().tags().get(0));
            }
        };
        Email tagged = Email.builder().from("orders@shop.example").to("bob@rcpt.example").subject("Hi").text("x")
                .tag("welcome").build();

        MailerMetrics.observe(RecordingMailer.create(), observations, mine).send(tagged, Duration.ofSeconds(5));

        assertThat(observations).hasSingleObservationThat().hasNameEqualTo("shop.mail")
                .hasLowCardinalityKeyValue("campaign", "welcome")
                .hasLowCardinalityKeyValue("outcome", "delivered");
    }

    @Test
    void checksNamesAndClosingPassStraightThrough() {
        RecordingMailer recording = RecordingMailer.create();
        Mailer mailer = MailerMetrics.observe(recording, observations);

        assertThat(mailer.name()).isEqualTo("recording");
        assertThat(mailer.check().healthy()).isTrue();
        mailer.close();
        assertThat(recording.check().healthy()).isFalse();
        assertThat(observations).doesNotHaveAnyObservation();
    }
}
