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
}
