package dev.mailover.ses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mailover.Email;
import dev.mailover.FailureKind;
import dev.mailover.HealthCheck;
import dev.mailover.MailException;
import dev.mailover.Mailer;
import dev.mailover.testing.TestEmails;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A closed SesMailer says so, through send, sendAsync and check alike, and calls nobody. */
class ClosedMailerTest {

    @RegisterExtension
    final MockSes ses = new MockSes();

    @Test
    void sendOnAClosedMailerFailsAsInvalidConfigurationSayingItIsClosed() {
        Mailer mailer = closed();

        MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(TestEmails.simple()));

        assertThat(e.kind()).isEqualTo(FailureKind.INVALID_CONFIGURATION);
        assertThat(e.detail()).contains("closed");
        assertThat(e.hint()).contains("closed one cannot send");
        assertThat(e.transport()).isEqualTo(mailer.name());
        assertThat(ses.server().getRequestCount()).isZero();
    }

    @Test
    void sendAsyncOnAClosedMailerCompletesExceptionallyWithTheSameFailure() {
        Mailer mailer = closed();

        ExecutionException e = catchThrowableOfType(ExecutionException.class,
                () -> mailer.sendAsync(TestEmails.simple()).get(10, TimeUnit.SECONDS));

        assertThat(e.getCause()).isInstanceOfSatisfying(MailException.class, m -> {
            assertThat(m.kind()).isEqualTo(FailureKind.INVALID_CONFIGURATION);
            assertThat(m.detail()).contains("closed");
        });
        assertThat(ses.server().getRequestCount()).isZero();
    }

    @Test
    void checkOnAClosedMailerSaysSoWithoutThrowing() {
        HealthCheck check = closed().check();

        assertThat(check.healthy()).isFalse();
        assertThat(check.failure()).contains(FailureKind.INVALID_CONFIGURATION);
        assertThat(check.detail()).contains("closed");
        assertThat(ses.server().getRequestCount()).isZero();
    }

    @Test
    void aClosedMailerSaysItIsClosedBeforeLookingAtTheEmail() {
        Mailer mailer = closed();
        Email.Builder tooMany = Email.builder().from("ada@example.com").subject("s").text("t");
        for (int i = 0; i < 51; i++) {
            tooMany.to("r" + i + "@example.org");
        }

        MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(tooMany.build()));

        assertThat(e.kind()).as("not the 50-recipient limit").isEqualTo(FailureKind.INVALID_CONFIGURATION);
    }

    @Test
    void aNullTimeLimitIsRefusedNamingIt() {
        try (Mailer mailer = ses.mailer(Duration.ofSeconds(10))) {
            assertThatThrownBy(() -> mailer.send(TestEmails.simple(), null))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("timeLimit");
        }
        assertThat(ses.server().getRequestCount()).isZero();
    }

    private Mailer closed() {
        Mailer mailer = ses.mailer(Duration.ofSeconds(10));
        mailer.close();
        mailer.close();
        return mailer;
    }
}
