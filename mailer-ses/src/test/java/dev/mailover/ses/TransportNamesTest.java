package dev.mailover.ses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mailover.MailException;
import dev.mailover.Mailer;
import dev.mailover.Mailers;
import dev.mailover.testing.TestEmails;
import java.time.Duration;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two SES transports can be told apart: by a builder name or a DSN {@code name=} option. */
class TransportNamesTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @RegisterExtension
    final MockSes ses = new MockSes();

    @Test
    void twoSesTransportsKeepTheirOwnNamesInResultsFailuresAndChecks() {
        try (Mailer eu = ses.mailer(TIMEOUT, "ses-eu"); Mailer us = ses.mailer(TIMEOUT, "ses-us")) {
            ses.server().enqueue(MockSes.accepted("named-1"));
            ses.server().enqueue(new MockResponse.Builder().code(503).body("Service Unavailable").build());
            ses.server().enqueue(new MockResponse.Builder().code(503).body("Service Unavailable").build());

            assertThat(eu.name()).isEqualTo("ses-eu");
            assertThat(us.name()).isEqualTo("ses-us");
            assertThat(eu.send(TestEmails.simple()).transport()).isEqualTo("ses-eu");
            MailException e = catchThrowableOfType(MailException.class, () -> us.send(TestEmails.simple()));
            assertThat(e.transport()).isEqualTo("ses-us");
            assertThat(e.getMessage()).contains("on ses-us");
            assertThat(us.check().transport()).isEqualTo("ses-us");
            assertThat(eu.toString()).contains("ses-eu");
        }
    }

    @Test
    void withoutANameTheTransportIsSes() {
        try (Mailer mailer = MockSes.create("http://127.0.0.1:9", TIMEOUT)) {
            assertThat(mailer.name()).isEqualTo("ses");
        }
    }

    @Test
    void dsnNameOptionNamesTheTransport() {
        try (Mailer mailer = Mailers.fromDsn("ses+api://AKIDNAME:secretname@default?region=eu-west-1&name=ses-ireland")) {
            assertThat(mailer.name()).isEqualTo("ses-ireland");
            assertThat(mailer.toString()).contains("ses-ireland").doesNotContain("secretname");
        }
    }

    @Test
    void unknownDsnOptionsAreStillRefused() {
        assertThatThrownBy(() -> Mailers.fromDsn("ses+api://AKIDNAME:secretname@default?region=eu-west-1&alias=x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown option").hasMessageNotContaining("secretname");
    }

    @Test
    void aNameThatIsNotShortAndPlainIsRefused() {
        assertThatThrownBy(() -> SesMailer.builder().name("-ses")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name");
    }
}
