package dev.mailover.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mailover.MailException;
import dev.mailover.Mailer;
import dev.mailover.Mailers;
import dev.mailover.testing.TestEmails;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Two transports of one provider can be told apart: by a builder name or a DSN {@code name=} option. */
class TransportNamesTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @ParameterizedTest
    @EnumSource(HttpMailers.class)
    void twoTransportsOfOneProviderKeepTheirOwnNamesInResultsFailuresAndChecks(HttpMailers provider) throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            String base = server.url("/").toString();
            String lower = provider.name().toLowerCase(java.util.Locale.ROOT);
            try (Mailer eu = provider.create(base, TIMEOUT, lower + "-eu");
                 Mailer us = provider.create(base, TIMEOUT, lower + "-us")) {
                server.enqueue(provider.accepted("named-1"));
                server.enqueue(new MockResponse.Builder().code(503).body("Service Unavailable").build());
                server.enqueue(new MockResponse.Builder().code(503).body("Service Unavailable").build());

                assertThat(eu.name()).isEqualTo(lower + "-eu");
                assertThat(us.name()).isEqualTo(lower + "-us");
                assertThat(eu.send(TestEmails.simple()).transport()).isEqualTo(lower + "-eu");
                MailException e = catchThrowableOfType(MailException.class, () -> us.send(TestEmails.simple()));
                assertThat(e.transport()).isEqualTo(lower + "-us");
                assertThat(e.getMessage()).contains("on " + lower + "-us");
                assertThat(us.check().transport()).isEqualTo(lower + "-us");
                assertThat(eu.toString()).contains(lower + "-eu");
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"SENDGRID, sendgrid", "MAILGUN, mailgun", "POSTMARK, postmark", "RESEND, resend", "BREVO, brevo"})
    void withoutANameEachTransportKeepsItsProvidersName(HttpMailers provider, String name) {
        try (Mailer mailer = provider.create("http://127.0.0.1:9", TIMEOUT)) {
            assertThat(mailer.name()).isEqualTo(name);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "sendgrid+api://SG.abc@default?name=sendgrid-eu&region=eu | sendgrid-eu",
        "mailgun+api://key-abc:mg.example.com@default?name=mailgun.backup | mailgun.backup",
        "postmark+api://POSTMARK_API_TEST@default?stream=outbound&name=postmark_2 | postmark_2",
        "resend+api://re_abc@default?name=resend-backup | resend-backup",
        "brevo+api://xkeysib-abc@default?name=brevo.eu | brevo.eu",
    })
    void dsnNameOptionNamesTheTransport(String dsn, String name) {
        try (Mailer mailer = Mailers.fromDsn(dsn)) {
            assertThat(mailer.name()).isEqualTo(name);
            assertThat(mailer.toString()).contains(name).doesNotContain("abc");
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "sendgrid+api://SG.abc@default?colour=blue",
        "mailgun+api://key-abc:mg.example.com@default?nickname=x",
        "postmark+api://T@default?names=x",
        "resend+api://re_abc@default?region=eu",
        "brevo+api://xkeysib-abc@default?sandbox=true",
    })
    void unknownDsnOptionsAreStillRefused(String dsn) {
        assertThatThrownBy(() -> Mailers.fromDsn(dsn)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown option").hasMessageNotContaining("abc");
    }

    @Test
    void aNameThatIsNotShortAndPlainIsRefused() {
        assertThatThrownBy(() -> SendGridMailer.builder().name("send grid")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name");
        assertThatThrownBy(() -> MailgunMailer.builder().name("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PostmarkMailer.builder().name("x".repeat(65))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ResendMailer.builder().name("-resend")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BrevoMailer.builder().name("brevo/eu")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Mailers.fromDsn("postmark+api://T@default?name=a%0Ab"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name");
    }
}
