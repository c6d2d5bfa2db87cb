package dev.mailover.examples;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code mailover demo}: runs {@link Demo}, failover and recovery on embedded servers. */
@Command(name = "demo",
        description = {"Watch failover happen: SMTP blocked, the API delivers, SMTP recovers and takes over again.",
                "Runs an SMTP server and a SendGrid-compatible endpoint inside this process on 127.0.0.1.",
                "With MAILER_DSN, MAIL_FROM and MAIL_TO set, sends one real email through MAILER_DSN instead",
                "and prints the result or the classified failure."})
final class DemoCommand implements Callable<Integer> {

    @ParentCommand
    private MailoverCommand root;

    @Spec
    private CommandSpec spec;

    @Mixin
    private TrustOption trust;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        return new Demo(root::variable, out, trust::mailer).run();
    }
}
