/**
 * {@code Outbox}: a durable, transactional queue in front of any {@code Mailer}, on JDBC (PostgreSQL,
 * MySQL/MariaDB, or an embedded H2 database).
 */
module dev.mailover.outbox {
    requires transitive dev.mailover.api;
    requires transitive java.sql;
    requires org.slf4j;
    // Only embedded(Path) needs H2, and only then must it be on the path.
    requires static com.h2database;

    exports dev.mailover.outbox;
    // The schema scripts, for a user's Flyway or Liquibase.
    opens dev.mailover.outbox.schema;
}
