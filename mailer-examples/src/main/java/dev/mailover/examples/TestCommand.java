package dev.mailover.examples;

import dev.mailover.Dsn;
import dev.mailover.Email;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code mailover test}: sends a short, standard test email, the "send a test email" button of every
 * mail plugin, and prints the attempts. The sender is {@code --from}, else {@code MAIL_FROM}, else the
 * DSN's user when it is an address.
 */
@Command(name = "test",
        description = "Send a standard test email to check that a DSN works end to end.",
        footer = {"", "Example:",
                "  export MAILER_DSN='smtp://me%%40gmail.com:APP-PASS@smtp.gmail.com:587'",
                "  mailover test --to me@gmail.com"})
final class TestCommand implements Callable<Integer> {

    static final String SUBJECT = "Mailover test email";

    @ParentCommand
    private MailoverCommand root;

    @Spec
    private CommandSpec spec;

    @Mixin
    private DsnOptions dsn;

    @Mixin
    private TrustOption trust;

    @Option(names = "--to", required = true, paramLabel = "ADDR", description = "Who receives the test email.")
    private String to;

    @Option(names = "--from", paramLabel = "ADDR",
            description = "The sender (default: MAIL_FROM, else the DSN's user when it is an address).")
    private String from;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
            description = "The budget for the whole send (default: ${DEFAULT-VALUE}).")
    private Duration timeout;

    @Override
    public Integer call() {
        String configured = dsn.resolve(root, spec.commandLine());
        Dsn parsed = Dsn.parse(configured);
        String sender = sender(parsed);
        String sentAt = OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        Email email = Email.builder()
                .from(sender)
                .to(to)
                .subject(SUBJECT)
                .text("This is a test email sent by the mailover command line.\n\n"
                        + "Sent at:   " + sentAt + "\n"
                        + "Java:      " + Runtime.version() + "\n"
                        + "Through:   " + parsed + "\n\n"
                        + "If you can read this, the configuration works. Nothing needs to be done.\n")
                .build();
        spec.commandLine().getOut().println("Sending a test email from " + email.from() + " to " + email.to().get(0)
                + " through " + parsed);
        return SendCommand.send(spec, trust.mailer(configured), email, timeout);
    }

    private String sender(Dsn parsed) {
        if (from != null) {
            return from;
        }
        String variable = root.variable("MAIL_FROM");
        if (variable != null) {
            return variable;
        }
        String user = firstUser(parsed);
        if (user != null && user.contains("@")) {
            return user;
        }
        throw new CommandLine.ParameterException(spec.commandLine(),
                "no sender: pass --from ADDR or set MAIL_FROM (the DSN's user is not an address)");
    }

    /** The user of the first transport that has one; for API schemes that is the key, never an address. */
    private static String firstUser(Dsn d) {
        if (d.children().isEmpty()) {
            return d.scheme().startsWith("smtp") ? d.user().orElse(null) : null;
        }
        for (Dsn child : d.children()) {
            String u = firstUser(child);
            if (u != null) {
                return u;
            }
        }
        return null;
    }
}
