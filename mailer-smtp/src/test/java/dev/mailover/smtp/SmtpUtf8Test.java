package dev.mailover.smtp;

import static dev.mailover.smtp.ScriptedSends.failure;
import static dev.mailover.smtp.ScriptedSends.mailer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailover.Email;
import dev.mailover.FailureKind;
import dev.mailover.MailException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A non-ASCII local part goes out as UTF-8 with SMTPUTF8 (RFC 6531) when the server offers it, and is
 * refused before anything is sent when it does not; it is never mangled into Latin-1. An
 * internationalized domain travels as A-labels on any server.
 */
class SmtpUtf8Test {

    private static final Email TO_JOSE = Email.builder().from("orders@shop.example").to("José <josé@example.test>")
            .subject("Olá").text("body").build();

    /** The bytes a line of this text has in UTF-8, as the scripted server keeps them (one character per byte). */
    private static String wire(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    @Test
    void aNonAsciiLocalPartIsSentAsUtf8WithSmtpUtf8WhenTheServerOffersIt() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().capabilities("SIZE 10240000", "8BITMIME", "SMTPUTF8")
                .start(); SmtpMailer m = mailer(server).build()) {
            m.send(TO_JOSE);

            assertThat(server.rawCommands()).contains("MAIL FROM:<orders@shop.example> SMTPUTF8")
                    .contains(wire("RCPT TO:<josé@example.test>"));
            assertThat(server.messages()).hasSize(1);
            assertThat(server.messages().get(0)).contains("To: =?UTF-8?Q?Jos=C3=A9?= <josé@example.test>");
            assertThat(server.rawMessages().get(0)).contains(wire("<josé@example.test>"));
        }
    }

    @Test
    void anAsciiMessageDoesNotAskForSmtpUtf8() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().capabilities("SMTPUTF8").start();
             SmtpMailer m = mailer(server).build()) {
            m.send(ScriptedSends.EMAIL);

            assertThat(server.commands()).contains("MAIL FROM:<orders@shop.example>");
        }
    }

    @Test
    void withoutSmtpUtf8ANonAsciiLocalPartIsRefusedBeforeAnythingIsSent() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().capabilities("SIZE 10240000", "8BITMIME").start()) {
            MailException e = failure(mailer(server), TO_JOSE);

            assertThat(e.kind()).isEqualTo(FailureKind.MESSAGE_REJECTED);
            assertThat(e.kind().transportFault()).as("a message problem, not a breaker count").isFalse();
            assertThat(e.code()).isEmpty();
            assertThat(e.hint()).contains("josé@example.test").contains("does not offer SMTPUTF8").contains("nothing was sent");
            assertThat(server.commands()).noneMatch(c -> c.startsWith("MAIL") || c.startsWith("RCPT"));
            assertThat(server.rawCommands()).noneMatch(c -> c.chars().anyMatch(ch -> ch >= 0x80));
        }
    }

    @Test
    void aNonAsciiSenderIsRefusedTooAndTheConnectionStaysUsable() throws Exception {
        Email fromJose = Email.builder().from("josé@shop.example").to("bob@example.org").subject("s").text("b").build();
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().capabilities("8BITMIME").start();
             SmtpMailer m = mailer(server).build()) {
            MailException e = org.assertj.core.api.Assertions.catchThrowableOfType(MailException.class, () -> m.send(fromJose));
            m.send(ScriptedSends.EMAIL);

            assertThat(e.hint()).contains("josé@shop.example");
            assertThat(server.connections()).isEqualTo(1);
            assertThat(server.messageIds()).containsExactly(ScriptedSends.EMAIL.messageId());
        }
    }

    @Test
    void anInternationalizedDomainTravelsAsALabelsOnAServerWithoutSmtpUtf8() throws Exception {
        Email idn = Email.builder().from("orders@shop.example").to("Ada <ada@bücher.example>").subject("s").text("b").build();
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().capabilities("8BITMIME").start();
             SmtpMailer m = mailer(server).build()) {
            m.send(idn);

            assertThat(server.rawCommands()).contains("RCPT TO:<ada@xn--bcher-kva.example>");
            assertThat(server.messages().get(0)).contains("To: Ada <ada@xn--bcher-kva.example>");
            assertThat(server.rawMessages().get(0).chars()).allMatch(c -> c < 0x80);
        }
    }

    @Test
    void aServerRefusingTheUtf8AddressIsAMessageProblem() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().capabilities("SMTPUTF8")
                .on("RCPT", "553 5.6.7 Non-ASCII addresses are not permitted for that recipient").start()) {
            MailException e = failure(mailer(server), TO_JOSE);

            assertThat(e.kind()).isEqualTo(FailureKind.MESSAGE_REJECTED);
            assertThat(e.hint()).contains("non-ASCII address");
        }
    }

    @Test
    void aNonAsciiEhloNameIsAConfigurationErrorAndNeverGoesOutMangled() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().start()) {
            MailException e = failure(mailer(server).localHost("hôte.example"), ScriptedSends.EMAIL);

            assertThat(e.kind()).isEqualTo(FailureKind.INVALID_CONFIGURATION);
            assertThat(e.hint()).contains("localHost(").contains("A-label");
            assertThat(server.rawCommands()).noneMatch(c -> c.startsWith("EHLO") || c.startsWith("HELO"));
        }
    }
}
