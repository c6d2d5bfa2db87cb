package dev.mailover.bench;

import dev.mailover.smtp.SmtpMailer;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import java.time.Duration;

/**
 * The child JVM of the start-up section: sends one 1 KiB message with {@code mailover} (SmtpMailer, security
 * NONE) or {@code jakarta} (plain {@code Transport.send}), or nothing ({@code bare}), then prints
 * {@code DONE epochMillis} and exits.
 */
public final class StartupProbe {

    private StartupProbe() {
    }

    /** Arguments: {@code bare}, {@code mailover HOST PORT} or {@code jakarta HOST PORT}. */
    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "bare" -> {
            }
            case "mailover" -> {
                try (SmtpMailer mailer = MailoverContenders.smtpMailer(args[1], Integer.parseInt(args[2]), 1,
                        Duration.ofSeconds(10))) {
                    mailer.send(MailoverContenders.email(0));
                }
            }
            case "jakarta" -> {
                Session session = Session.getInstance(SmtpPeers.jakartaProperties(args[1], Integer.parseInt(args[2])));
                Transport.send(SmtpPeers.jakartaMessage(session, BenchMessage.TEXT_1K, 0));
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
        System.out.println("DONE " + System.currentTimeMillis());
        System.out.flush();
        System.exit(0);
    }
}
