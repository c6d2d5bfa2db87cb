package dev.mailover.outbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Run in a child JVM by {@link CrashTest}: relays the embedded outbox in the given folder to the SMTP server on the
 * given port until the process is killed.
 */
public final class RelayProcess {

    private RelayProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path folder = Path.of(args[0]);
        int smtpPort = Integer.parseInt(args[1]);
        Outbox outbox = Outbox.builder().embedded(folder).mailer(SmtpSink.mailer(smtpPort)).workers(4)
                .lease(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50)).build();
        System.out.println("relaying " + outbox);
        System.out.flush();
        new CountDownLatch(1).await(); // until SIGKILL
    }
}
