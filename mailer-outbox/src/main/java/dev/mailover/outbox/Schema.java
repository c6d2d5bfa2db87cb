package dev.mailover.outbox;

import dev.mailover.FailureKind;
import dev.mailover.MailException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Creates the outbox's tables from the dialect's script in the jar when they are missing. */
final class Schema {

    private Schema() {
    }

    /**
     * Makes sure the tables exist: runs the script when they are missing and {@code create} is set (tolerating
     * another process that creates them at the same moment), or fails saying which script to run.
     */
    static void ensure(DataSource dataSource, Dialect dialect, boolean create) throws SQLException {
        if (exists(dataSource)) {
            return;
        }
        if (!create) {
            throw MailException.builder(FailureKind.INVALID_CONFIGURATION, StorageFailures.TRANSPORT)
                    .detail("the tables mailover_outbox, mailover_outbox_envelope and mailover_outbox_attachment do not exist")
                    .hint("Run the script " + dialect.script() + " from the mailer-outbox jar (as a Flyway or Liquibase "
                            + "migration, or by hand), or build the Outbox with createSchema(true).")
                    .build();
        }
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            if (!c.getAutoCommit()) {
                c.setAutoCommit(true);
            }
            s.setQueryTimeout(OutboxStore.QUERY_TIMEOUT_SECONDS);
            for (String sql : statements(dialect)) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            if (!exists(dataSource)) {
                throw e;
            }
        }
    }

    /** The script's statements: comments removed, split at each {@code ;} that ends a line. */
    static List<String> statements(Dialect dialect) {
        String script;
        // Class.getResourceAsStream with an absolute name reads this module's own resource, also on the module path.
        try (InputStream in = Schema.class.getResourceAsStream("/" + dialect.script())) {
            if (in == null) {
                throw new IllegalStateException("the mailer-outbox jar lacks " + dialect.script());
            }
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dialect.script(), e);
        }
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            int comment = line.indexOf("--");
            String code = (comment >= 0 ? line.substring(0, comment) : line).strip();
            if (code.isEmpty()) {
                continue;
            }
            if (code.endsWith(";")) {
                current.append(code, 0, code.length() - 1);
                statements.add(current.toString().strip());
                current.setLength(0);
            } else {
                current.append(code).append('\n');
            }
        }
        if (!current.toString().isBlank()) {
            statements.add(current.toString().strip());
        }
        return statements;
    }

    private static boolean exists(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.setQueryTimeout(OutboxStore.QUERY_TIMEOUT_SECONDS);
            s.executeQuery("SELECT 1 FROM mailover_outbox, mailover_outbox_envelope, mailover_outbox_attachment WHERE 1 = 0").close();
            return true;
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("42")) {
                return false;
            }
            throw e;
        }
    }
}
