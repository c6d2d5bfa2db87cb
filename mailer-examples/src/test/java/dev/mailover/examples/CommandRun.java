package dev.mailover.examples;

import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import picocli.CommandLine;

/** One in-process run of the {@code mailover} command line: its exit code and what it printed. */
record CommandRun(int exitCode, String out, String err) {

    /** Runs the command line with an empty environment. */
    static CommandRun run(String... args) {
        return run(Map.of(), args);
    }

    /** Runs the command line with the given environment variables, capturing out and err. */
    static CommandRun run(Map<String, String> environment, String... args) {
        CommandLine cl = MailoverCommand.commandLine(environment);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        // Buffered like the real terminal writers, so output a command forgets to flush is missing here too.
        cl.setOut(new PrintWriter(new BufferedWriter(out), true));
        cl.setErr(new PrintWriter(new BufferedWriter(err), true));
        int code = cl.execute(args);
        return new CommandRun(code, out.toString(), err.toString());
    }

    /** Everything printed, out then err, for assertions that do not care which stream. */
    String all() {
        return out + err;
    }
}
