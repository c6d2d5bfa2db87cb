package dev.mailover.examples;

import dev.mailover.Email;
import dev.mailover.MailException;
import dev.mailover.SendResult;
import dev.mailover.smtp.SmtpMailer;
import dev.mailover.smtp.SmtpSecurity;
import java.time.Duration;

/**
 * Adoption path 1: plain SMTP with an app password, the way most applications start (Gmail,
 * Microsoft 365, Fastmail, any provider's SMTP relay).
 *
 * <pre>
 * export SMTP_HOST=smtp.gmail.com SMTP_USER=me@gmail.com SMTP_PASSWORD='abcd efgh ijkl mnop'
 * export MAIL_FROM=me@gmail.com MAIL_TO=me@gmail.com
 * java -cp mailer-examples/target/mailover.jar dev.mailover.examples.PlainSmtpExample
 * </pre>
 *
 * <p>Gmail and most providers refuse the account password for SMTP: create an app password (or use
 * OAuth2 with {@code .oauth2(user, tokenSupplier)}). A {@code 534 5.7.9} reply says exactly that.
 */
public final class PlainSmtpExample {

    private PlainSmtpExample() {
    }

    /** Sends one email over SMTP with STARTTLS on port 587. */
    public static void main(String[] args) {
        // The defaults are the safe ones: STARTTLS required (never a silent downgrade to plaintext),
        // the server's certificate and host name verified, every timeout finite.
        try (SmtpMailer smtp = SmtpMailer.builder()
                .host(env("SMTP_HOST"))
                .port(587)                                   // 587 + STARTTLS; use 465 with SmtpSecurity.SMTPS
                .security(SmtpSecurity.STARTTLS)
                .credentials(env("SMTP_USER"), env("SMTP_PASSWORD"))
                .connectTimeout(Duration.ofSeconds(10))      // "Connection timed out" fails after this
                .readTimeout(Duration.ofSeconds(30))         // also the write timeout
                .build()) {

            Email email = Email.builder()
                    .from(env("MAIL_FROM"))
                    .to(env("MAIL_TO"))
                    .subject("Hello over SMTP")
                    .text("Sent with Mailover over SMTP with an app password.")
                    .build();

            SendResult result = smtp.send(email);
            System.out.println("Accepted by " + result.transport() + ", Message-ID " + result.messageId());
        } catch (MailException e) {
            // For example: AUTHENTICATION_FAILED on smtp (534): 534-5.7.9 Application-specific password required.
            //              Hint: the provider requires an app password ...
            System.err.println(e.getMessage());
            System.err.println("Diagnose with: mailover doctor " + env("SMTP_HOST") + " --user " + env("SMTP_USER")
                    + " --password-env SMTP_PASSWORD");
            System.exit(1);
        }
    }

    private static String env(String variable) {
        String value = System.getenv(variable);
        if (value == null || value.isBlank()) {
            System.err.println("Set " + variable + " first; see the Javadoc of PlainSmtpExample.");
            System.exit(2);
        }
        return value;
    }
}
