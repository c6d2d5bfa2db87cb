package dev.mailover.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailover.spring.test.AutoConfigureRecordingMailer;
import dev.mailover.test.RecordingMailer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * How an application tests its own mail: {@code @AutoConfigureRecordingMailer} puts a RecordingMailer in place
 * of the starter's mailer (no DSN, no outbox, no server), cleared before each test.
 */
@SpringBootTest
@AutoConfigureRecordingMailer
class RecordingMailerExampleTest {

    @Autowired
    OrderConfirmations confirmations;
    @Autowired
    RecordingMailer mailer;

    @Test
    void anOrderConfirmationGoesToTheCustomer() {
        confirmations.confirm("ann@customer.example", "A-1");

        assertThat(mailer.assertSentTo("ann@customer.example").subject()).isEqualTo("Order A-1 is confirmed");
    }

    @Test
    void eachTestSeesOnlyWhatItSentItself() {
        confirmations.confirm("bob@customer.example", "A-2");

        mailer.assertSentCount(1);
        assertThat(mailer.last().subject()).isEqualTo("Order A-2 is confirmed");
    }
}
