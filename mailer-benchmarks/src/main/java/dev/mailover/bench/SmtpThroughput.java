package dev.mailover.bench;

/** Section 1: 1 KiB text messages per second to an SMTP sink on loopback, every contender in the same run. */
final class SmtpThroughput {
    private static final String MEASURE = "SMTP throughput";

    private SmtpThroughput() {
    }

    static void run(BenchOptions options, Log log, BenchReport report) throws Exception {
        String host = options.smtpHost;
        int port = options.smtpPort;
        ThroughputBench bench = new ThroughputBench(MEASURE, options.only);
        for (int threads : new int[] {1, 4}) {
            bench.add("Mailover SmtpMailer poolSize " + threads, threads, true,
                    () -> MailoverContenders.smtp(host, port, threads));
            bench.add("Jakarta Mail, reused Transport per thread", threads, false,
                    () -> SmtpPeers.jakartaReusedTransport(host, port, threads));
            bench.add("Jakarta Mail, reused Transport per thread, -Djakarta.mail.util.StreamProvider", threads, false,
                    () -> SmtpPeers.jakartaReusedTransport(host, port, threads, true));
            bench.add("Jakarta Mail Transport.send (new connection each)", threads, false,
                    () -> SmtpPeers.jakartaNewConnection(host, port, threads));
            bench.add("Simple Java Mail 8.12.6 batch-module pool " + threads, threads, false,
                    () -> SmtpPeers.simpleJavaMail(host, port, threads));
            if (options.smtpSource != null) {
                bench.add("Postfix smtp-source -d (C), " + threads + " session(s)", threads, false,
                        () -> SmtpPeers.smtpSource(options.smtpSource, host, port, threads));
            }
        }
        bench.run(options.repetitions, options.seconds, options.batch, log);
        bench.report(report.table(), "Mailover SmtpMailer");
        for (ThroughputBench.Entry entry : bench.entries()) {
            if (!entry.label.startsWith("Postfix")) {
                report.smtpSent += entry.sent;
            }
        }
    }
}
