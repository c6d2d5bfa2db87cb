package dev.mailover.examples;

import dev.mailover.Dsn;
import dev.mailover.HealthCheck;
import dev.mailover.Mailer;
import dev.mailover.Mailers;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code mailover doctor}: finds out why mail does not flow, without sending any.
 *
 * <p>{@code doctor --dsn DSN} (or with {@code MAILER_DSN} set) checks each transport of the DSN,
 * SMTP and HTTP APIs alike, with {@link Mailer#check()}. Exit code 0 when every transport is healthy,
 * 1 when any has a problem, 2 for bad usage.
 */
@Command(name = "doctor",
        description = {"Diagnose a mail setup without sending anything.",
                "With --dsn (or MAILER_DSN): check reachability and credentials of every transport in the DSN."},
        footer = {"", "Exit codes: 0 healthy, 1 problems found, 2 bad usage.", "",
                "Examples:",
                "  MAILER_DSN='failover(smtp://u:p@smtp.example.com:587 sendgrid+api://KEY@default)' mailover doctor"})
final class DoctorCommand implements Callable<Integer> {

    @ParentCommand
    private MailoverCommand root;

    @Spec
    private CommandSpec spec;

    @Mixin
    private DsnOptions dsn;

    @Override
    public Integer call() {
        return checkDsn(dsn.resolve(root, spec.commandLine()));
    }

    private int checkDsn(String configured) {
        PrintWriter out = spec.commandLine().getOut();
        Dsn parsed = Dsn.parse(configured);
        out.println("Checking " + parsed + " (nothing is sent)");
        out.flush();
        HealthCheck check;
        try (Mailer mailer = Mailers.fromDsn(parsed)) {
            check = mailer.check();
        }
        out.print(TextReport.health(check));
        boolean allHealthy = check.healthy() && check.components().stream().allMatch(HealthCheck::healthy);
        if (allHealthy) {
            out.println("Result: HEALTHY");
        } else if (check.healthy()) {
            out.println("Result: PROBLEMS FOUND (mail still flows through the healthy transports)");
        } else {
            out.println("Result: PROBLEMS FOUND (no transport can send)");
        }
        out.flush();
        return allHealthy ? CommandLine.ExitCode.OK : CommandLine.ExitCode.SOFTWARE;
    }
}
