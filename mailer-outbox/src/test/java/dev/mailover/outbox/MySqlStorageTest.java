package dev.mailover.outbox;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

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
}
