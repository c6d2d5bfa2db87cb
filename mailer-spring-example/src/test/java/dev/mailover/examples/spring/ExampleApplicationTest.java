package dev.mailover.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mailover.Mailer;
import dev.mailover.outbox.Outbox;
import dev.mailover.outbox.OutboxStatus;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The example application, as it starts: the auto-configured outbox delivers a real email to GreenMail. */
@SpringBootTest
class ExampleApplicationTest {

    private static final EmbeddedPeers PEERS = EmbeddedPeers.start();

    @DynamicPropertySource
    static void mailover(DynamicPropertyRegistry properties) {
        properties.add("mailover.dsn", PEERS::failoverDsn);
    }

    @AfterAll
    static void stopPeers() {
        PEERS.close();
    }

    @Autowired
    OrderConfirmations confirmations;
    @Autowired
    Mailer mailer;
    @Autowired
    Outbox outbox;
    @Autowired
    @Qualifier("mailoverHealthIndicator")
    HealthIndicator health;

    @Test
    void anOrderConfirmationIsStoredInTheOutboxAndDeliveredToTheSmtpServer() throws Exception {
        String id = confirmations.confirm("ann@customer.example", "A-1");

        await().atMost(Duration.ofSeconds(20)).until(() -> outbox.find(id).orElseThrow().status() == OutboxStatus.SENT);
        assertThat(outbox.find(id).orElseThrow().transport()).contains("smtp");
        MimeMessage received = PEERS.smtp().getReceivedMessages()[0];
        assertThat(received.getSubject()).isEqualTo("Order A-1 is confirmed");
        assertThat(received.getAllRecipients()[0].toString()).isEqualTo("ann@customer.example");
        assertThat(received.getMessageID()).isEqualTo(id);
    }

    @Test
    void theInjectedMailerIsTheOutboxInFrontOfTheFailoverMailer() {
        assertThat(mailer).isSameAs(outbox);
        assertThat(outbox.toString()).contains("H2").contains("mailer=failover");
    }

    @Test
    void theHealthContributorReportsBothTransportsAndTheOutbox() {
        var result = health.health();

        assertThat(result.getStatus()).as(result.toString()).isEqualTo(Status.UP);
        assertThat(result.getDetails()).containsKeys("transports", "outbox").containsEntry("mailer", "failover");
    }
}
