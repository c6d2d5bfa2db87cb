package dev.mailover.bench;

/**
 * Section 3: SendGrid-shaped sends per second to the HTTP stub in its own JVM, for each kind of message: 1 KiB
 * text and multipart from 1 and 4 threads, the larger kinds from 1 thread.
 */
final class HttpThroughput {
    private static final String MEASURE = "HTTP throughput";

    private HttpThroughput() {
    }

    static void run(BenchOptions options, Log log, BenchReport report) throws Exception {
        try (HttpStubProcess stub = HttpStubProcess.start(4)) {
            for (BenchMessage.Kind kind : options.kinds()) {
                ThroughputBench bench = new ThroughputBench(MEASURE + ", " + kind.label(), options.only, stub);
                for (int threads : kind.small() ? new int[] {1, 4} : new int[] {1}) {
                    bench.add("Mailover SendGridMailer", threads, true,
                            () -> MailoverContenders.sendGrid(kind, stub, threads));
                    bench.add("SendGrid Java SDK 4.10.3", threads, false, () -> HttpPeers.sendGridSdk(kind, stub, threads));
                }
                bench.run(options.repetitions, options.seconds, options.batch, log);
                bench.report(report.table());
                for (ThroughputBench.Entry entry : bench.entries()) {
                    report.httpSent += entry.sent;
                }
            }
            report.httpAccepted += stub.received();
        }
    }
}
