package dev.mailover.outbox;

import com.zaxxer.hikari.HikariDataSource;
import dev.mailover.Attachment;
import dev.mailover.Email;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Run in a child JVM with a small heap by {@link LargeAttachmentMemoryTest}: stores one email with the given file
 * attached in the given storage ({@code embedded:FOLDER} or a PostgreSQL JDBC URL), relays it to the SMTP server
 * on the given port, and prints the entry once it is sent.
 */
public final class LargeAttachmentRelay {

    private LargeAttachmentRelay() {
    }

    public static void main(String[] args) throws Exception {
        String storage = args[0];
        int smtpPort = Integer.parseInt(args[1]);
        Path file = Path.of(args[2]);
        CountDownLatch finished = new CountDownLatch(1);
        Outbox.Builder builder = Outbox.builder().mailer(SmtpSink.mailer(smtpPort)).workers(1)
                .pollInterval(Duration.ofMillis(50)).listener(new OutboxListener() {
                    @Override
                    public void onSent(OutboxEntry entry) {
                        finished.countDown();
                    }

                    @Override
                    public void onFailed(OutboxEntry entry) {
                        finished.countDown();
                    }
                });
        HikariDataSource pool = null;
        if (storage.startsWith("embedded:")) {
            builder.embedded(Path.of(storage.substring("embedded:".length())));
        } else {
            pool = Postgres.pool(storage, 3);
            builder.dataSource(pool);
        }
        Email email = Email.builder().from("ada@example.com").to("bob@example.org").subject("Big file").text("attached")
                .attach(Attachment.of("big.bin", "application/octet-stream", file)).build();
        try (Outbox outbox = builder.build()) {
            outbox.send(email);
            finished.await(60, TimeUnit.SECONDS);
            OutboxEntry entry = outbox.find(email.messageId()).orElseThrow();
            System.out.println("entry " + entry + " max heap " + Runtime.getRuntime().maxMemory());
        } finally {
            if (pool != null) {
                pool.close();
            }
        }
    }
}
