package dev.mailover.examples.spring;

import dev.mailover.outbox.Outbox;
import dev.mailover.outbox.OutboxEntry;
import dev.mailover.outbox.OutboxStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Spring Boot application that sends order confirmations through Mailover's starter: the {@code Mailer}
 * bean is the outbox on the application's DataSource (H2), and its relay delivers through
 * {@code failover(smtp api)}. See {@code application.properties}: the application itself configures nothing
 * else.
 *
 * <p>{@link #main} runs the story on embedded servers: one confirmation goes out by SMTP; then SMTP goes down,
 * and the next one fails over to the API, while the application's {@code send} never notices. With
 * {@code MAILOVER_DSN} set in the environment, it sends one confirmation through that DSN instead (to
 * {@code MAIL_TO}).
 */
@SpringBootApplication
public class ExampleApplication {

    private static final Duration WAIT = Duration.ofSeconds(30);

    /** Runs the story and exits with 0 when it went as described. */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        String dsn = System.getenv("MAILOVER_DSN");
        if (dsn != null) {
            String to = Optional.ofNullable(System.getenv("MAIL_TO")).orElse("you@example.com");
            try (ConfigurableApplicationContext context = SpringApplication.run(ExampleApplication.class, args)) {
                String id = context.getBean(OrderConfirmations.class).confirm(to, "A-1");
                System.exit(report(out, context.getBean(Outbox.class), id) ? 0 : 1);
            }
        }
        try (EmbeddedPeers peers = EmbeddedPeers.start()) {
            SpringApplication application = new SpringApplication(ExampleApplication.class);
            application.setDefaultProperties(java.util.Map.of("mailover.dsn", peers.failoverDsn()));
            try (ConfigurableApplicationContext context = application.run(args)) {
                System.exit(story(out, peers, context) ? 0 : 1);
            }
        }
    }

    private static boolean story(PrintWriter out, EmbeddedPeers peers, ConfigurableApplicationContext context) {
        OrderConfirmations confirmations = context.getBean(OrderConfirmations.class);
        Outbox outbox = context.getBean(Outbox.class);
        out.println();
        out.println("mailover.dsn = " + peers.failoverDsn().replaceAll("SG\\.[^@]+", "****"));
        out.println("The Mailer bean is " + outbox + ": send stores the email, the relay delivers it.");

        out.println();
        out.println("1. Confirm order A-1 while SMTP is up.");
        boolean first = report(out, outbox, confirmations.confirm("ann@customer.example", "A-1"));
        out.println("   the SMTP server received " + peers.smtp().getReceivedMessages().length + " message(s)");

        out.println();
        out.println("2. SMTP goes down; confirm order A-2. The outbox's relay fails over to the API.");
        peers.stopSmtp();
        boolean second = report(out, outbox, confirmations.confirm("bob@customer.example", "A-2"));
        out.println("   the API accepted " + peers.apiDeliveries() + " message(s)");

        out.println();
        out.println("Health: " + context.getBean("mailoverHealthIndicator", HealthIndicator.class).health().getDetails());
        return first && second;
    }

    /** Waits until the outbox has delivered the email (or given up on it) and prints how it went. */
    private static boolean report(PrintWriter out, Outbox outbox, String messageId) {
        Instant until = Instant.now().plus(WAIT);
        OutboxEntry entry = outbox.find(messageId).orElseThrow();
        while (entry.status() != OutboxStatus.SENT && entry.status() != OutboxStatus.FAILED && Instant.now().isBefore(until)) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            entry = outbox.find(messageId).orElseThrow();
        }
        out.println("   " + messageId + ": " + entry.status().name().toLowerCase(java.util.Locale.ROOT)
                + entry.transport().map(t -> " by " + t).orElse("") + " after " + entry.attempts() + " attempt(s)"
                + entry.lastFailure().map(k -> ", the last failure was " + k).orElse(""));
        return entry.status() == OutboxStatus.SENT;
    }
}
