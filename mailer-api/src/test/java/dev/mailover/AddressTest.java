package dev.mailover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "a@b.example|a@b.example|",
            "<a@b.example>|a@b.example|",
            "Ada Lovelace <ada@b.example>|ada@b.example|Ada Lovelace",
            "\"Lovelace, Ada\" <ada@b.example>|ada@b.example|Lovelace, Ada",
            "\"Say \\\"hi\\\"\" <q@b.example>|q@b.example|Say \"hi\"",
            "  spaced@b.example  |spaced@b.example|",
            "first.last+tag@sub.b-c.example|first.last+tag@sub.b-c.example|",
            "user@[192.0.2.1]|user@[192.0.2.1]|",
            "Zoë <zoe@bücher.example>|zoe@bücher.example|Zoë"})
    void parsesTheCommonForms(String text, String email, String name) {
        Address a = Address.parse(text);

        assertThat(a.email()).isEqualTo(email);
        assertThat(a.name()).isEqualTo(name);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "bob@|the domain after '@' is empty",
            "@example.com|the part before '@' is empty",
            "bob|it has no '@'",
            "bob@exa mple.com|it contains whitespace or a control character",
            "bob..x@example.com|the part before '@' has a leading, trailing or doubled dot",
            "bob@example..com|the domain has a leading, trailing or doubled dot",
            "bob@-example.com|the domain label '-example' starts or ends with '-'",
            "bo(b@example.com|the part before '@' contains '('",
            "bob@exa_mple.com|the domain contains '_'"})
    void refusesMalformedAddressesSayingWhy(String text, String reason) {
        assertThatThrownBy(() -> Address.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'" + text + "' is not a valid address: " + reason);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Name <a@b.example", "Name a@b.example>", ""})
    void refusesBrokenAngleBrackets(String text) {
        assertThatThrownBy(() -> Address.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesAnOverlongLocalPart() {
        assertThatThrownBy(() -> Address.of("x".repeat(65) + "@example.com"))
                .hasMessageEndingWith("the part before '@' is longer than 64 characters");
    }

    @Test
    void printsInRfc5322Form() {
        assertThat(Address.of("a@b.example")).hasToString("a@b.example");
        assertThat(Address.of("a@b.example", "Ada")).hasToString("Ada <a@b.example>");
        assertThat(Address.of("a@b.example", "Lovelace, Ada")).hasToString("\"Lovelace, Ada\" <a@b.example>");
        assertThat(Address.of("a@b.example", "Say \"hi\"")).hasToString("\"Say \\\"hi\\\"\" <a@b.example>");
    }

    @Test
    void roundTripsThroughToStringAndParse() {
        Address a = Address.of("a@b.example", "Lovelace, \"Ada\"");

        assertThat(Address.parse(a.toString())).isEqualTo(a);
    }

    @Test
    void treatsABlankNameAsNoName() {
        assertThat(Address.of("a@b.example", "  ").name()).isNull();
    }

    @Test
    void exposesTheLowerCasedDomain() {
        assertThat(Address.of("a@Example.COM").domain()).isEqualTo("example.com");
    }

    @Test
    void acceptsANonAsciiLocalPartAsWritten() {
        Address a = Address.parse("José <josé@example.test>");

        assertThat(a.email()).isEqualTo("josé@example.test");
        assertThat(a.localPart()).isEqualTo("josé");
        assertThat(a.emailWithAsciiDomain()).isEqualTo("josé@example.test");
    }

    @Test
    void sendsAnInternationalizedDomainAsALabels() {
        Address a = Address.of("ada@Bücher.example");

        assertThat(a.email()).isEqualTo("ada@Bücher.example");
        assertThat(a.domain()).isEqualTo("bücher.example");
        assertThat(a.emailWithAsciiDomain()).isEqualTo("ada@xn--bcher-kva.example");
        assertThat(Address.of("ada@xn--bcher-kva.example").emailWithAsciiDomain()).isEqualTo("ada@xn--bcher-kva.example");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ada@faß.example|would be sent as 'fass.example'",
            "ada@ｅxample.com|would be sent as 'example.com'",
            "ada@bücher。example|would be sent as 'bücher.example'",
            "ada@exa\u200Dmple.com|invisible"})
    void refusesADomainThatIdnaWouldTurnIntoAnotherName(String email, String reason) {
        String e = email.replace("\\u200D", "\u200D");

        assertThatThrownBy(() -> Address.of(e)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(reason);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u2028", "\u2029", "\u0085", "\u0000", "\u202E", "\u200B", "\uFEFF", "\u00A0", "\u3000",
            "\uE000", "\uD800"})
    void refusesLineSeparatorsControlsInvisibleAndUnpairedCharactersAnywhereInTheAddress(String c) {
        assertThatThrownBy(() -> Address.of("jo" + c + "se@example.test")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a valid address").hasMessageNotContaining(c);
        assertThatThrownBy(() -> Address.of("jose@exam" + c + "ple.test")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a valid address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u2028", "\u2029", "\u0085", "\u0000", "\u202E", "\u202A", "\u2066", "\uFEFF", "\uD800"})
    void refusesLineSeparatorsControlsAndBidiOverridesInTheDisplayName(String c) {
        String code = String.format("U+%04X", (int) c.charAt(0));

        assertThatThrownBy(() -> Address.of("a@b.example", "Ada" + c + "Lovelace"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("display name of 'a@b.example' contains").hasMessageContaining(code);
    }

    @Test
    void acceptsTheJoinersAndMarksThatScriptsAndEmojiNeedInADisplayName() {
        assertThat(Address.of("a@b.example", "👩\u200D💻 Ada").name()).isEqualTo("👩\u200D💻 Ada");
        assertThat(Address.of("a@b.example", "\u05E9\u05E8\u200F Sara").name()).contains("\u200F");
        assertThat(Address.of("a@b.example", "Zoë Çelik").name()).isEqualTo("Zoë Çelik");
    }

    @Test
    void refusesALocalPartNotInNormalizationFormC() {
        assertThatThrownBy(() -> Address.of("jose\u0301@example.test"))
                .hasMessageContaining("not in Unicode normalization form C");
        assertThat(Address.of("jos\u00E9@example.test").localPart()).isEqualTo("josé");
    }

    @Test
    void anErrorMessageShowsInvisibleCharactersEscaped() {
        assertThatThrownBy(() -> Address.of("evil\u202Egnp.exe@example.test"))
                .hasMessageStartingWith("'evil\\u202Egnp.exe@example.test' is not a valid address");
    }

    @Test
    void refusesAnAddressTooLongOnceItsDomainIsInAscii() {
        String label = "ü".repeat(45);
        String domain = String.join(".", label, label, label, label, label) + ".example";

        assertThatThrownBy(() -> Address.of("a@" + domain)).hasMessageContaining("with its domain in ASCII");
    }
}
