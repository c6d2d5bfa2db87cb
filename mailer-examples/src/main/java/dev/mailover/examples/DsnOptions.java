package dev.mailover.examples;

import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * Where a command finds its DSN: {@code --dsn} on the command line, or an environment variable
 * ({@code --dsn-env VAR}, {@code MAILER_DSN} by default) so that credentials stay out of the shell
 * history and the process list.
 */
final class DsnOptions {

    @Option(names = "--dsn", paramLabel = "DSN",
            description = "The transport configuration, e.g. smtp://user:pass@smtp.example.com:587. "
                    + "Prefer --dsn-env: a DSN holds secrets.")
    String dsn;

    @Option(names = "--dsn-env", paramLabel = "VAR",
            description = "Read the DSN from this environment variable (default: "
                    + MailoverCommand.DEFAULT_DSN_VARIABLE + ").")
    String dsnVariable;

    /** True when a DSN was asked for explicitly, by either option. */
    boolean given() {
        return dsn != null || dsnVariable != null;
    }

    /**
     * The DSN to use.
     *
     * @throws CommandLine.ParameterException (exit code 2) when there is none
     */
    String resolve(MailoverCommand root, CommandLine cl) {
        if (dsn != null) {
            return dsn;
        }
        String variable = dsnVariable == null ? MailoverCommand.DEFAULT_DSN_VARIABLE : dsnVariable;
        String value = root.variable(variable);
        if (value == null) {
            throw new CommandLine.ParameterException(cl, dsnVariable == null
                    ? "no DSN: set " + variable + " or pass --dsn-env VAR (or --dsn DSN)"
                    : "no DSN: the environment variable " + variable + " is not set");
        }
        return value;
    }
}
