package dev.mailover.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailover.Mailer;
import dev.mailover.Mailers;
import dev.mailover.failover.FailoverMailer;
import dev.mailover.testing.Peers;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The listener's per-attempt {@code mail.send} timer and the observation's timer in one registry, as Spring
 * Boot wires them: Micrometer's {@link DefaultMeterObservationHandler} names its timer after the observation,
 * so the two must have different names, or Prometheus refuses the second ("same name, different tag keys")
 * and each send is counted twice.
 */
class MetersAndObservationTogetherTest {

    private SendGridStub sendgrid;

    @BeforeEach
    void startSendGrid() throws Exception {
        sendgrid = new SendGridStub();
    }

    @AfterEach
    void stopSendGrid() {
        sendgrid.close();
    }

    private Mailer observedFailover(MeterRegistry meters) throws Exception {
        ObservationRegistry observations = ObservationRegistry.create();
        observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
        return MailerMetrics.observe(FailoverMailer.builder()
                .transport(Mailers.fromDsn("smtp://127.0.0.1:" + Peers.closedPort() + "?security=none"))
                .transport(Mailers.fromDsn(sendgrid.dsn()))
                .listener(MailerMetrics.listener(meters))
                .build(), observations);
    }

    @Test
    void aPrometheusRegistryScrapesBothTimersAndCountsAttemptsAndSendsApart() throws Exception {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (Mailer mailer = observedFailover(prometheus)) {
            mailer.send(MailerMetricsTest.email());
            mailer.send(MailerMetricsTest.email());
        }

        String scrape = prometheus.scrape();
        // Three attempts (smtp refused, then skipped while its breaker is open; sendgrid twice) ...
        assertThat(scrape).contains("mail_send_seconds_count{kind=\"connection_refused\",outcome=\"failed\",transport=\"smtp\"} 1")
                .contains("mail_send_seconds_count{kind=\"none\",outcome=\"skipped\",transport=\"smtp\"} 1")
                .contains("mail_send_seconds_count{kind=\"none\",outcome=\"delivered\",transport=\"sendgrid\"} 2");
        // ... and two sends, each counted once.
        assertThat(scrape).contains("mail_delivery_seconds_count{error=\"none\",kind=\"none\",mailer=\"failover\","
                + "outcome=\"delivered\",transport=\"sendgrid\"} 2");
        assertThat(scrape).contains("mail_failover_total{from=\"smtp\",kind=\"connection_refused\",to=\"sendgrid\"} 1");
        assertThat(scrape).contains("mail_circuit_state{state=\"open\",transport=\"smtp\"} 1");
    }

    @Test
    void aSimpleRegistryHoldsOneSendTimerPerAttemptKindAndOneDeliveryTimerPerSend() throws Exception {
        SimpleMeterRegistry simple = new SimpleMeterRegistry();
        try (Mailer mailer = observedFailover(simple)) {
            mailer.send(MailerMetricsTest.email());
        }

        assertThat(simple.get("mail.send").timers()).hasSize(2);
        assertThat(simple.get("mail.send").timers()).allSatisfy(t -> assertThat(t.count()).isEqualTo(1));
        assertThat(simple.get("mail.delivery").timer().count()).isEqualTo(1);
        assertThat(simple.get("mail.delivery").timer().getId().getTag("transport")).isEqualTo("sendgrid");
        assertThat(simple.find("mail.send").tagKeys("mailer").timers()).isEmpty();
    }
}
