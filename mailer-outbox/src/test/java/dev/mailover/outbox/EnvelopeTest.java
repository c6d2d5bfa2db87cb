package dev.mailover.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailover.Attachment;
import dev.mailover.Email;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The stored form of an email keeps everything but the attachment bytes, exactly. */
class EnvelopeTest {

    @Test
    void everyFieldSurvivesTheRoundTripIncludingAwkwardCharacters() {
        Email email = Email.builder()
                .from("\"Müller, Zoë\" <z@shop.example>")
                .to("Ada <ada@example.org>").cc("c@example.org").bcc("b@example.org").replyTo("r@shop.example")
                .subject("Quotes \" backslash \\ slash / emoji 😀 lone-free")
                .text("tabs\tand\r\nnewlines\u0001control").html("<p>\"é\"</p>")
                .header("X-One", "1").header("X-Two", "2")
                .tag("a").tag("b").metadata("k1", "v1").metadata("k2", "{\"json\": true}")
                .messageId("<fixed-id@shop.example>")
                .attach(Attachment.inline("logo", "logo.png", "image/png", new byte[] {1}))
                .build();

        String json = Envelope.write(email, List.of(1L));
        Envelope envelope = Envelope.read(json);
        Email back = envelope.toEmail(List.of(Attachment.inline("logo", "logo.png", "image/png", new byte[] {1})));

        assertThat(back.messageId()).isEqualTo("<fixed-id@shop.example>");
        assertThat(back.from()).isEqualTo(email.from());
        assertThat(back.recipients()).isEqualTo(email.recipients());
        assertThat(back.replyTo()).isEqualTo(email.replyTo());
        assertThat(back.subject()).isEqualTo(email.subject());
        assertThat(back.text()).isEqualTo(email.text());
        assertThat(back.html()).isEqualTo(email.html());
        assertThat(back.headers()).containsExactlyEntriesOf(email.headers());
        assertThat(back.tags()).isEqualTo(email.tags());
        assertThat(back.metadata()).containsExactlyEntriesOf(email.metadata());
        assertThat(envelope.parts()).containsExactly(new Envelope.Part("logo.png", "image/png", "logo", 1));
        assertThat(json).doesNotContain("\r").doesNotContain("\n").doesNotContain("\u0001");
    }

    @Test
    void anEmailWithoutHtmlHasNoneAfterTheRoundTrip() {
        Email email = TestEmails.numbered(1);
        Email back = Envelope.read(Envelope.write(email, List.of())).toEmail(List.of());
        assertThat(back.html()).isEmpty();
        assertThat(back.text()).isEqualTo(email.text());
    }

    @Test
    void anEnvelopeFromANewerFormatIsRefusedSayingSo() {
        assertThatThrownBy(() -> Envelope.read("{\"v\":2,\"messageId\":\"<a@b>\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("version 2").hasMessageContaining("upgrade");
    }

    @Test
    void jsonParsingRefusesMalformedTextNamingTheOffset() {
        assertThatThrownBy(() -> Json.parse("{\"a\": [1, 2}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("offset 11");
        assertThatThrownBy(() -> Json.parse("{\"a\": \"unterminated}")).hasMessageContaining("unterminated");
        assertThat(Json.parse(" {\"a\" : [true, false, null, -12, \"\\u00e9\\/\"]} "))
                .isEqualTo(Map.of("a", java.util.Arrays.asList(true, false, null, -12L, "é/")));
    }

    @Test
    void aLoneSurrogateIsWrittenAsAnEscapeSoTheTextStaysValidUtf8() {
        String lone = "a\ud800b";
        String json = Json.write(new StringBuilder(), lone).toString();
        assertThat(json).isEqualTo("\"a\\ud800b\"");
        assertThat(Json.parse(json)).isEqualTo(lone);
        assertThat(Json.write(new StringBuilder(), "😀").toString()).isEqualTo("\"😀\"");
    }
}
