package dev.mailover.bench;

import java.io.PrintStream;

/** Progress lines on standard error, so that standard output carries only the results table. */
final class Log {
    private final PrintStream out;
    private final boolean quiet;

    Log(PrintStream out, boolean quiet) {
        this.out = out;
        this.quiet = quiet;
    }

    void line(String format, Object... args) {
        if (!quiet) {
            out.println(String.format(format, args));
            out.flush();
        }
    }
}
