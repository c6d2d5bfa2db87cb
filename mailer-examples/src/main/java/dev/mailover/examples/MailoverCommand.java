package dev.mailover.examples;

import dev.mailover.MailException;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code mailover} command line: {@code send}, {@code test}, {@code doctor}, {@code demo} and {@code outbox}.
 *
 * <p>Exit codes: 0 when the mail was sent or everything checked is healthy, 1 when sending failed or
 * the doctor found problems, 2 for bad usage (an unknown option, a malformed DSN or address). Errors
 * are one readable line; {@code --verbose} adds the stack trace and debug logging.
 *
 * <p>Secrets never have to be typed on the command line: a DSN is read from {@code MAILER_DSN} (or the
 * variable named by {@code --dsn-env}) and a password from {@code --password-env VAR} or a prompt.
 */
@Command(name = "mailover",
        mixinStandardHelpOptions = true,
        scope = ScopeType.INHERIT,
        versionProvider = MailoverCommand.Version.class,
        subcommands = {SendCommand.class, TestCommand.class, DoctorCommand.class, DemoCommand.class,
                OutboxCommand.class, CommandLine.HelpCommand.class},
        description = "Send mail through Mailover's transports, and find out why it does not arrive.",
        footer = {"",
                "Exit codes: 0 sent or healthy, 1 failed or problems found, 2 bad usage.",
                "A DSN is read from MAILER_DSN unless --dsn or --dsn-env says otherwise, e.g.",
                "  smtp://user:app-password@smtp.example.com:587",
                "  failover(smtp://user:pass@smtp.example.com:587 sendgrid+api://KEY@default)"})
public final class MailoverCommand implements Runnable {

    /** The environment variable that holds the DSN when neither --dsn nor --dsn-env is given. */
    static final String DEFAULT_DSN_VARIABLE = "MAILER_DSN";

    private final Map<String, String> environment;

    @Spec
    private CommandSpec spec;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Print stack traces and debug logging.")
    private boolean verbose;

    /** A command line that reads the process environment. */
    public MailoverCommand() {
        this(System.getenv());
    }

    /** A command line that reads variables (DSN, passwords) from the given map instead of the process. */
    public MailoverCommand(Map<String, String> environment) {
        this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
    }

    /** Runs the tool and exits the JVM with its exit code. */
    public static void main(String[] args) {
        boolean verbose = Arrays.stream(args).anyMatch(a -> a.equals("-v") || a.equals("--verbose"));
        if (verbose) {
            // slf4j-simple reads this once, when the first logger is made; simplelogger.properties says "error".
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "debug");
        }
        System.exit(commandLine(System.getenv()).execute(args));
    }

    /**
     * The configured command line, for running in-process: set its out and err writers, then call
     * {@link CommandLine#execute(String...)}, which returns the exit code and never throws.
     */
    public static CommandLine commandLine(Map<String, String> environment) {
        CommandLine cl = new CommandLine(new MailoverCommand(environment));
        cl.setCaseInsensitiveEnumValuesAllowed(true); // --status failed
        cl.setExecutionExceptionHandler(MailoverCommand::handleExecutionException);
        cl.setParameterExceptionHandler(MailoverCommand::handleParameterException);
        return cl;
    }

    /** Without a command there is nothing to do: bad usage, with a pointer to {@code --help}. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (send, test, doctor, demo or outbox)");
    }

    /** The value of an environment variable, or null. */
    String variable(String name) {
        String v = environment.get(name);
        return v == null || v.isBlank() ? null : v;
    }

    boolean verbose() {
        return verbose;
    }

    private static int handleParameterException(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println("mailover: " + e.getMessage());
        err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more information.");
        if (isVerbose(cl)) {
            e.printStackTrace(err);
        }
        err.flush();
        return CommandLine.ExitCode.USAGE;
    }

    private static int handleExecutionException(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        int code;
        if (e instanceof MailException m) {
            err.print(TextReport.failure(m));
            code = CommandLine.ExitCode.SOFTWARE;
        } else if (e instanceof IllegalArgumentException) {
            // A malformed DSN, address or option value: the message names the field, and is secret-free.
            err.println("mailover: " + e.getMessage());
            code = CommandLine.ExitCode.USAGE;
        } else {
            // Not classified by the library (a bug, or a local I/O problem): still one line.
            err.println("mailover: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage())
                    + (isVerbose(cl) ? "" : " (run again with --verbose for the stack trace)"));
            code = CommandLine.ExitCode.SOFTWARE;
        }
        if (isVerbose(cl)) {
            e.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    private static boolean isVerbose(CommandLine cl) {
        CommandLine root = cl;
        while (root.getParent() != null) {
            root = root.getParent();
        }
        return ((MailoverCommand) root.getCommand()).verbose;
    }

    /** Reads the version from the jar's manifest, as Maven wrote it. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = MailoverCommand.class.getPackage().getImplementationVersion();
            return new String[] {"mailover " + (v == null ? "(development build)" : v)};
        }
    }
}
