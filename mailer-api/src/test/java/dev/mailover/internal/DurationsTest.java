package dev.mailover.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({"250, 250 ms", "1500, 1.5 s", "10000, 10 s", "90000, 90 s", "120000, 2 min", "3600000, 1 h", "12345, 12 s"})
    void writesDurationsForPeople(long millis, String expected) {
        assertThat(Durations.human(Duration.ofMillis(millis))).isEqualTo(expected);
    }
}
