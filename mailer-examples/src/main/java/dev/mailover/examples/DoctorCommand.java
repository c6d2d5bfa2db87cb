package dev.mailover.examples;

import dev.mailover.Diagnosis;
import dev.mailover.Dsn;
import dev.mailover.Finding;
import dev.mailover.doctor.Doctor;
import dev.mailover.smtp.SmtpProbe;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code mailover doctor}: finds out why mail does not flow, without sending any.
 *
 * <p>{@code doctor HOST} runs {@link SmtpProbe}: DNS, TCP connect (refused, timed out or open),
 * greeting, EHLO, STARTTLS or implicit TLS (protocol, certificate, expiry, host name, trust), the AUTH
 * mechanisms, and AUTH itself when a user is given; then one recommendation.
 *
 * <p>{@code doctor --dsn DSN} (or with {@code MAILER_DSN} set) runs {@link Doctor}: each transport of
 * the DSN checked on its own (the SMTP checklist on its port, the HTTP APIs' credential endpoints),
 * and with {@code --from ADDRESS} the sender domain's MX, SPF, DKIM and DMARC; {@code --json} prints
 * the diagnosis for machines. Exit code 0 when every transport is healthy and nothing failed, 1 when
 * anything has a problem, 2 for bad usage.
 */
@Command(name = "doctor",
        description = {"Diagnose a mail setup without sending anything.",
                "With HOST: walk the SMTP checklist (DNS, TCP, greeting, EHLO, TLS, certificate, AUTH) on each port.",
                "With --dsn (or MAILER_DSN): check every transport in the DSN, and with --from the sender domain's"
                        + " MX, SPF, DKIM and DMARC records."},
        footer = {"", "Exit codes: 0 healthy, 1 problems found, 2 bad usage.", "",
                "Examples:",
                "  mailover doctor smtp.gmail.com",
                "  mailover doctor smtp.office365.com --port 587 \\",
                "                  --user me@example.com --password-env SMTP_PASSWORD",
                "  export MAILER_DSN='sendgrid+api://SG.KEY@default'",
                "  mailover doctor --from orders@shop.example"})
final class DoctorCommand implements Callable<Integer> {

    @ParentCommand
    private MailoverCommand root;

    @Spec
    private CommandSpec spec;

    @Mixin
    private DsnOptions dsn;

    @Parameters(index = "0", arity = "0..1", paramLabel = "HOST", description = "The SMTP server to probe, e.g. smtp.gmail.com.")
    private String host;

    @Option(names = {"-p", "--port"}, split = ",", paramLabel = "PORT",
            description = "Ports to probe (repeatable, or comma-separated; default: 587, 465, 25 and 2525).")
    private List<Integer> ports = new ArrayList<>();

    @Option(names = {"-u", "--user"}, paramLabel = "USER", description = "Also try AUTH as this user.")
    private String user;

    @Option(names = "--password-env", paramLabel = "VAR", description = "Read the AUTH password from this environment variable.")
    private String passwordVariable;

    @Option(names = "--password", interactive = true, description = "Prompt for the AUTH password (it is never echoed).")
    private char[] password;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5s", converter = DurationConverter.class,
            description = "The timeout of each network step (default: ${DEFAULT-VALUE}).")
    private Duration timeout;

    @Option(names = "--from", paramLabel = "ADDRESS",
            description = "With a DSN: also check this sender's domain (MX, SPF, DKIM, DMARC) against the transports.")
    private String from;

    @Option(names = "--dkim-selector", paramLabel = "SELECTOR",
            description = "A DKIM selector to look up besides the signer's and the providers' own (repeatable).")
    private List<String> selectors = new ArrayList<>();

    @Option(names = "--dns-server", paramLabel = "HOST:PORT",
            description = "The DNS resolver for the domain checks (default: the system's).")
    private String dnsServer;

    @Option(names = "--json", description = "Print the diagnosis as JSON, for machines.")
    private boolean json;

    @Mixin
    private TrustOption trust;

    @Override
    public Integer call() {
        if (host != null) {
            if (dsn.given()) {
                throw usage("give either a HOST to probe or a DSN to check, not both");
            }
            return probe();
        }
        if (!ports.isEmpty() || user != null) {
            throw usage("--port and --user need a HOST to probe");
        }
        if (!dsn.given() && root.variable(MailoverCommand.DEFAULT_DSN_VARIABLE) == null) {
            throw usage("nothing to diagnose: give a HOST to probe, or a DSN (--dsn, --dsn-env VAR, or set "
                    + MailoverCommand.DEFAULT_DSN_VARIABLE + ")");
        }
        return checkDsn(dsn.resolve(root, spec.commandLine()));
    }

    private int probe() {
        for (int port : ports) {
            if (port < 1 || port > 65535) {
                throw usage("--port: " + port + " is not a TCP port (1-65535)");
            }
        }
        SmtpProbe.Builder probe = trust.applyTo(SmtpProbe.builder().host(host).timeout(timeout));
        if (!ports.isEmpty()) {
            probe.ports(ports.stream().mapToInt(Integer::intValue).toArray());
        }
        if (user != null) {
            probe.credentials(user, password());
        } else if (passwordVariable != null || password != null) {
            throw usage("a password needs --user too");
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("Probing " + host + (ports.isEmpty() ? "" : ports.size() == 1 ? " on port " + ports.get(0)
                : " on ports " + ports.stream().map(String::valueOf).collect(Collectors.joining(", "))) + " (nothing is sent)");
        out.flush();
        Diagnosis diagnosis = probe.build().run();
        out.print(diagnosis.report());
        out.flush();
        return diagnosis.healthy() ? CommandLine.ExitCode.OK : CommandLine.ExitCode.SOFTWARE;
    }

    private String password() {
        if (passwordVariable != null) {
            String value = root.variable(passwordVariable);
            if (value == null) {
                throw usage("--password-env: the environment variable " + passwordVariable + " is not set");
            }
            return value;
        }
        if (password != null) {
            return new String(password);
        }
        throw usage("--user needs a password: --password-env VAR, or --password to be prompted");
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    private int checkDsn(String configured) {
        PrintWriter out = spec.commandLine().getOut();
        Dsn parsed = Dsn.parse(configured);
        Doctor.Builder doctor = Doctor.forDsn(configured).timeout(timeout).dkimSelectors(selectors.toArray(String[]::new));
        if (from != null) {
            doctor.from(from);
        }
        if (dnsServer != null) {
            doctor.resolver(resolver(dnsServer));
        }
        if (!json) {
            out.println("Checking " + parsed + (from == null ? "" : " and the domain of " + from) + " (nothing is sent)");
            out.flush();
        }
        Diagnosis check = trust.customized(() -> doctor.build().run());
        boolean allHealthy = check.healthy() && check.findings().stream().noneMatch(f -> f.status() == Finding.Status.FAIL);
        if (json) {
            out.println(DiagnosisJson.of(check));
            out.flush();
            return allHealthy ? CommandLine.ExitCode.OK : CommandLine.ExitCode.SOFTWARE;
        }
        out.print(check.report());
        if (allHealthy) {
            out.println("Result: HEALTHY");
        } else if (check.healthy()) {
            out.println("Result: PROBLEMS FOUND (mail still flows through the healthy transports)");
        } else {
            out.println("Result: PROBLEMS FOUND (no transport can send)");
        }
        if (!allHealthy) {
            for (String target : smtpTargets(parsed, new LinkedHashSet<>())) {
                out.println("For the full SMTP checklist: mailover doctor " + target);
            }
        }
        out.flush();
        return allHealthy ? CommandLine.ExitCode.OK : CommandLine.ExitCode.SOFTWARE;
    }

    private InetSocketAddress resolver(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        try {
            return colon < 0 ? new InetSocketAddress(hostPort, 53)
                    : new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            throw usage("--dns-server: '" + hostPort + "' is not HOST or HOST:PORT");
        }
    }

    /** The SMTP servers in a DSN, as {@code HOST --port PORT}, for the pointer to the full checklist. */
    private static Set<String> smtpTargets(Dsn d, Set<String> into) {
        if (d.scheme().equals("smtp") || d.scheme().equals("smtps")) {
            into.add(d.host() + (d.port().isPresent() ? " --port " + d.port().getAsInt() : ""));
        }
        for (Dsn child : d.children()) {
            smtpTargets(child, into);
        }
        return into;
    }
}
