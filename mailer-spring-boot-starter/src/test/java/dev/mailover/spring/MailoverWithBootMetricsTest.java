package dev.mailover.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailover.Mailer;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * With Spring Boot's own metrics and observation auto-configuration, as Actuator sets them up: the attempt meters
 * and the observation's timer (Boot's meter observation handler) land in one registry, each send counted once as
 * a delivery, and the outbox's gauges are bound without the application doing anything. (That a Prometheus
 * registry takes both timers is mailer-micrometer's {@code MetersAndObservationTogetherTest}.)
 */
class MailoverWithBootMetricsTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(
            MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
            CompositeMeterRegistryAutoConfiguration.class, ObservationAutoConfiguration.class,
            DataSourceAutoConfiguration.class, MailoverAutoConfiguration.class));
    private Peers.SendGrid sendgrid;

    @BeforeEach
    void startSendGrid() throws Exception {
        sendgrid = new Peers.SendGrid();
    }

    @AfterEach
    void stopSendGrid() {
        sendgrid.close();
    }

    private String failoverOverAClosedPort() throws Exception {
        return "failover(smtp://127.0.0.1:" + dev.mailover.testing.Peers.closedPort() + "?security=none " + sendgrid.dsn() + ")";
    }

    @Test
    void aFailoverSendIsMeteredAsTwoAttemptsAFailoverAndOneDelivery() throws Exception {
        runner.withPropertyValues("mailover.dsn=" + failoverOverAClosedPort()).run(context -> {
            context.getBean(Mailer.class).send(MailoverAutoConfigurationTest.email());

            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get("mail.send").timers()).hasSize(2);
            assertThat(registry.get("mail.delivery").timer().count()).isEqualTo(1);
            assertThat(registry.get("mail.send").tags("transport", "smtp", "outcome", "failed", "kind", "connection_refused")
                    .timer().count()).isEqualTo(1);
            assertThat(registry.get("mail.send").tags("transport", "sendgrid", "outcome", "delivered").timer().count()).isEqualTo(1);
            assertThat(registry.get("mail.failover").tags("from", "smtp", "to", "sendgrid").counter().count()).isEqualTo(1);
            assertThat(registry.get("mail.delivery").timer().getId().getTag("outcome")).isEqualTo("delivered");
            assertThat(registry.getMeters()).flatExtracting(m -> m.getId().getTags()).extracting(t -> t.getValue())
                    .doesNotContain("customer@rcpt.example", "Your order", Peers.API_KEY);
        });
    }

    @Test
    void theOutboxGaugesAreBoundToBootsRegistry() throws Exception {
        runner.withPropertyValues("mailover.dsn=" + failoverOverAClosedPort(), "mailover.outbox.enabled=true",
                "mailover.outbox.workers=0", "spring.datasource.url=jdbc:h2:mem:metrics-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1")
                .run(context -> {
                    context.getBean(Mailer.class).send(MailoverAutoConfigurationTest.email());

                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    assertThat(registry.get("mail.outbox.entries").tag("status", "pending").gauge().value()).isEqualTo(1);
                });
    }
}
