package dev.mailover.examples;

import dev.mailover.Email;
import dev.mailover.MailException;
import dev.mailover.Mailer;
import dev.mailover.Mailers;
import dev.mailover.SendResult;

/**
 * Adoption path 3: the whole transport configuration in one {@code MAILER_DSN} environment variable,
 * so the code never changes between laptop, staging and production, and secrets stay out of it.
 *
 * <pre>
 * export MAILER_DSN='failover(smtp://me%40example.com:APP-PASSWORD@smtp.example.com:587 sendgrid+api://SG.KEY@default)'
 * export MAIL_FROM='me@example.com' MAIL_TO='you@example.org'
 * java -cp mailer-examples/target/mailover.jar dev.mailover.examples.DsnExample
 * </pre>
 *
 * <p>A percent sign encodes characters that a URL reserves: {@code @} in a user name is {@code %40}.
 */
public final class DsnExample {

    private DsnExample() {
    }

    /** Sends one email through the mailer that {@code MAILER_DSN} describes. */
    public static void main(String[] args) {
        String dsn = require("MAILER_DSN");
        String from = require("MAIL_FROM");
        String to = require("MAIL_TO");

        // One string, any transport on the class path: smtp, smtps, sendgrid+api, mailgun+api,
        // postmark+api, ses+api, and failover(...) / roundrobin(...) around them.
        // Build one mailer at startup, share it (it is thread-safe), close it at shutdown.
        try (Mailer mailer = Mailers.fromDsn(dsn)) {
            Email email = Email.builder()
                    .from(from)
                    .to(to)
                    .subject("Configured by one variable")
                    .text("Sent through " + mailer.name() + ", configured by MAILER_DSN.")
                    .build();
            SendResult result = mailer.send(email);
            System.out.println("Sent by " + result.transport() + ", message id " + result.messageId());
        } catch (MailException e) {
            // kind() says what went wrong, hint() what to do about it; neither ever holds a secret.
            System.err.println("Not sent: " + e.kind() + " - " + e.hint());
            System.exit(1);
        }
    }

    private static String require(String variable) {
        String value = System.getenv(variable);
        if (value == null || value.isBlank()) {
            System.err.println("Set " + variable + " first; see the Javadoc of DsnExample.");
            System.exit(2);
        }
        return value;
    }
}
