package dev.mailover.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import dev.mailover.Mailer;
import dev.mailover.SendResult;
import dev.mailover.outbox.Outbox;
import dev.mailover.outbox.OutboxStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The outbox on the application's DataSource: a real in-memory H2 database, and GreenMail behind the relay. */
class MailoverOutboxAutoConfigurationTest {

    private GreenMail smtp;

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, MailoverAutoConfiguration.class))
                .withPropertyValues("spring.datasource.url=jdbc:h2:mem:outbox-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                        "mailover.dsn=" + Peers.smtpDsn(smtp), "mailover.outbox.enabled=true");
    }

    @BeforeEach
    void startSmtp() {
        smtp = Peers.smtp();
    }

    @AfterEach
    void stopSmtp() {
        smtp.stop();
    }

    @Test
    void theMailerBeanIsTheOutboxOnTheApplicationsDataSourceAndItsRelayDeliversThroughTheDsn() {
        runner().withPropertyValues("mailover.outbox.poll-interval=50ms").run(context -> {
            assertThat(context).hasSingleBean(Mailer.class).hasSingleBean(Outbox.class).hasSingleBean(DataSource.class);
            Mailer mailer = context.getBean(Mailer.class);
            assertThat(mailer).isSameAs(context.getBean(Outbox.class));

            SendResult stored = mailer.send(MailoverAutoConfigurationTest.email());

            assertThat(stored.transport()).isEqualTo("outbox");
            await().atMost(Duration.ofSeconds(20)).until(() -> smtp.getReceivedMessages().length == 1);
            Outbox outbox = context.getBean(Outbox.class);
            await().atMost(Duration.ofSeconds(20)).until(() -> outbox.counts().get(OutboxStatus.SENT) == 1);
            assertThat(outbox.find(stored.messageId()).orElseThrow().transport()).contains("smtp");
        });
    }

    @Test
    void theOutboxPropertiesAreApplied() {
        runner().withPropertyValues("mailover.outbox.workers=0", "mailover.outbox.lease=5s",
                "mailover.outbox.retry.first=1s", "mailover.outbox.retry.cap=10s").run(context -> {
            MailoverProperties.Outbox properties = context.getBean(MailoverProperties.class).getOutbox();
            assertThat(properties.getWorkers()).isZero();
            assertThat(properties.getRetry().getCap()).isEqualTo(Duration.ofSeconds(10));
            assertThat(context.getBean(Outbox.class).toString()).contains("H2").contains("workers=0").contains("lease=PT5S");
        });
    }

    @Test
    void withAMeterRegistryTheOutboxEntriesAreGaugedByStatus() {
        runner().withPropertyValues("mailover.outbox.workers=0")
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .run(context -> {
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    context.getBean(io.micrometer.core.instrument.binder.MeterBinder.class).bindTo(registry);
                    context.getBean(Mailer.class).send(MailoverAutoConfigurationTest.email());

                    assertThat(registry.get("mail.outbox.entries").tag("status", "pending").gauge().value()).isEqualTo(1);
                    assertThat(registry.get("mail.outbox.entries").tag("status", "sent").gauge().value()).isZero();
                });
    }

    @Test
    void anOutboxWithoutADataSourceFailsTheStartupNamingTheProperty() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(MailoverAutoConfiguration.class))
                .withPropertyValues("mailover.dsn=" + Peers.smtpDsn(smtp), "mailover.outbox.enabled=true")
                .run(context -> assertThat(context.getStartupFailure()).rootCause()
                        .isInstanceOf(MailoverPropertyException.class)
                        .hasMessageContaining("mailover.outbox.enabled").hasMessageContaining("no DataSource bean"));
    }

    @Test
    void onlyOneOfTheRetryDelaysFailsTheStartupNamingBoth() {
        runner().withPropertyValues("mailover.outbox.retry.first=1s").run(context -> assertThat(context.getStartupFailure())
                .rootCause().isInstanceOf(MailoverPropertyException.class).hasMessageContaining("mailover.outbox.retry")
                .hasMessageContaining("only first is set"));
    }

    @Test
    void theOutboxIsClosedWithTheContext() {
        java.util.concurrent.atomic.AtomicReference<Outbox> bean = new java.util.concurrent.atomic.AtomicReference<>();
        runner().withPropertyValues("mailover.outbox.workers=0").run(context -> bean.set(context.getBean(Outbox.class)));

        assertThat(bean.get().check().healthy()).isFalse();
    }
}
