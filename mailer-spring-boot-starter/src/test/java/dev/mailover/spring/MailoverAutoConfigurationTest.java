package dev.mailover.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import dev.mailover.Email;
import dev.mailover.HealthCheck;
import dev.mailover.MailException;
import dev.mailover.Mailer;
import dev.mailover.SendResult;
import dev.mailover.failover.AmbiguityPolicy;
import dev.mailover.failover.FailoverMailer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Each condition of {@link MailoverAutoConfiguration}, against real servers in this JVM. */
class MailoverAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MailoverAutoConfiguration.class));
    private GreenMail smtp;
    private Peers.SendGrid sendgrid;

    @BeforeEach
    void startServers() throws Exception {
        smtp = Peers.smtp();
        sendgrid = new Peers.SendGrid();
    }

    @AfterEach
    void stopServers() {
        smtp.stop();
        sendgrid.close();
    }

    static Email email() {
        return Email.builder().from("orders@shop.example").to("customer@rcpt.example").subject("Your order")
                .text("It has shipped.").build();
    }

    private String failoverOverAClosedPort() throws Exception {
        return "failover(smtp://127.0.0.1:" + dev.mailover.testing.Peers.closedPort() + "?security=none "
                + sendgrid.dsn() + ")";
    }

    @Test
    void withoutADsnThereIsNoMailerBean() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(Mailer.class);
            assertThat(context).hasSingleBean(MailoverProperties.class);
        });
    }

    @Test
    void aMailerBeanOfTheApplicationsOwnWinsOverTheDsn() {
        runner.withPropertyValues("mailover.dsn=" + Peers.smtpDsn(smtp))
                .withBean("myMailer", Mailer.class, dev.mailover.test.RecordingMailer::create)
                .run(context -> {
                    assertThat(context).hasSingleBean(Mailer.class);
                    assertThat(context.getBean(Mailer.class).name()).isEqualTo("recording");
                    assertThat(context).doesNotHaveBean(MailoverDelivery.class);
                });
    }

    @Test
    void aDsnGivesAMailerBeanThatSendsARealEmail() {
        runner.withPropertyValues("mailover.dsn=" + Peers.smtpDsn(smtp)).run(context -> {
            Mailer mailer = context.getBean(Mailer.class);

            SendResult result = mailer.send(email());

            assertThat(result.transport()).isEqualTo("smtp");
            assertThat(smtp.getReceivedMessages()).hasSize(1);
            assertThat(smtp.getReceivedMessages()[0].getSubject()).isEqualTo("Your order");
        });
    }

    @Test
    void theMailerIsClosedWithTheContext() {
        AtomicReference<Mailer> bean = new AtomicReference<>();
        runner.withPropertyValues("mailover.dsn=" + Peers.smtpDsn(smtp)).run(context -> bean.set(context.getBean(Mailer.class)));

        assertThatThrownBy(() -> bean.get().send(email())).isInstanceOf(MailException.class).hasMessageContaining("closed");
    }

    @Test
    void theFailoverPropertiesAreBoundAndAppliedToTheFailoverDsn() throws Exception {
        runner.withPropertyValues("mailover.dsn=" + failoverOverAClosedPort() + "?deadline=30s",
                "mailover.failover.deadline=7s", "mailover.failover.ambiguity=fail").run(context -> {
            MailoverProperties properties = context.getBean(MailoverProperties.class);
            assertThat(properties.getFailover().getDeadline()).isEqualTo(Duration.ofSeconds(7));
            assertThat(properties.getFailover().getAmbiguity()).isEqualTo(AmbiguityPolicy.FAIL);

            Mailer mailer = context.getBean(Mailer.class);
            assertThat(mailer).isInstanceOf(FailoverMailer.class);
            assertThat(mailer.toString()).contains("deadline=7000ms ambiguity=FAIL");
            assertThat(mailer.send(email()).transport()).isEqualTo("sendgrid");
        });
    }

    @Test
    void probeOnStartupOpensTheBreakerOfATransportThatIsDownBeforeTheFirstSend() throws Exception {
        runner.withPropertyValues("mailover.dsn=" + failoverOverAClosedPort(), "mailover.failover.probe-on-startup=true")
                .run(context -> {
                    FailoverMailer mailer = (FailoverMailer) context.getBean(Mailer.class);
                    assertThat(mailer.circuitState("smtp").name()).isEqualTo("OPEN");
                    assertThat(mailer.send(email()).attempts()).extracting(a -> a.outcome().name())
                            .containsExactly("SKIPPED", "DELIVERED");
                });
    }

    @Test
    void failoverPropertiesWithASingleTransportDsnFailTheStartupNamingThem() {
        runner.withPropertyValues("mailover.dsn=" + Peers.smtpDsn(smtp), "mailover.failover.deadline=7s").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOf(MailoverPropertyException.class)
                    .hasMessageContaining("mailover.failover").hasMessageContaining("single smtp transport");
        });
    }

    @Test
    void aBadFailoverPropertyValueFailsTheStartupNamingIt() throws Exception {
        runner.withPropertyValues("mailover.dsn=" + failoverOverAClosedPort(), "mailover.failover.deadline=0s").run(context ->
                assertThat(context.getStartupFailure()).rootCause().isInstanceOf(MailoverPropertyException.class)
                        .hasMessageContaining("mailover.failover.deadline").hasMessageContaining("must be positive"));
    }

    @Test
    void withAMeterRegistryTheMetersArePresentAfterARealSend() throws Exception {
        runner.withPropertyValues("mailover.dsn=" + failoverOverAClosedPort())
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .run(context -> {
                    context.getBean(Mailer.class).send(email());

                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    assertThat(registry.get("mail.send").tags("transport", "smtp", "outcome", "failed").timer().count()).isEqualTo(1);
                    assertThat(registry.get("mail.send").tags("transport", "sendgrid", "outcome", "delivered").timer().count())
                            .isEqualTo(1);
                    assertThat(registry.get("mail.failover").tags("from", "smtp", "to", "sendgrid").counter().count()).isEqualTo(1);
                    assertThat(registry.get("mail.circuit.state").tags("transport", "smtp", "state", "open").gauge().value())
                            .isEqualTo(1);
                });
    }

    @Test
    void withAnObservationRegistryEachSendIsObserved() {
        TestObservationRegistry observations = TestObservationRegistry.create();
        runner.withPropertyValues("mailover.dsn=" + Peers.smtpDsn(smtp))
                .withBean(ObservationRegistry.class, () -> observations)
                .run(context -> {
                    Mailer mailer = context.getBean(Mailer.class);
                    mailer.send(email());

                    assertThat(mailer.name()).isEqualTo("smtp");
                    TestObservationRegistryAssert.assertThat(observations).hasSingleObservationThat()
                            .hasNameEqualTo("mail.delivery").hasLowCardinalityKeyValue("transport", "smtp")
                            .hasLowCardinalityKeyValue("outcome", "delivered");
                });
    }

    @Test
    void theDsnsMailerIsCheckedThroughTheBean() {
        runner.withPropertyValues("mailover.dsn=" + Peers.smtpDsn(smtp)).run(context -> {
            HealthCheck check = context.getBean(Mailer.class).check();
            assertThat(check.healthy()).as(check.toString()).isTrue();
        });
    }
}
