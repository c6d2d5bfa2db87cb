package dev.mailover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailover.RecordingMailerProvider.RecordingMailer;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MailersTest {

    @Test
    void findsTheProviderForTheSchemeOnTheClasspath() {
        Mailer mailer = Mailers.fromDsn("record://user:p%40ss@host:2525?connect_timeout=5s");

        assertThat(mailer).isInstanceOf(RecordingMailer.class);
        Dsn dsn = ((RecordingMailer) mailer).dsn;
        assertThat(dsn.password()).contains("p@ss");
        assertThat(dsn.durationOption("connect_timeout")).contains(Duration.ofSeconds(5));
    }

    @Test
    void buildsNestedCompositesThroughTheirProviders() {
        Mailer mailer = Mailers.fromDsn("group(record://a@h1 group(record://b@h2 record://c@h3))");

        RecordingMailer outer = (RecordingMailer) mailer;
        assertThat(outer.members).hasSize(2);
        assertThat(((RecordingMailer) outer.members.get(1)).members).hasSize(2);
    }

    @Test
    void anUnknownSchemeListsTheSchemesOnTheClasspath() {
        assertThatThrownBy(() -> Mailers.fromDsn("carrier-pigeon://coop"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown DSN scheme 'carrier-pigeon'; schemes on the classpath: group, record");
    }

    @ParameterizedTest(name = "{0} comes with {1}")
    @CsvSource({"failover,mailer-failover", "roundrobin,mailer-failover", "smtp,mailer-smtp", "smtps,mailer-smtp",
            "sendgrid+api,mailer-http", "mailgun+api,mailer-http", "postmark+api,mailer-http", "resend+api,mailer-http",
            "brevo+api,mailer-http", "ses+api,mailer-ses"})
    void anUnknownSchemeOfAMailoverModuleNamesTheModuleToAdd(String scheme, String module) {
        String dsn = scheme.equals("failover") || scheme.equals("roundrobin") ? scheme + "(record://a@h)" : scheme + "://KEY@default";

        assertThatThrownBy(() -> Mailers.fromDsn(dsn))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown DSN scheme '" + scheme + "'; schemes on the classpath: group, record. The scheme '"
                        + scheme + "' comes with the module " + module + ": add the dependency dev.mailover:" + module + ".")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("KEY"));
    }

    @Test
    void aProviderSchemeWithoutPlusApiSuggestsTheRightOne() {
        assertThatThrownBy(() -> Mailers.fromDsn("sendgrid://KEY@default"))
                .hasMessage("unknown DSN scheme 'sendgrid'; schemes on the classpath: group, record. "
                        + "Did you mean 'sendgrid+api'? It comes with the module mailer-http.");
    }

    @Test
    void anUnknownSchemeInsideACompositeNamesItsModuleToo() {
        assertThatThrownBy(() -> Mailers.fromDsn("group(record://a@h smtp://user:hunter2@smtp.relay.test)"))
                .hasMessageContaining("unknown DSN scheme 'smtp'").hasMessageContaining("mailer-smtp")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
    }

    @Test
    void providersRefuseOptionsTheyDoNotKnow() {
        assertThatThrownBy(() -> Mailers.fromDsn("record://h?pool=3"))
                .hasMessage("DSN record: unknown option 'pool'; known options: connect_timeout, pool_size");
    }

    @Test
    void listsTheAvailableSchemes() {
        assertThat(Mailers.availableSchemes()).containsExactly("group", "record");
    }
}
