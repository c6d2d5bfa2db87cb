package dev.mailover.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import dev.mailover.FailureKind;
import dev.mailover.MailException;
import dev.mailover.Mailer;
import dev.mailover.spring.test.RecordingMailerAutoConfiguration;
import dev.mailover.test.RecordingMailer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** What {@code @AutoConfigureRecordingMailer} imports: a RecordingMailer in place of the real mailer. */
class RecordingMailerAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
            AutoConfigurations.of(MailoverAutoConfiguration.class, RecordingMailerAutoConfiguration.class));
    private GreenMail smtp;

    @BeforeEach
    void startSmtp() {
        smtp = Peers.smtp();
    }

    @AfterEach
    void stopSmtp() {
        smtp.stop();
    }

    @Test
    void theRecordingMailerReplacesTheDsnsMailerAndNothingReachesTheServer() {
        runner.withPropertyValues("mailover.dsn=" + Peers.smtpDsn(smtp)).run(context -> {
            assertThat(context).hasSingleBean(Mailer.class).doesNotHaveBean(MailoverDelivery.class);
            context.getBean(Mailer.class).send(MailoverAutoConfigurationTest.email());

            RecordingMailer recording = context.getBean(RecordingMailer.class);
            assertThat(recording.assertSentTo("customer@rcpt.example").subject()).isEqualTo("Your order");
            assertThat(smtp.getReceivedMessages()).isEmpty();
        });
    }

    @Test
    void theRecordingMailerOutranksAnApplicationsOwnMailer() {
        runner.withBean("myMailer", Mailer.class, RecordingMailer::create).run(context -> {
            Mailer injected = context.getBean(Mailer.class);

            assertThat(injected).isSameAs(context.getBean("recordingMailer"));
        });
    }

    @Test
    void theRecordingMailerLetsTheApplicationTestItsFailureHandling() {
        runner.withPropertyValues("mailover.dsn=" + Peers.smtpDsn(smtp)).run(context -> {
            context.getBean(RecordingMailer.class).failNext(FailureKind.RATE_LIMITED);

            assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(MailException.class,
                    () -> context.getBean(Mailer.class).send(MailoverAutoConfigurationTest.email())).kind())
                    .isEqualTo(FailureKind.RATE_LIMITED);
        });
    }
}
