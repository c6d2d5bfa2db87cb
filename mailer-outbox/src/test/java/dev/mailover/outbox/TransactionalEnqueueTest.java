package dev.mailover.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.mailover.Email;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** enqueue(email, connection) on a real PostgreSQL: the email goes out if and only if the caller's transaction commits. */
class TransactionalEnqueueTest {

    private SmtpSink sink;
    private HikariDataSource pool;
    private Outbox outbox;

    @BeforeEach
    void start() throws Exception {
        sink = SmtpSink.start();
        pool = Postgres.pool(Postgres.newDatabase(), 5);
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (id BIGINT PRIMARY KEY, customer TEXT NOT NULL)");
        }
        outbox = Outbox.builder().dataSource(pool).mailer(sink.mailer()).pollInterval(Duration.ofMillis(200)).build();
    }

    @AfterEach
    void stop() {
        outbox.close();
        pool.close();
        sink.close();
    }

    @Test
    void anEmailEnqueuedInARolledBackTransactionIsNeverSent() throws Exception {
        Email email = TestEmails.numbered(1);
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            insertOrder(c, 1);
            OutboxEntry entry = outbox.enqueue(email, c);
            assertThat(entry.status()).isEqualTo(OutboxStatus.PENDING);
            c.rollback();
        }
        Email witness = TestEmails.numbered(2);
        outbox.send(witness); // claimed after the rollback, by the same relay

        await().atMost(Duration.ofSeconds(10)).until(() -> sink.messageIds().contains(witness.messageId()));
        // The relay records the delivery after the server's answer, so the sink can hold it a moment before.
        await().atMost(Duration.ofSeconds(10)).until(() -> outbox.counts().get(OutboxStatus.SENT) == 1L);
        assertThat(outbox.find(email.messageId())).isEmpty();
        assertThat(outbox.counts()).containsEntry(OutboxStatus.SENT, 1L).containsEntry(OutboxStatus.PENDING, 0L)
                .containsEntry(OutboxStatus.SENDING, 0L);
        assertThat(sink.messageIds()).containsExactly(witness.messageId());
    }

    @Test
    void anEmailEnqueuedInACommittedTransactionIsSentWithTheBusinessChange() throws Exception {
        Email email = TestEmails.numbered(3);
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            insertOrder(c, 3);
            outbox.enqueue(email, c);
            assertThat(c.isClosed()).isFalse(); // the outbox neither commits nor closes the caller's connection
            assertThat(sink.messageIds()).doesNotContain(email.messageId());
            c.commit();
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> sink.messageIds().contains(email.messageId()));
        await().atMost(Duration.ofSeconds(10)).until(() -> outbox.find(email.messageId()).orElseThrow().status()
                == OutboxStatus.SENT);
    }

    @Test
    void aConnectionInAutocommitModeIsRefusedBecauseThereIsNoTransactionToJoin() throws Exception {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(true);
            assertThatThrownBy(() -> outbox.enqueue(TestEmails.numbered(4), c))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("autocommit");
        }
        assertThat(outbox.counts().values().stream().mapToLong(Long::longValue).sum()).isZero();
    }

    private static void insertOrder(Connection c, long id) throws Exception {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO orders (id, customer) VALUES (?, ?)")) {
            p.setLong(1, id);
            p.setString(2, "customer@example.org");
            p.executeUpdate();
        }
    }
}
