package dev.mailover.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.mailover.Email;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Two outboxes, each with its own connection pool, share the work on one PostgreSQL database. */
class MultiInstanceTest {

    private static final int EMAILS = 1000;

    @Test
    void twoInstancesOnOneDatabaseDeliverEachOfAThousandEmailsExactlyOnce() {
        String url = Postgres.newDatabase();
        List<String> ids = new ArrayList<>();
        try (SmtpSink sink = SmtpSink.start();
             HikariDataSource enqueuePool = Postgres.pool(url, 2);
             Outbox enqueueOnly = Outbox.builder().dataSource(enqueuePool).workers(0).build()) {
            for (int i = 0; i < EMAILS; i++) {
                Email email = TestEmails.numbered(i);
                ids.add(email.messageId());
                enqueueOnly.send(email);
            }
            AtomicInteger sentByA = new AtomicInteger();
            AtomicInteger sentByB = new AtomicInteger();
            try (HikariDataSource poolA = Postgres.pool(url, 6);
                 HikariDataSource poolB = Postgres.pool(url, 6);
                 Outbox a = relay(poolA, sink, sentByA);
                 Outbox b = relay(poolB, sink, sentByB)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> sentByA.get() + sentByB.get() >= EMAILS);
                assertThat(a.counts()).containsEntry(OutboxStatus.SENT, (long) EMAILS)
                        .containsEntry(OutboxStatus.PENDING, 0L).containsEntry(OutboxStatus.SENDING, 0L);
            }

            Map<String, Integer> arrivals = sink.arrivals();
            assertThat(arrivals.keySet()).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(arrivals.values()).allMatch(n -> n == 1);
            assertThat(sentByA.get() + sentByB.get()).isEqualTo(EMAILS);
            assertThat(sentByA.get()).as("instance A took part").isPositive();
            assertThat(sentByB.get()).as("instance B took part").isPositive();
        }
    }

    private static Outbox relay(HikariDataSource pool, SmtpSink sink, AtomicInteger sent) {
        return Outbox.builder().dataSource(pool).mailer(sink.mailer()).workers(4).pollInterval(Duration.ofMillis(100))
                .listener(new OutboxListener() {
                    @Override
                    public void onSent(OutboxEntry entry) {
                        sent.incrementAndGet();
                    }
                }).build();
    }
}
