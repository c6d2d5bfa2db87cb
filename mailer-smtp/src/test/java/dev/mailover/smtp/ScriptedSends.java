package dev.mailover.smtp;

import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mailover.Email;
import dev.mailover.MailException;
import java.time.Duration;

/** Sending to a {@link ScriptedSmtpServer} over plaintext loopback, for tests about what the server answers. */
final class ScriptedSends {

    static final String PASSWORD = "scripted-Passw0rd!";
    static final Email EMAIL = Email.builder().from("orders@shop.example").to("bob@example.org")
            .subject("Your order").text("Thanks!").build();

    private ScriptedSends() {
    }

    /** A mailer for this server: no TLS, no credentials, 2 s timeouts. */
    static SmtpMailer.Builder mailer(ScriptedSmtpServer server) {
        return SmtpMailer.builder().host("localhost").port(server.port()).security(SmtpSecurity.NONE)
                .connectTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofSeconds(2));
    }

    /** The same, authenticating as {@code alice@example.test} over the plaintext loopback connection. */
    static SmtpMailer.Builder authenticated(ScriptedSmtpServer server) {
        return mailer(server).credentials("alice@example.test", PASSWORD).allowPlaintextAuth(true);
    }

    /** Sends once and returns the failure (null when the send succeeded). */
    static MailException failure(SmtpMailer.Builder builder, Email email) {
        try (SmtpMailer m = builder.build()) {
            return catchThrowableOfType(MailException.class, () -> m.send(email));
        }
    }

    /** Sends {@link #EMAIL} once and returns the failure. */
    static MailException failure(ScriptedSmtpServer server) {
        return failure(mailer(server), EMAIL);
    }
}
