package dev.mailover.outbox;

import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What differs between the databases the outbox runs on: the schema script and the tail of the claim query.
 * Everything else is the same plain SQL. The resource paths are part of the public contract (a user's
 * Flyway or Liquibase runs them), so they never move.
 */
enum Dialect {
    POSTGRESQL("PostgreSQL", "postgresql", "ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED"),
    /** MySQL 8 and MariaDB 10.6 or later: both have SKIP LOCKED. */
    MYSQL("MySQL", "mysql", "ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED"),
    /**
     * H2 2.x has SKIP LOCKED too, but with an ORDER BY it locks every row that the sort reads, so two claims
     * would block each other; the range scan of the (status, next_attempt_at) index yields that order anyway.
     */
    H2("H2", "h2", "LIMIT ? FOR UPDATE SKIP LOCKED");

    private static final Pattern MARIADB_VERSION = Pattern.compile("^(?:5\\.5\\.5-)?(\\d+)\\.(\\d+)");

    /** Where the scripts live in the jar. */
    static final String SCRIPT_FOLDER = "dev/mailover/outbox/schema/";

    private final String product;
    private final String scriptName;
    private final String claimTail;

    Dialect(String product, String scriptName, String claimTail) {
        this.product = product;
        this.scriptName = scriptName;
        this.claimTail = claimTail;
    }

    /** The class-path resource of this database's schema script, for example {@code dev/mailover/outbox/schema/postgresql.sql}. */
    String script() {
        return SCRIPT_FOLDER + scriptName + ".sql";
    }

    /** What follows the claim query's WHERE clause: its order, its one parameter (how many), and the lock. */
    String claimTail() {
        return claimTail;
    }

    String product() {
        return product;
    }

    /**
     * The dialect of the database behind a connection.
     *
     * @throws IllegalArgumentException for a database (or a version) the outbox does not support
     */
    static Dialect of(DatabaseMetaData meta) throws SQLException {
        String name = meta.getDatabaseProductName();
        String lower = name.toLowerCase(Locale.ROOT);
        int major = meta.getDatabaseMajorVersion();
        int minor = meta.getDatabaseMinorVersion();
        String version = major + "." + minor;
        if (lower.contains("postgresql")) {
            return POSTGRESQL;
        }
        String productVersion = meta.getDatabaseProductVersion();
        if (lower.contains("mariadb") || productVersion.toLowerCase(Locale.ROOT).contains("mariadb")) {
            // MariaDB announces itself as "5.5.5-10.11.18-MariaDB" to old MySQL clients, and Connector/J reports
            // 5.5 as its version: the real one follows that prefix.
            Matcher real = MARIADB_VERSION.matcher(productVersion);
            if (real.find()) {
                major = Integer.parseInt(real.group(1));
                minor = Integer.parseInt(real.group(2));
                version = major + "." + minor;
            }
            if (major < 10 || (major == 10 && minor < 6)) {
                throw new IllegalArgumentException("dataSource: MariaDB " + version
                        + " lacks FOR UPDATE SKIP LOCKED, which the outbox needs; use MariaDB 10.6 or later");
            }
            return MYSQL;
        }
        if (lower.contains("mysql")) {
            if (major < 8) {
                throw new IllegalArgumentException("dataSource: MySQL " + version
                        + " lacks FOR UPDATE SKIP LOCKED, which the outbox needs; use MySQL 8.0 or later");
            }
            return MYSQL;
        }
        if (lower.equals("h2")) {
            if (major < 2) {
                throw new IllegalArgumentException("dataSource: H2 " + version + " is too old; use H2 2.x");
            }
            return H2;
        }
        throw new IllegalArgumentException("dataSource: " + name + " is not supported by the outbox;"
                + " use PostgreSQL, MySQL 8, MariaDB 10.6+ or H2 2.x");
    }
}
