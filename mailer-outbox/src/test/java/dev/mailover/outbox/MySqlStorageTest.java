package dev.mailover.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The storage contract on a real MariaDB that the build starts ({@link MariaDb}), through MySQL Connector/J. To run it
 * on a MySQL 8 server instead, set {@code MAILOVER_TEST_MYSQL_URL} to a JDBC URL of an empty database, for example
 * {@code jdbc:mysql://127.0.0.1:3306/outbox_test?user=root&password=secret}.
 */
class MySqlStorageTest extends StorageContract {

    static final String URL_VARIABLE = "MAILOVER_TEST_MYSQL_URL";
    private static HikariDataSource pool;

    private static final String URL = System.getenv(URL_VARIABLE);

    @BeforeAll
    static void open() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(URL == null || URL.isBlank() ? MariaDb.newDatabase() : URL);
        config.setMaximumPoolSize(6);
        pool = new HikariDataSource(config);
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
        return Dialect.MYSQL;
    }

    /** Two transactions that lock two rows in opposite orders: the database rolls one back, and the outbox knows it. */
    @Test
    void aRealDeadlockIsRecognisedAsOneToRunAgain() throws Exception {
        try (Connection setup = pool.getConnection(); Statement s = setup.createStatement()) {
            s.execute("CREATE TABLE deadlock_probe (id INT PRIMARY KEY)");
            s.execute("INSERT INTO deadlock_probe VALUES (1), (2)");
        }
        ExecutorService other = Executors.newSingleThreadExecutor();
        try (Connection a = pool.getConnection(); Connection b = pool.getConnection()) {
            a.setAutoCommit(false);
            b.setAutoCommit(false);
            lock(a, 1);
            lock(b, 2);
            Future<?> bTakesOne = other.submit(() -> {
                lock(b, 1); // waits for a
                return null;
            });
            await().atMost(Duration.ofSeconds(10)).until(MySqlStorageTest::aTransactionWaitsForALock);
            // b waits for a; a closes the cycle
            SQLException victim = null;
            try {
                lock(a, 2);
            } catch (SQLException e) {
                victim = e;
            }
            if (victim == null) {
                try {
                    bTakesOne.get(10, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    victim = (SQLException) e.getCause();
                }
            }
            assertThat((Throwable) victim).as("one of the two transactions is the deadlock's victim").isNotNull();
            assertThat(StorageFailures.isDeadlock(victim)).as(victim.getSQLState()).isTrue();
            a.rollback();
            b.rollback();
        } finally {
            other.shutdownNow();
        }
    }

    private static boolean aTransactionWaitsForALock() throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT COUNT(*) FROM information_schema.INNODB_TRX WHERE trx_state = 'LOCK WAIT'")) {
            return r.next() && r.getInt(1) > 0;
        }
    }

    private static void lock(Connection c, int id) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT id FROM deadlock_probe WHERE id = ? FOR UPDATE")) {
            p.setInt(1, id);
            p.executeQuery().close();
        }
    }
}
