package dev.mailover.examples;

import dev.mailover.Attachment;
import dev.mailover.Email;
import dev.mailover.Mailer;
import dev.mailover.SendResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code mailover send}: sends one email through the transports of a DSN and prints which transport
 * delivered it, the id it got, and every attempt on the way. A failure prints its kind, the server's
 * reply and the hint, and exits with 1.
 */
@Command(name = "send",
        description = "Send one email through the transports of a DSN and show every attempt.",
        footer = {"", "Example:",
                "  export MAILER_DSN='smtp://me%%40example.com:APP-PASS@smtp.example.com:587'",
                "  mailover send --from me@example.com --to you@example.org \\",
                "                --subject Hi --text 'Hello' --attach invoice.pdf"})
final class SendCommand implements Callable<Integer> {

    @ParentCommand
    private MailoverCommand root;

    @Spec
    private CommandSpec spec;

    @Mixin
    private DsnOptions dsn;

    @Mixin
    private TrustOption trust;

    @Option(names = "--from", required = true, paramLabel = "ADDR", description = "The sender, e.g. 'Shop <shop@example.com>'.")
    private String from;

    @Option(names = "--to", required = true, split = ",", paramLabel = "ADDR", description = "Recipients (repeatable, or comma-separated).")
    private List<String> to = new ArrayList<>();

    @Option(names = "--cc", split = ",", paramLabel = "ADDR", description = "Cc recipients.")
    private List<String> cc = new ArrayList<>();

    @Option(names = "--bcc", split = ",", paramLabel = "ADDR", description = "Bcc recipients.")
    private List<String> bcc = new ArrayList<>();

    @Option(names = "--reply-to", paramLabel = "ADDR", description = "Where replies go.")
    private String replyTo;

    @Option(names = "--subject", required = true, description = "The subject line.")
    private String subject;

    @Option(names = "--text", paramLabel = "TEXT", description = "The plain-text body.")
    private String text;

    @Option(names = "--html", paramLabel = "HTML", description = "The HTML body (with --text too, both are sent).")
    private String html;

    @Option(names = "--attach", paramLabel = "FILE", description = "Attach a file (repeatable).")
    private List<Path> attachments = new ArrayList<>();

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
            description = "The budget for the whole send, all transports together (default: ${DEFAULT-VALUE}).")
    private Duration timeout;

    @Override
    public Integer call() throws IOException {
        if (text == null && html == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "a body is required: --text, --html or both");
        }
        Email.Builder b = Email.builder().from(from).subject(subject);
        to.forEach(b::to);
        cc.forEach(b::cc);
        bcc.forEach(b::bcc);
        if (replyTo != null) {
            b.replyTo(replyTo);
        }
        if (text != null) {
            b.text(text);
        }
        if (html != null) {
            b.html(html);
        }
        for (Path file : attachments) {
            b.attach(attachment(file));
        }
        Email email = b.build();
        return send(spec, trust.mailer(dsn.resolve(root, spec.commandLine())), email, timeout);
    }

    /**
     * Sends through the mailer, closes it and prints the result; a {@link dev.mailover.MailException}
     * propagates, for the command line to print.
     */
    static int send(CommandSpec spec, Mailer through, Email email, Duration timeout) {
        try (Mailer mailer = through) {
            SendResult result = mailer.send(email, timeout);
            spec.commandLine().getOut().print(TextReport.result(result));
            spec.commandLine().getOut().flush();
            return CommandLine.ExitCode.OK;
        }
    }

    private Attachment attachment(Path file) throws IOException {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--attach: '" + file + "' is not a readable file");
        }
        String type = Files.probeContentType(file);
        return Attachment.of(file.getFileName().toString(), type == null ? "application/octet-stream" : type, file);
    }
}
