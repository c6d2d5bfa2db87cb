package dev.mailover.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mailover.FailureKind;
import dev.mailover.HealthCheck;
import dev.mailover.MailException;
import dev.mailover.Mailer;
import dev.mailover.testing.TestEmails;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A closed HTTP mailer says so, through send, sendAsync and check alike, and calls nobody. */
class ClosedMailerTest {

    private MockWebServer server;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @ParameterizedTest
    @EnumSource(HttpMailers.class)
    void sendOnAClosedMailerFailsAsInvalidConfigurationSayingItIsClosed(HttpMailers provider) {
        Mailer mailer = closed(provider);

        MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(TestEmails.simple()));

        assertThat(e.kind()).isEqualTo(FailureKind.INVALID_CONFIGURATION);
        assertThat(e.detail()).contains("closed");
        assertThat(e.hint()).contains("closed one cannot send");
        assertThat(e.transport()).isEqualTo(mailer.name());
        assertThat(server.getRequestCount()).isZero();
    }

    @ParameterizedTest
    @EnumSource(HttpMailers.class)
    void sendAsyncOnAClosedMailerCompletesExceptionallyWithTheSameFailure(HttpMailers provider) {
        Mailer mailer = closed(provider);

        ExecutionException e = catchThrowableOfType(ExecutionException.class,
                () -> mailer.sendAsync(TestEmails.simple()).get(10, TimeUnit.SECONDS));

        assertThat(e.getCause()).isInstanceOfSatisfying(MailException.class, m -> {
            assertThat(m.kind()).isEqualTo(FailureKind.INVALID_CONFIGURATION);
            assertThat(m.detail()).contains("closed");
        });
        assertThat(server.getRequestCount()).isZero();
    }

    @ParameterizedTest
    @EnumSource(HttpMailers.class)
    void checkOnAClosedMailerSaysSoWithoutThrowing(HttpMailers provider) {
        Mailer mailer = closed(provider);

        HealthCheck check = mailer.check();

        assertThat(check.healthy()).isFalse();
        assertThat(check.failure()).contains(FailureKind.INVALID_CONFIGURATION);
        assertThat(check.detail()).contains("closed");
        assertThat(server.getRequestCount()).isZero();
    }

    @ParameterizedTest
    @EnumSource(HttpMailers.class)
    void aClosedMailerSaysItIsClosedBeforeLookingAtTheEmail(HttpMailers provider) {
        Mailer mailer = closed(provider);
        dev.mailover.Email.Builder tooMany = dev.mailover.Email.builder().from("ada@example.com").subject("s").text("t");
        for (int i = 0; i < 1001; i++) {
            tooMany.to("r" + i + "@example.org");
        }

        MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(tooMany.build()));

        assertThat(e.kind()).isEqualTo(FailureKind.INVALID_CONFIGURATION);
    }

    @ParameterizedTest
    @EnumSource(HttpMailers.class)
    void aNullTimeLimitIsRefusedNamingIt(HttpMailers provider) {
        try (Mailer mailer = provider.create(server.url("/").toString(), Duration.ofSeconds(10))) {
            assertThatThrownBy(() -> mailer.send(TestEmails.simple(), null))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("timeLimit");
        }
        assertThat(server.getRequestCount()).isZero();
    }

    private Mailer closed(HttpMailers provider) {
        Mailer mailer = provider.create(server.url("/").toString(), Duration.ofSeconds(10));
        mailer.close();
        mailer.close();
        return mailer;
    }
}
