package dev.mailover.outbox;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The storage contract on MySQL 8 or MariaDB 10.6+, where one is reachable: set {@code MAILOVER_TEST_MYSQL_URL} to a
 * JDBC URL of an empty database (Connector/J speaks to both), for example
 * {@code jdbc:mysql://127.0.0.1:3306/outbox_test?user=root&password=secret}. Without it the tests are skipped, saying so.
 */
class MySqlStorageTest extends StorageContract {

    static final String URL_VARIABLE = "MAILOVER_TEST_MYSQL_URL";
    private static HikariDataSource pool;

    private static final String URL = System.getenv(URL_VARIABLE);

    @BeforeAll
    static void open() {
        if (URL == null || URL.isBlank()) {
            return;
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(URL);
        config.setMaximumPoolSize(6);
        pool = new HikariDataSource(config);
    }

    @Override
    void assumeReachable() {
        assumeTrue(pool != null, URL_VARIABLE + " is not set, so the MySQL/MariaDB storage tests are skipped; set it to"
                + " a JDBC URL such as jdbc:mysql://127.0.0.1:3306/outbox_test?user=root&password=secret to run them");
    }

    @AfterAll
    static void close() {
        if (pool != null) {
            pool.close();
        }
    }

    @Override
    DataSource dataSource() {
        return pool;
    }

    @Override
    Dialect expectedDialect() {
        return Dialect.MYSQL;
    }
}
