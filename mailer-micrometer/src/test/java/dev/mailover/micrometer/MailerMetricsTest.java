package dev.mailover.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mailover.Email;
import dev.mailover.MailException;
import dev.mailover.Mailer;
import dev.mailover.Mailers;
import dev.mailover.SendResult;
import dev.mailover.failover.FailoverMailer;
import dev.mailover.testing.Peers;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The listener's meters after real sends: SMTP against a closed port on 127.0.0.1 fails over to SendGrid
 * on a local MockWebServer.
 */
class MailerMetricsTest {

    static final String RECIPIENT = "alice.recipient@rcpt.example";
    static final String SUBJECT = "Your order 4711 has shipped";

    private final MeterRegistry registry = new SimpleMeterRegistry();
    private SendGridStub sendgrid;
    private Mailer mailer;

    @BeforeEach
    void buildFailover() throws Exception {
        sendgrid = new SendGridStub();
        mailer = FailoverMailer.builder()
                .transport(Mailers.fromDsn("smtp://127.0.0.1:" + Peers.closedPort() + "?security=none&connect_timeout=2s"))
                .transport(Mailers.fromDsn(sendgrid.dsn()))
                .listener(MailerMetrics.listener(registry))
                .build();
    }

    @AfterEach
    void close() {
        mailer.close();
        sendgrid.close();
    }

    static Email email() {
        return Email.builder().from("orders@shop.example").to(RECIPIENT).subject(SUBJECT)
                .text("It is on its way.").build();
    }

    @Test
    void aFailoverSendTimesEachAttemptWithItsTransportOutcomeAndKind() {
        SendResult result = mailer.send(email());

        assertThat(result.transport()).isEqualTo("sendgrid");
        assertThat(registry.get("mail.send").tags("transport", "smtp", "outcome", "failed", "kind", "connection_refused")
                .timer().count()).isEqualTo(1);
        assertThat(registry.get("mail.send").tags("transport", "sendgrid", "outcome", "delivered", "kind", "none")
                .timer().count()).isEqualTo(1);
        assertThat(registry.get("mail.send").timers()).hasSize(2);
    }

    @Test
    void aFailoverIsCountedFromOneTransportToTheNextWithItsReason() {
        mailer.send(email());

        assertThat(registry.get("mail.failover").tags("from", "smtp", "to", "sendgrid", "kind", "connection_refused")
                .counter().count()).isEqualTo(1);
    }

    @Test
    void theBreakerGaugesShowTheCurrentStateAsOneAndTheOthersAsZero() {
        mailer.send(email());

        // A refused connection opens the breaker at once.
        assertThat(gauge("smtp", "open")).isEqualTo(1);
        assertThat(gauge("smtp", "closed")).isZero();
        assertThat(gauge("smtp", "half_open")).isZero();
        assertThat(gauge("sendgrid", "closed")).isEqualTo(1);
        assertThat(gauge("sendgrid", "open")).isZero();
        assertThat(registry.get("mail.circuit.state").tag("transport", "smtp").gauges())
                .hasSize(MeteringListener.STATES.size());
    }

    @Test
    void aTransportSkippedWhileItsBreakerIsOpenIsCountedAsSkipped() {
        mailer.send(email());
        mailer.send(email());

        assertThat(registry.get("mail.send").tags("transport", "smtp", "outcome", "skipped", "kind", "none")
                .timer().count()).isEqualTo(1);
        assertThat(registry.get("mail.send").tags("transport", "sendgrid", "outcome", "delivered").timer().count())
                .isEqualTo(2);
        assertThat(registry.get("mail.failover").counter().count()).isEqualTo(1);
    }

    @Test
    void aSendThatFailsEverywhereIsTimedAsFailedOnEachTransport() throws Exception {
        try (Mailer down = FailoverMailer.builder()
                .transport(Mailers.fromDsn("smtp://127.0.0.1:" + Peers.closedPort() + "?security=none"))
                .transport(Mailers.fromDsn("sendgrid+api://" + SendGridStub.API_KEY + "@127.0.0.1:" + Peers.closedPort()))
                .listener(MailerMetrics.listener(registry))
                .build()) {
            MailException e = catchThrowableOfType(MailException.class, () -> down.send(email()));

            assertThat(e.attempts()).hasSize(2);
            assertThat(registry.get("mail.send").tags("outcome", "failed", "kind", "connection_refused").timers())
                    .extracting(t -> t.getId().getTag("transport")).containsExactlyInAnyOrder("smtp", "sendgrid");
        }
    }

    @Test
    void noTagCarriesARecipientASubjectAMessageIdOrASecret() {
        Email email = email();
        mailer.send(email);
        mailer.send(email());

        List<String> values = registry.getMeters().stream().map(Meter::getId)
                .flatMap(id -> id.getTags().stream()).map(Tag::getValue).toList();
        assertThat(values).isNotEmpty().allSatisfy(v -> assertThat(v)
                .doesNotContain("alice").doesNotContain("rcpt.example").doesNotContain("4711")
                .doesNotContain(stripBrackets(email.messageId())).doesNotContain("shop.example")
                .doesNotContain(SendGridStub.API_KEY).doesNotContain("secret"));
    }

    @Test
    void theAttemptTimerIsInSecondsWithADescription() {
        mailer.send(email());

        Meter.Id id = registry.get("mail.send").timers().iterator().next().getId();
        assertThat(id.getBaseUnit()).isEqualTo("seconds");
        assertThat(id.getDescription()).contains("transport");
        assertThat(registry.get("mail.send").tag("transport", "smtp").timer().totalTime(java.util.concurrent.TimeUnit.NANOSECONDS))
                .isPositive();
    }

    private double gauge(String transport, String state) {
        return registry.get("mail.circuit.state").tags("transport", transport, "state", state).gauge().value();
    }

    static String stripBrackets(String messageId) {
        return messageId.substring(1, messageId.length() - 1);
    }
}
