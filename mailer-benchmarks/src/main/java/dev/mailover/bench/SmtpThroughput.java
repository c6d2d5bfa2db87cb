package dev.mailover.bench;

import java.util.List;

/**
 * Section 1: messages per second to an SMTP sink on loopback, every contender in the same run, for each kind of
 * message. 1 KiB text and 1 KiB multipart run from 1 and 4 threads; the larger kinds from 1 thread (they show
 * whether a send stalls: time ÷ CPU), and again to {@link SmtpStub}, whose CPU per message is below the client's.
 * Plain Jakarta Mail without the stream-provider property, a new connection
 * per message and Simple Java Mail are measured on 1 KiB text only.
 */
final class SmtpThroughput {
    private static final String MEASURE = "SMTP throughput";
    static final String STALL_CHECK = "SMTP time ÷ CPU, to a server cheaper than the client";

    private SmtpThroughput() {
    }

    static void run(BenchOptions options, Log log, BenchReport report) throws Exception {
        String host = options.smtpHost;
        int port = options.smtpPort;
        for (BenchMessage.Kind kind : options.kinds()) {
            ThroughputBench bench = new ThroughputBench(MEASURE + ", " + kind.label(), options.only, options.smtpReceived);
            for (int threads : kind.small() ? new int[] {1, 4} : new int[] {1}) {
                bench.add("Mailover SmtpMailer poolSize " + threads, threads, true,
                        () -> MailoverContenders.smtp(kind, host, port, threads));
                bench.add("Jakarta Mail, reused Transport per thread, -Djakarta.mail.util.StreamProvider", threads, false,
                        () -> SmtpPeers.jakartaReusedTransport(kind, host, port, threads, true));
                if (kind == BenchMessage.TEXT_1K) {
                    bench.add("Jakarta Mail, reused Transport per thread", threads, false,
                            () -> SmtpPeers.jakartaReusedTransport(kind, host, port, threads));
                    bench.add("Jakarta Mail Transport.send (new connection each)", threads, false,
                            () -> SmtpPeers.jakartaNewConnection(host, port, threads));
                    bench.add("Simple Java Mail 8.12.6 batch-module pool " + threads, threads, false,
                            () -> SmtpPeers.simpleJavaMail(host, port, threads));
                }
                if (options.smtpSource != null && !kind.multipart()) {
                    bench.add("Postfix smtp-source -d (C), " + threads + " session(s)", threads, false,
                            () -> SmtpPeers.smtpSource(kind, options.smtpSource, host, port, threads));
                }
            }
            bench.run(options.repetitions, options.seconds, options.batch, log);
            bench.report(report.table());
            for (ThroughputBench.Entry entry : bench.entries()) {
                report.smtpSent += entry.sent;
            }
        }
        stallCheck(options, log, report);
        ThroughputBench.explain(report.table());
    }

    /**
     * The larger kinds again, from 1 thread, to {@link SmtpStub}: a server that needs well under the client's CPU
     * per message, so that time ÷ CPU is the client's own figure. smtp-sink needs about as much CPU per large
     * message as the client, or more; a request–reply client waits for the part of the server's work that
     * follows its last byte, so against smtp-sink time ÷ CPU measures the server as much as the client.
     */
    private static void stallCheck(BenchOptions options, Log log, BenchReport report) throws Exception {
        List<BenchMessage.Kind> large = options.kinds().stream().filter(kind -> !kind.small()).toList();
        if (large.isEmpty()) {
            return;
        }
        try (SmtpStubProcess stub = SmtpStubProcess.start()) {
            for (BenchMessage.Kind kind : large) {
                ThroughputBench bench = new ThroughputBench(STALL_CHECK + ", " + kind.label(), options.only, stub);
                bench.add("Mailover SmtpMailer poolSize 1", 1, true,
                        () -> MailoverContenders.smtp(kind, "127.0.0.1", stub.port(), 1));
                bench.add("Jakarta Mail, reused Transport per thread, -Djakarta.mail.util.StreamProvider", 1, false,
                        () -> SmtpPeers.jakartaReusedTransport(kind, "127.0.0.1", stub.port(), 1, true));
                bench.run(options.repetitions, options.seconds, options.batch, log);
                bench.report(report.table());
                for (ThroughputBench.Entry entry : bench.entries()) {
                    report.stubSent += entry.sent;
                }
            }
            report.stubReceived += stub.received();
        }
    }
}
