package dev.mailover.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class Utf8Test {

    @ParameterizedTest
    @ValueSource(strings = {"", "plain ASCII", "Grüße", "日本語のテキスト", "emoji 🎉 and 𝄞", "mixed é 中 🎉 a"})
    void theCountIsWhatTheJdkEncoderProduces(String text) {
        assertThat(Utf8.length(text)).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void aLoneSurrogateIsCountedAsAnUpperBound() {
        assertThat(Utf8.length("a\uD800b")).isEqualTo(5);
    }
}
