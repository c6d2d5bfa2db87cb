package dev.mailover.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Utf8Test {

    @ParameterizedTest
    @ValueSource(strings = {"", "plain ASCII", "Grüße", "Renée", "日本語のテキスト", "emoji 🎉 and 𝄞", "🇩🇪", "mixed é 中 🎉 a"})
    void theCountIsWhatTheJdkEncoderProduces(String text) {
        assertThat(Utf8.length(text)).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
        assertThat(Utf8.length(new StringBuilder(text))).as("any CharSequence").isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void anUnpairedSurrogateCountsAsTheQuestionMarkTheEncoderWrites() {
        String lone = "a\uD83D" + "b\uDE00";

        assertThat(Utf8.length(lone)).isEqualTo(lone.getBytes(StandardCharsets.UTF_8).length).isEqualTo(4);
        assertThat(Utf8.length(new StringBuilder(lone))).isEqualTo(4);
    }

    @ParameterizedTest
    @ValueSource(strings = {"x", "é", "中", "🎉", "a\uD800"})
    void aLongTextCountsTheSameAsTheEncoder(String unit) {
        for (int chars = 8 * 1024 - 3; chars <= 8 * 1024 + 3; chars++) {
            String text = "ab".repeat(chars / 2) + unit.repeat(3) + "z".repeat(chars % 7) + unit.repeat(20_000 / unit.length());
            assertThat(Utf8.length(text)).as("%d chars then %s", chars, unit)
                    .isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
        }
        String pairs = "🎉".repeat(10_000);
        for (int shift = 0; shift < 2; shift++) {
            String text = "a".repeat(shift) + pairs;
            assertThat(Utf8.length(text)).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "plain ASCII", "control \u0001 and DEL \u007f", "Grüße", "日本語", "🎉", "a\uD800"})
    void textIsAsciiExactlyWhenUtf8TakesOneBytePerCharacter(String text) {
        assertThat(Utf8.isAscii(text)).isEqualTo(Utf8.length(text) == text.length() && text.chars().allMatch(c -> c < 0x80));
        assertThat(Utf8.isAscii(new StringBuilder(text))).as("any CharSequence").isEqualTo(Utf8.isAscii(text));
    }

    @Test
    void theFirstNonAsciiCharacterAnywhereMakesTextNonAscii() {
        assertThat(Utf8.isAscii("ascii")).isTrue();
        assertThat(Utf8.isAscii("\u0080ascii")).isFalse();
        assertThat(Utf8.isAscii("asc\u00e9ii")).isFalse();
        assertThat(Utf8.isAscii("ascii\uffff")).isFalse();
    }
}
