package dev.mailover.bench;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Runs Mailover's benchmarks against its peers in one process and prints one Markdown table on standard output
 * (progress goes to standard error). Started by {@code benchmarks/run.sh}, which provides the SMTP sink.
 */
public final class BenchMain {

    private BenchMain() {
    }

    /** Entry point; see {@link BenchOptions#usage()}. Exits non-zero when a measurement fails. */
    public static void main(String[] args) throws Exception {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        BenchReport report = run(options, new Log(System.err, options.quiet));
        report.table().print(out);
    }

    static BenchReport run(BenchOptions options, Log log) throws Exception {
        BenchReport report = new BenchReport();
        if (options.sections.contains("smtp")) {
            SmtpThroughput.run(options, log, report);
        }
        if (options.sections.contains("http")) {
            HttpThroughput.run(options, log, report);
        }
        if (options.sections.contains("failover")) {
            FailoverLatency.run(options, log, report);
        }
        if (options.sections.contains("memory")) {
            MemoryBench.run(options, log, report);
        }
        if (options.sections.contains("startup")) {
            StartupTime.run(options, log, report);
        }
        if (options.sections.contains("outbox")) {
            OutboxThroughput.run(options, log, report);
        }
        return report;
    }
}
