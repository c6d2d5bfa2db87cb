package dev.mailover.bench;

/** Section 3: SendGrid-shaped sends per second to a local HTTP stub. */
final class HttpThroughput {
    private static final String MEASURE = "HTTP throughput";

    private HttpThroughput() {
    }

    static void run(BenchOptions options, Log log, BenchReport report) throws Exception {
        try (HttpStub stub = new HttpStub(4)) {
            ThroughputBench bench = new ThroughputBench(MEASURE, options.only);
            for (int threads : new int[] {1, 4}) {
                bench.add("Mailover SendGridMailer", threads, true, () -> MailoverContenders.sendGrid(stub, threads));
                bench.add("SendGrid Java SDK 4.10.3", threads, false, () -> HttpPeers.sendGridSdk(stub, threads));
            }
            bench.run(options.repetitions, options.seconds, options.batch, log);
            bench.report(report.table(), "Mailover SendGridMailer");
            for (ThroughputBench.Entry entry : bench.entries()) {
                report.httpSent += entry.sent;
            }
            report.httpAccepted += stub.accepted();
        }
    }
}
