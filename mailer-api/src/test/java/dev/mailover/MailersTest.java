package dev.mailover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailover.RecordingMailerProvider.RecordingMailer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

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
