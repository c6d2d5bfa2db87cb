package dev.mailover.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({"250, 250 ms", "1500, 1.5 s", "10000, 10 s", "90000, 90 s", "120000, 2 min", "3600000, 1 h", "12345, 12 s"})
    void writesDurationsForPeople(long millis, String expected) {
        assertThat(Durations.human(Duration.ofMillis(millis))).isEqualTo(expected);
    }

    @Test
    void aPositiveSettingIsReturnedAsGiven() {
        assertThat(Durations.positive("readTimeout", Duration.ofMillis(1))).isEqualTo(Duration.ofMillis(1));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1})
    void aSettingThatIsNotPositiveIsRefusedNamingTheField(long millis) {
        assertThatThrownBy(() -> Durations.positive("readTimeout", Duration.ofMillis(millis)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("readTimeout: must be positive");
    }

    @Test
    void aMissingSettingIsANullPointerNamingTheField() {
        assertThatThrownBy(() -> Durations.positive("connectTimeout", null))
                .isInstanceOf(NullPointerException.class).hasMessage("connectTimeout");
    }
}
