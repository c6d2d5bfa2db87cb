package dev.mailover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmailTest {

    private static Email.Builder valid() {
        return Email.builder().from("Sender <sender@example.com>").to("rcpt@example.org").subject("Hi").text("Hello");
    }

    @Test
    void buildsAnEmailWithEveryField() {
        Attachment pdf = Attachment.of("a.pdf", "application/pdf", new byte[] {1, 2, 3});
        Email email = valid()
                .cc("Carl <carl@example.org>").bcc("hidden@example.org").replyTo("replies@example.com")
                .html("<p>Hello</p>").attach(pdf).header("X-Campaign", "spring")
                .tag("welcome").metadata("user-id", "42").build();

        assertThat(email.from()).isEqualTo(new Address("sender@example.com", "Sender"));
        assertThat(email.to()).containsExactly(Address.of("rcpt@example.org"));
        assertThat(email.cc()).containsExactly(new Address("carl@example.org", "Carl"));
        assertThat(email.bcc()).containsExactly(Address.of("hidden@example.org"));
        assertThat(email.replyTo()).containsExactly(Address.of("replies@example.com"));
        assertThat(email.recipients()).hasSize(3);
        assertThat(email.subject()).isEqualTo("Hi");
        assertThat(email.text()).contains("Hello");
        assertThat(email.html()).contains("<p>Hello</p>");
        assertThat(email.attachments()).containsExactly(pdf);
        assertThat(email.headers()).containsEntry("X-Campaign", "spring");
        assertThat(email.tags()).containsExactly("welcome");
        assertThat(email.metadata()).containsEntry("user-id", "42");
    }

    @Test
    void generatesOneMessageIdAtBuildOnTheSenderDomain() {
        Email email = valid().build();

        assertThat(email.messageId()).matches("<[a-z0-9.]+@example\\.com>");
        assertThat(email.messageId()).isEqualTo(email.messageId());
        assertThat(valid().build().messageId()).isNotEqualTo(email.messageId());
    }

    @Test
    void keepsTheMessageIdWhenCopiedThroughToBuilder() {
        Email email = valid().build();

        assertThat(email.toBuilder().subject("Changed").build().messageId()).isEqualTo(email.messageId());
    }

    @Test
    void acceptsAGivenMessageIdWithOrWithoutBrackets() {
        assertThat(valid().messageId("abc@example.com").build().messageId()).isEqualTo("<abc@example.com>");
        assertThat(valid().messageId("<abc@example.com>").build().messageId()).isEqualTo("<abc@example.com>");
    }

    @Test
    void refusesAMalformedMessageId() {
        assertThatThrownBy(() -> valid().messageId("no at sign").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("messageId:");
    }

    @Test
    void collectionsAreUnmodifiable() {
        Email email = valid().header("X-A", "1").build();

        assertThatThrownBy(() -> email.to().add(Address.of("x@example.com"))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> email.headers().put("X-B", "2")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void requiresASender() {
        assertThatThrownBy(() -> Email.builder().to("a@example.org").text("x").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("from: a sender is required");
    }

    @Test
    void requiresARecipient() {
        assertThatThrownBy(() -> Email.builder().from("a@example.com").text("x").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("to: at least one recipient");
    }

    @Test
    void acceptsBccAsTheOnlyRecipient() {
        assertThat(Email.builder().from("a@example.com").bcc("b@example.org").text("x").build().bcc()).hasSize(1);
    }

    @Test
    void requiresABody() {
        assertThatThrownBy(() -> Email.builder().from("a@example.com").to("b@example.org").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("text: a body is required");
    }

    @Test
    void namesTheFieldOfAMalformedAddress() {
        assertThatThrownBy(() -> valid().to("bob@").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("to: 'bob@' is not a valid address: the domain after '@' is empty");
        assertThatThrownBy(() -> valid().cc("no-at-sign").build()).hasMessageStartingWith("cc: 'no-at-sign'");
        assertThatThrownBy(() -> valid().bcc("a b@example.org").build()).hasMessageStartingWith("bcc:");
        assertThatThrownBy(() -> valid().replyTo("x@@").build()).hasMessageStartingWith("replyTo:");
        assertThatThrownBy(() -> valid().from("@example.com").build()).hasMessageStartingWith("from:");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Hello\r\nBcc: victim@example.org", "Hello\nX: y", "Hello\r"})
    void refusesALineBreakInTheSubject(String subject) {
        assertThatThrownBy(() -> valid().subject(subject).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("subject: contains a CR or LF, which could inject headers");
    }

    @Test
    void refusesALineBreakInAHeaderValue() {
        assertThatThrownBy(() -> valid().header("X-Note", "ok\r\nBcc: victim@example.org").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("header 'X-Note': contains a CR or LF, which could inject headers");
    }

    @Test
    void refusesALineBreakInAHeaderName() {
        assertThatThrownBy(() -> valid().header("X-Note\r\nBcc", "v").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the name contains a CR or LF");
    }

    @Test
    void refusesAHeaderNameWithAColonOrSpace() {
        assertThatThrownBy(() -> valid().header("X Note", "v").build()).hasMessageContaining("printable ASCII");
        assertThatThrownBy(() -> valid().header("X:Note", "v").build()).hasMessageContaining("printable ASCII");
    }

    @Test
    void refusesALineBreakInADisplayName() {
        assertThatThrownBy(() -> valid().to(new Address[] {Address.of("a@example.org")}).from(Address.of("s@example.com"))
                .cc("\"Eve\r\nBcc: victim@example.org\" <eve@example.org>").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cc: display name of 'eve@example.org' contains a CR or LF");
    }

    @ParameterizedTest
    @ValueSource(strings = {"From", "to", "CC", "Bcc", "Subject", "Reply-To", "Content-Type", "Message-ID",
            "MIME-Version", "Content-Transfer-Encoding", "DKIM-Signature"})
    void refusesHeadersTheLibraryOwns(String name) {
        assertThatThrownBy(() -> valid().header(name, "x").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("header '" + name + "': the library sets this header itself; use the builder's own method for it");
    }

    @Test
    void refusesAHeaderLineLongerThanRfc5322Allows() {
        assertThatThrownBy(() -> valid().header("X-Long", "v".repeat(991)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("header 'X-Long': the line would be 999 characters, over the 998 that RFC 5322 allows");
        assertThat(valid().header("X-Long", "v".repeat(990)).build().headers()).containsKey("X-Long");
    }

    @Test
    void refusesLineBreaksInTagsAndMetadata() {
        assertThatThrownBy(() -> valid().tag("a\nb").build()).hasMessageStartingWith("tag:");
        assertThatThrownBy(() -> valid().tag(" ").build()).hasMessage("tag: must not be blank");
        assertThatThrownBy(() -> valid().metadata("k", "v\r\n").build()).hasMessageStartingWith("metadata 'k':");
        assertThatThrownBy(() -> valid().metadata("k\n", "v").build()).hasMessageStartingWith("metadata key");
    }

    @Test
    void acceptsNonAsciiDisplayNamesAndSubjects() {
        Email email = Email.builder().from("Zoë Ångström <zoe@example.com>").to("山田太郎 <taro@example.jp>")
                .subject("Grüße aus Köln – 你好 👋").text("ünïcödé").build();

        assertThat(email.from().name()).isEqualTo("Zoë Ångström");
        assertThat(email.to().get(0).name()).isEqualTo("山田太郎");
        assertThat(email.subject()).isEqualTo("Grüße aus Köln – 你好 👋");
        assertThat(email.subject().getBytes(StandardCharsets.UTF_8)).hasSizeGreaterThan(email.subject().length());
    }

    @Test
    void toStringHoldsNoBody() {
        Email email = valid().text("secret body text").build();

        assertThat(email.toString()).contains(email.messageId()).doesNotContain("secret body text");
    }

    @Test
    void keepsRecipientOrder() {
        Email email = valid().to("b@example.org", "a@example.org").build();

        assertThat(email.to()).extracting(Address::email).isEqualTo(List.of("rcpt@example.org", "b@example.org", "a@example.org"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"user id", "user:id", "ünïcode"})
    void refusesAMetadataKeyThatCannotBeAHeaderNameNamingTheKey(String key) {
        assertThatThrownBy(() -> valid().metadata(key, "1").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("metadata key '" + key + "'")
                .hasMessageContaining("header name");
    }

    @Test
    void acceptsMetadataKeysThatAreHeaderNames() {
        assertThat(valid().metadata("user-id", "1").metadata("order_no.v2", "2").build().metadata())
                .containsKeys("user-id", "order_no.v2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u2028", "\u2029", "\u0085"})
    void refusesUnicodeLineSeparatorsInTheSubjectHeadersTagsAndMetadata(String separator) {
        assertThatThrownBy(() -> valid().subject("a" + separator + "b").build()).hasMessageStartingWith("subject: contains");
        assertThatThrownBy(() -> valid().header("X-Note", "a" + separator + "b").build())
                .hasMessageStartingWith("header 'X-Note': contains");
        assertThatThrownBy(() -> valid().tag("a" + separator + "b").build()).hasMessageStartingWith("tag: contains");
        assertThatThrownBy(() -> valid().metadata("k", "a" + separator + "b").build())
                .hasMessageStartingWith("metadata 'k': contains");
    }

    @Test
    void namesTheFieldOfAnAddressWithABidiOverride() {
        assertThatThrownBy(() -> valid().cc("Ada \u202Eevil <ada@example.org>").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cc: display name of 'ada@example.org' contains the bidirectional control character U+202E");
        assertThatThrownBy(() -> valid().bcc("ada\u2028@example.org").build()).hasMessageStartingWith("bcc: 'ada\\u2028@example.org'");
    }

    @Test
    void generatesTheMessageIdOfAnInternationalizedSenderDomainInAscii() {
        Email email = Email.builder().from("josé@Bücher.example").to("rcpt@example.org").text("x").build();

        assertThat(email.messageId()).endsWith("@xn--bcher-kva.example>");
    }
}
