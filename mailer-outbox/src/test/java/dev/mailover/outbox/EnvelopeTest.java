package dev.mailover.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailover.Address;
import dev.mailover.Attachment;
import dev.mailover.Email;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stored form of an email keeps everything but the attachment bytes, exactly. */
class EnvelopeTest {

    private static Email everyField() {
        return Email.builder()
                .from("\"Müller, Zoë\" <z@shop.example>")
                .to("Ada <ada@example.org>").cc("c@example.org").bcc("b@example.org").replyTo("r@shop.example")
                .subject("Quotes \" backslash \\ slash / emoji 😀 lone-free")
                .text("tabs\tand\r\nnewlines\u0001control").html("<p>\"é\"</p>")
                .header("X-One", "1").header("X-Two", "2")
                .tag("a").tag("b").metadata("k1", "v1").metadata("k2", "{\"json\": true}")
                .messageId("<fixed-id@shop.example>")
                .attach(Attachment.inline("logo", "logo.png", "image/png", new byte[] {1}))
                .attach(Attachment.of("Rechnung März.pdf", "application/pdf", new byte[] {2, 3}))
                .build();
    }

    @Test
    void everyFieldSurvivesTheRoundTripIncludingAwkwardCharacters() {
        Email email = everyField();

        Envelope envelope = Envelope.read(Envelope.write(email, List.of(1L, 2L)));
        Email back = envelope.toEmail(List.of(Attachment.inline("logo", "logo.png", "image/png", new byte[] {1}),
                Attachment.of("Rechnung März.pdf", "application/pdf", new byte[] {2, 3})));

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
        assertThat(envelope.parts()).containsExactly(new Envelope.Part("logo.png", "image/png", "logo", 1),
                new Envelope.Part("Rechnung März.pdf", "application/pdf", null, 2));
        assertThat(back.attachments()).extracting(Attachment::filename).containsExactly("logo.png", "Rechnung März.pdf");
    }

    @Test
    void anEmailWithoutHtmlHasNoneAfterTheRoundTrip() {
        Email email = TestEmails.numbered(1);
        Email back = Envelope.read(Envelope.write(email, List.of())).toEmail(List.of());
        assertThat(back.html()).isEmpty();
        assertThat(back.text()).isEqualTo(email.text());
    }

    @Test
    void theSummaryHasTheAddressesSubjectAndAttachmentsButToStringNamesNoneOfThem() {
        OutboxEnvelope summary = Envelope.read(Envelope.write(everyField(), List.of(1L, 2L))).summary();

        assertThat(summary.messageId()).isEqualTo("<fixed-id@shop.example>");
        assertThat(summary.from()).isEqualTo(Address.of("z@shop.example", "Müller, Zoë"));
        assertThat(summary.to()).containsExactly(Address.of("ada@example.org", "Ada"));
        assertThat(summary.cc()).containsExactly(Address.of("c@example.org"));
        assertThat(summary.bcc()).containsExactly(Address.of("b@example.org"));
        assertThat(summary.replyTo()).containsExactly(Address.of("r@shop.example"));
        assertThat(summary.subject()).startsWith("Quotes");
        assertThat(summary.attachments()).containsExactly(new OutboxEnvelope.Part("logo.png", "image/png", 1),
                new OutboxEnvelope.Part("Rechnung März.pdf", "application/pdf", 2));
        assertThat(summary.toString()).isEqualTo("OutboxEnvelope{<fixed-id@shop.example> 3 recipient(s) 2 attachment(s)}");
    }

    @Test
    void theEncodingStartsWithItsMarkAndVersionAndHoldsTheTextAsUtf8() {
        byte[] stored = Envelope.write(everyField(), List.of(1L, 2L));

        assertThat(Arrays.copyOf(stored, 5)).containsExactly('M', 'O', 'E', 'V', 1);
        assertThat(new String(stored, StandardCharsets.UTF_8)).contains("Müller, Zoë", "emoji 😀");
    }

    @Test
    void anEnvelopeFromANewerFormatIsRefusedSayingSo() {
        byte[] stored = Envelope.write(TestEmails.numbered(1), List.of());
        stored[4] = 2;

        assertThatThrownBy(() -> Envelope.read(stored))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("version 2").hasMessageContaining("upgrade");
    }

    @Test
    void bytesThatAreNoEnvelopeAreRefusedSayingWhat() {
        assertThatThrownBy(() -> Envelope.read("{\"v\":1}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a Mailover envelope");
    }

    @Test
    void aTruncatedOrDamagedEnvelopeIsRefusedRatherThanReadAsSomethingElse() {
        byte[] stored = Envelope.write(everyField(), List.of(1L, 2L));

        assertThatThrownBy(() -> Envelope.read(Arrays.copyOf(stored, stored.length - 3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truncated");
        byte[] hugeLength = stored.clone();
        hugeLength[5] = 0x7f; // the Message-ID's length
        assertThatThrownBy(() -> Envelope.read(hugeLength))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("damaged");
        byte[] longer = Arrays.copyOf(stored, stored.length + 1);
        assertThatThrownBy(() -> Envelope.read(longer))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 bytes after its end");
    }

    @Test
    void aLoneSurrogateIsStoredAsTheQuestionMarkThatEveryUtf8TransportSends() {
        Email email = Email.builder().from("a@shop.example").to("b@example.org").subject("s")
                .text("a\ud800b").build();

        Email back = Envelope.read(Envelope.write(email, List.of())).toEmail(List.of());

        assertThat(back.text()).contains(new String("a\ud800b".getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                .contains("a?b");
    }
}
