package dev.mailover.outbox;

import dev.mailover.Email;
import java.nio.file.Path;

/**
 * Run in a child JVM by {@link EnqueueDurabilityTest}: stores emails in the embedded outbox in the given folder, one
 * after another, and prints each Message-ID once {@code send} has returned, until the process is killed.
 */
public final class EnqueueProcess {

    private EnqueueProcess() {
    }

    public static void main(String[] args) {
        Outbox outbox = Outbox.builder().embedded(Path.of(args[0])).workers(0).build();
        for (int i = 0; ; i++) {
            Email email = TestEmails.numbered(i);
            outbox.send(email);
            System.out.println(email.messageId());
            System.out.flush();
        }
    }
}
