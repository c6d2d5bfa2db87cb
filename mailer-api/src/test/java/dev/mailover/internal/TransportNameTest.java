package dev.mailover.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The one name rule for every transport's {@code name(..)} and DSN {@code name=} option. */
class TransportNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"smtp", "smtp-2", "primary-relay", "sendgrid.eu", "ses_ireland", "7"})
    void shortPlainNamesAreKeptAsTheyAre(String name) {
        assertThat(TransportName.check(name)).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-ses", ".smtp", "send grid", "relay/1", "zoë"})
    void otherNamesAreRefusedNamingTheFieldAndTheRule(String name) {
        assertThatThrownBy(() -> TransportName.check(name)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("name: '").hasMessageContaining("starting with a letter or digit");
    }

    @ParameterizedTest
    @ValueSource(ints = {64, 65})
    void aNameIsAtMostSixtyFourCharacters(int length) {
        String name = "x".repeat(length);
        if (length <= TransportName.MAX_LENGTH) {
            assertThat(TransportName.check(name)).isEqualTo(name);
        } else {
            assertThatThrownBy(() -> TransportName.check(name)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\nb", "a\rb"})
    void aControlCharacterIsShownAsAQuestionMarkNeverWrittenOut(String name) {
        assertThatThrownBy(() -> TransportName.check(name)).hasMessageContaining("'a?b'");
    }
}
