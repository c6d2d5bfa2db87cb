package dev.mailover.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The storage contract on a real PostgreSQL, and its plan for the relay's poll. */
class PostgresStorageTest extends StorageContract {

    private static HikariDataSource pool;

    @BeforeAll
    static void open() {
        pool = Postgres.pool(Postgres.newDatabase(), 6);
    }

    @AfterAll
    static void close() {
        pool.close();
    }

    @Override
    DataSource dataSource() {
        return pool;
    }

    @Override
    Dialect expectedDialect() {
        return Dialect.POSTGRESQL;
    }

    @Test
    void theIdlePollIsAnIndexRangeScanEvenWithManyFinishedEntries() throws Exception {
        fill("SENT", 20_000);
        try (Connection c = pool.getConnection()) {
            StringBuilder plan = new StringBuilder();
            try (PreparedStatement p = c.prepareStatement("EXPLAIN SELECT id FROM mailover_outbox WHERE status = 'PENDING'"
                    + " AND next_attempt_at <= ? " + Dialect.POSTGRESQL.claimTail())) {
                p.setLong(1, System.currentTimeMillis());
                p.setInt(2, 4);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        plan.append(r.getString(1)).append('\n');
                    }
                }
            }
            assertThat(plan.toString()).contains("mailover_outbox_due").doesNotContain("Seq Scan");
        }
    }

    @Test
    void theRelaysUpdatesOfAListOfIdsLookUpThePrimaryKeyRatherThanScanTheTable() throws Exception {
        fill("PENDING", 8_000); // a backlog of some thousand rows, where a list of 32 ids was planned as a sequential scan
        try (Connection c = pool.getConnection()) {
            for (String sql : List.of(OutboxStore.CLAIM_UPDATE, OutboxStore.SENT_TOGETHER)) {
                StringBuilder plan = new StringBuilder();
                try (PreparedStatement p = c.prepareStatement("EXPLAIN " + sql)) {
                    int at = 1;
                    if (sql.equals(OutboxStore.CLAIM_UPDATE)) {
                        p.setString(at++, "w#1");
                        p.setLong(at++, 9_000);
                    } else {
                        for (int column = 0; column < 4; column++) {
                            for (int i = 0; i < 8; i++) {
                                p.setLong(at++, 100 + i);
                                if (column < 2) {
                                    p.setLong(at++, 9_000);
                                } else {
                                    p.setString(at++, "v" + i);
                                }
                            }
                        }
                    }
                    for (int i = 0; i < 8; i++) {
                        p.setLong(at++, 100 + i);
                    }
                    if (sql.equals(OutboxStore.SENT_TOGETHER)) {
                        p.setString(at, "w#1");
                    }
                    try (ResultSet r = p.executeQuery()) {
                        while (r.next()) {
                            plan.append(r.getString(1)).append('\n');
                        }
                    }
                }
                assertThat(plan.toString()).as(sql).contains("mailover_outbox_pkey").doesNotContain("Seq Scan");
            }
        }
    }

    /** Creates the tables and adds {@code rows} entries in {@code status}, with fresh planner statistics. */
    private void fill(String status, int rows) throws Exception {
        try (Outbox outbox = Outbox.builder().dataSource(pool).workers(0).build()) {
            outbox.send(TestEmails.numbered(0)); // creates the tables
        }
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO mailover_outbox (message_id, status, attempts, created_at, queued_at, next_attempt_at)"
                    + " SELECT '<' || g || '@x>', '" + status + "', 1, g, g, g FROM generate_series(1, " + rows + ") g");
            s.execute("ANALYZE mailover_outbox");
        }
    }
}
