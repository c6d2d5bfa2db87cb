package dev.mailover.bench;

import dev.mailover.smtp.SmtpMailer;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import java.time.Duration;
import org.slf4j.LoggerFactory;

/**
 * The child JVM of the start-up section: sends one 1 KiB message with {@code mailover} (SmtpMailer, security
 * NONE) or {@code jakarta} (plain {@code Transport.send}), or nothing ({@code bare}), then prints
 * {@code DONE epochMillis}, read when the send returned, and exits. With {@code logging} after the case, the
 * probe first logs a line through SLF4J, as an application that logs before its first send has.
 */
public final class StartupProbe {

    private StartupProbe() {
    }

    /** Arguments: {@code bare}, {@code mailover HOST PORT [logging]} or {@code jakarta HOST PORT [logging]}. */
    public static void main(String[] args) throws Exception {
        if (args.length > 3 && args[3].equals("logging")) {
            LoggerFactory.getLogger(StartupProbe.class).info("application started");
        }
        long done;
        switch (args[0]) {
            case "bare" -> done = System.currentTimeMillis();
            case "mailover" -> {
                try (SmtpMailer mailer = MailoverContenders.smtpMailer(args[1], Integer.parseInt(args[2]), 1,
                        Duration.ofSeconds(10))) {
                    mailer.send(MailoverContenders.email(0));
                    done = System.currentTimeMillis(); // the send returned; closing the mailer is the application's end
                }
            }
            case "jakarta" -> {
                Session session = Session.getInstance(SmtpPeers.jakartaProperties(args[1], Integer.parseInt(args[2])));
                Transport.send(SmtpPeers.jakartaMessage(session, BenchMessage.TEXT_1K, 0));
                done = System.currentTimeMillis();
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
        System.out.println("DONE " + done);
        System.out.flush();
        System.exit(0);
    }
}
