package dev.mailover.outbox;

import dev.mailover.FailureKind;
import dev.mailover.MailException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.function.Predicate;

/**
 * Classifies the outbox's own database failures as {@link MailException}s of transport {@code outbox}: an
 * ordered list of rules on the SQLState (the standard class first, the vendor codes for a missing table),
 * each with the kind and the hint it gives.
 */
final class StorageFailures {

    static final String TRANSPORT = "outbox";
    /** The SQLState (data exception) of the outbox's own failure to read an attachment while storing it. */
    static final String UNREADABLE_ATTACHMENT = "22000";

    private record Rule(Predicate<SQLException> when, FailureKind kind, boolean connectionFailed, String hint) {
    }

    private static final List<Rule> RULES = List.of(
            new Rule(e -> e instanceof SQLTransientConnectionException || e instanceof SQLNonTransientConnectionException
                    || state(e).startsWith("08"), FailureKind.SERVICE_UNAVAILABLE, true,
                    "The outbox's database cannot be reached: check that it runs and that the DataSource's URL is right; "
                            + "nothing was stored."),
            new Rule(e -> state(e).equals(UNREADABLE_ATTACHMENT) && e.getCause() instanceof java.io.IOException,
                    FailureKind.MESSAGE_REJECTED, false,
                    "An attachment could not be read while the email was stored: check that its file still exists and"
                            + " is readable. Nothing was stored."),
            new Rule(e -> state(e).startsWith("28"), FailureKind.AUTHENTICATION_FAILED, true,
                    "The outbox's database refused the DataSource's user or password; nothing was stored."),
            // 42P01 PostgreSQL, 42S02 MySQL/MariaDB/H2, 42102/42104 H2: the table (or a column of it) is missing.
            new Rule(e -> List.of("42P01", "42S02", "42102", "42104", "42S22", "42703", "42122").contains(state(e)),
                    FailureKind.INVALID_CONFIGURATION, false,
                    "The outbox's table is missing or out of date: run the script "
                            + Dialect.SCRIPT_FOLDER + "<database>.sql from the mailer-outbox jar (Flyway, Liquibase or by "
                            + "hand), or build the Outbox with createSchema(true)."),
            new Rule(e -> state(e).startsWith("42"), FailureKind.INVALID_CONFIGURATION, false,
                    "The outbox's database refused the outbox's SQL (a syntax or permission problem): check that the "
                            + "DataSource's user may read and write the mailover_outbox tables and that the database is supported."),
            new Rule(e -> e instanceof SQLTimeoutException || state(e).equals("57014") || state(e).equals("HYT00"),
                    FailureKind.SERVICE_UNAVAILABLE, false,
                    "The outbox's database did not answer in time; it may be overloaded or locked. Try again later."),
            new Rule(e -> true, FailureKind.SERVICE_UNAVAILABLE, false,
                    "The outbox's database failed; the detail has its error. Try again later."));

    private StorageFailures() {
    }

    /**
     * True when the database chose this transaction as a deadlock's victim or could not serialise it (SQLState 40001;
     * PostgreSQL's deadlock 40P01): it was rolled back whole, and running it again is the remedy the databases
     * document. MySQL and MariaDB do this to an {@code INSERT} that meets a relay's {@code FOR UPDATE SKIP LOCKED}
     * claim on the index gap it inserts into.
     */
    static boolean isDeadlock(SQLException e) {
        return state(e).equals("40001") || state(e).equals("40P01");
    }

    /** The failure of {@code doing} (for example "storing the email") as a classified exception. */
    static MailException classify(SQLException e, String doing) {
        Rule rule = RULES.stream().filter(r -> r.when.test(e)).findFirst().orElseThrow();
        return MailException.builder(rule.kind, TRANSPORT)
                .detail(doing + ": " + describe(e))
                .hint(rule.hint)
                .connectionFailed(rule.connectionFailed)
                .cause(e)
                .build();
    }

    /** The exception's message with its SQLState, and the next exceptions of a batch. */
    static String describe(SQLException e) {
        StringBuilder b = new StringBuilder();
        for (SQLException x = e; x != null && b.length() < MailException.MAX_DETAIL; x = x.getNextException()) {
            if (b.length() > 0) {
                b.append("; ");
            }
            b.append(x.getClass().getSimpleName());
            if (x.getSQLState() != null) {
                b.append(" (SQLState ").append(x.getSQLState()).append(')');
            }
            b.append(": ").append(x.getMessage());
            if (x.getNextException() == x) {
                break;
            }
        }
        return b.toString();
    }

    /** An exception for an operation on an outbox that was closed. */
    static MailException closed() {
        return MailException.builder(FailureKind.INVALID_CONFIGURATION, TRANSPORT)
                .detail("the outbox is closed")
                .hint("This Outbox was closed; build a new one on the same storage, which continues where it stopped.")
                .build();
    }

    private static String state(SQLException e) {
        return e.getSQLState() == null ? "" : e.getSQLState();
    }
}
