package dev.mailover.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import dev.mailover.Mailer;
import dev.mailover.testing.BlackholedPort;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The {@code mailover} health contributor against real servers in this JVM: GreenMail, SendGrid's shape, a blackholed port. */
class MailoverHealthAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MailoverAutoConfiguration.class, MailoverHealthAutoConfiguration.class));
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

    private static Health health(org.springframework.context.ApplicationContext context) {
        return context.getBean("mailoverHealthIndicator", HealthIndicator.class).health();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> transport(Health health, String name) {
        return (Map<String, Object>) ((Map<String, Object>) health.getDetails().get("transports")).get(name);
    }

    @Test
    void aReachableSmtpServerIsUp() {
        runner.withPropertyValues("mailover.dsn=" + Peers.smtpDsn(smtp)).run(context -> {
            Health health = health(context);

            assertThat(health.getStatus()).as(health.toString()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("mailer", "smtp");
            assertThat(transport(health, "smtp")).containsEntry("status", "UP");
        });
    }

    @Test
    void aClosedPortIsDownWithTheFailureKind() throws Exception {
        runner.withPropertyValues("mailover.dsn=smtp://127.0.0.1:" + dev.mailover.testing.Peers.closedPort() + "?security=none")
                .run(context -> {
                    Health health = health(context);

                    assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                    assertThat(transport(health, "smtp")).containsEntry("status", "DOWN")
                            .containsEntry("failure", "CONNECTION_REFUSED");
                });
    }

    @Test
    void aBlackholedTransportIsReportedDownWithinTheHealthTimeoutWhileItsCheckHangs() throws Exception {
        try (BlackholedPort blackhole = BlackholedPort.open()) {
            runner.withPropertyValues("mailover.dsn=smtp://127.0.0.1:" + blackhole.port() + "?security=none&connect_timeout=60s",
                    "mailover.health.timeout=1s").run(context -> {
                long start = System.nanoTime();
                Health health = health(context);
                Duration took = Duration.ofNanos(System.nanoTime() - start);

                assertThat(took).isLessThan(Duration.ofSeconds(5));
                assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                assertThat(transport(health, "smtp")).containsEntry("status", "DOWN")
                        .containsEntry("failure", "CONNECTION_TIMEOUT");
            });
        }
    }

    @Test
    void aFailoverMailerWithOneBlackholedTransportIsUpAndShowsEachTransportAndItsBreaker() throws Exception {
        try (BlackholedPort blackhole = BlackholedPort.open()) {
            String dsn = "failover(smtp://127.0.0.1:" + blackhole.port() + "?security=none&connect_timeout=60s "
                    + sendgrid.dsn() + ")";
            runner.withPropertyValues("mailover.dsn=" + dsn, "mailover.health.timeout=1s").run(context -> {
                long start = System.nanoTime();
                Health health = health(context);
                Duration took = Duration.ofNanos(System.nanoTime() - start);

                assertThat(took).isLessThan(Duration.ofSeconds(5));
                assertThat(health.getStatus()).as(health.toString()).isEqualTo(Status.UP);
                assertThat(transport(health, "smtp")).containsEntry("status", "DOWN").containsEntry("breaker", "CLOSED")
                        .containsEntry("failure", "CONNECTION_TIMEOUT");
                assertThat(transport(health, "sendgrid")).containsEntry("status", "UP").containsEntry("breaker", "CLOSED");
            });
        }
    }

    @Test
    void theLastFailedSendOfATransportIsInItsDetails() throws Exception {
        String dsn = "failover(smtp://127.0.0.1:" + dev.mailover.testing.Peers.closedPort() + "?security=none " + sendgrid.dsn() + ")";
        runner.withPropertyValues("mailover.dsn=" + dsn).run(context -> {
            context.getBean(Mailer.class).send(MailoverAutoConfigurationTest.email());

            Health health = health(context);

            assertThat(transport(health, "smtp")).containsEntry("lastFailure", "CONNECTION_REFUSED").containsKey("lastFailureAt")
                    .containsEntry("breaker", "OPEN");
            assertThat(transport(health, "sendgrid")).doesNotContainKey("lastFailure");
        });
    }

    @Test
    void theHealthDetailsNeverQuoteTheDsnsSecrets() {
        runner.withPropertyValues("mailover.dsn=failover(smtp://app:" + Peers.SMTP_PASSWORD + "@127.0.0.1:"
                + smtp.getSmtp().getPort() + "?security=none&allow_plaintext_auth=true " + sendgrid.dsn() + ")").run(context -> {
            String health = health(context).toString();

            assertThat(health).doesNotContain(Peers.SMTP_PASSWORD).doesNotContain(Peers.API_KEY);
        });
    }

    @Test
    void anApplicationsOwnMailerIsCheckedToo() {
        runner.withBean("myMailer", Mailer.class, dev.mailover.test.RecordingMailer::create).run(context -> {
            Health health = health(context);

            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("mailer", "recording");
        });
    }

    @Test
    void withoutAMailerThereIsNoHealthContributor() {
        runner.run(context -> assertThat(context).doesNotHaveBean("mailoverHealthIndicator"));
    }

    @Test
    void theContributorCanBeTurnedOff() {
        runner.withPropertyValues("mailover.dsn=" + Peers.smtpDsn(smtp), "management.health.mailover.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean("mailoverHealthIndicator"));
    }
}
