package dev.mailover.examples;

import dev.mailover.Attempt;
import dev.mailover.Email;
import dev.mailover.FailureKind;
import dev.mailover.MailException;
import dev.mailover.Mailer;
import dev.mailover.MailerListener;
import dev.mailover.SendResult;
import dev.mailover.failover.FailoverMailer;
import dev.mailover.http.SendGridMailer;
import dev.mailover.smtp.SmtpMailer;
import dev.mailover.smtp.SmtpSecurity;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;

/**
 * Adoption path 2: SMTP first, SendGrid's HTTP API when SMTP's path breaks, configured with builders.
 * This is the fix for "SMTP connect() failed" on hosts that block outbound SMTP ports: the API speaks
 * HTTPS on 443, which is open where 25, 465 and 587 are not.
 *
 * <pre>
 * export SMTP_HOST=smtp.example.com SMTP_USER=me@example.com SMTP_PASSWORD=... SENDGRID_API_KEY=SG....
 * export MAIL_FROM=me@example.com MAIL_TO=you@example.org
 * java -cp mailer-examples/target/mailover.jar dev.mailover.examples.FailoverExample
 * </pre>
 */
public final class FailoverExample {

    private FailoverExample() {
    }

    /** Sends one email, through SMTP when it works and through SendGrid when it does not. */
    public static void main(String[] args) {
        SmtpMailer smtp = SmtpMailer.builder()
                .host(env("SMTP_HOST"))
                .port(587)
                .security(SmtpSecurity.STARTTLS)
                .credentials(env("SMTP_USER"), env("SMTP_PASSWORD"))
                .connectTimeout(Duration.ofSeconds(5))   // a blocked port costs 5 s once, then the breaker skips it
                .build();
        SendGridMailer sendgrid = SendGridMailer.builder()
                .apiKey(env("SENDGRID_API_KEY"))
                .build();                                // baseUrl defaults to https://api.sendgrid.com

        try (Mailer mailer = FailoverMailer.builder()
                .transport(smtp)                         // tried first
                .transport(sendgrid)                     // when smtp fails with a transport fault
                // Retry a transport only for retryable kinds (timeouts, 421, 429, 5xx): 2 attempts, backoff 200 ms .. 5 s.
                .retry(2, Duration.ofMillis(200), Duration.ofSeconds(5))
                // Each transport has its own breaker; only transport faults count, never a bad recipient.
                .circuitBreaker(CircuitBreakerConfig.custom()
                        .failureRateThreshold(50)
                        .minimumNumberOfCalls(5)
                        .waitDurationInOpenState(Duration.ofSeconds(60))
                        .build())
                .deadline(Duration.ofSeconds(60))        // one budget for the whole send
                .listener(new MailerListener() {
                    @Override
                    public void onFailover(String from, String to, FailureKind reason) {
                        System.err.println("failover " + from + " -> " + to + ": " + reason);
                    }
                })
                .build()) {

            Email email = Email.builder()
                    .from(env("MAIL_FROM"))
                    .to(env("MAIL_TO"))
                    .subject("Hello, whatever the path")
                    .text("Sent with Mailover: SMTP first, SendGrid when SMTP is blocked.")
                    .build();

            SendResult result = mailer.send(email);
            System.out.println("Sent by " + result.transport() + ", message id " + result.messageId());
            for (Attempt a : result.attempts()) {
                System.out.println("  " + a);
            }
        } catch (MailException e) {
            // Every transport failed, or the message itself was refused (then no other transport is tried).
            System.err.println(e.getMessage());
            e.attempts().forEach(a -> System.err.println("  " + a));
            System.exit(1);
        }
    }

    private static String env(String variable) {
        String value = System.getenv(variable);
        if (value == null || value.isBlank()) {
            System.err.println("Set " + variable + " first; see the Javadoc of FailoverExample.");
            System.exit(2);
        }
        return value;
    }
}
