package dev.mailover.bench;

import dev.mailover.Mailer;
import dev.mailover.SendResult;
import dev.mailover.failover.FailoverMailer;
import dev.mailover.testing.BlackholedPort;
import java.io.IOException;
import java.time.Duration;

/**
 * Section 2: the latency of each send while the primary SMTP server is blackholed (connect hangs; connect
 * timeout 1 s) and the secondary is SendGrid on a local stub, with FailoverMailer's defaults. The first message
 * pays for discovering the outage; later ones show how quickly the circuit breaker stops paying for it. The
 * same sends straight to the secondary are the floor.
 */
final class FailoverLatency {
    private static final String MEASURE = "Failover latency";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);

    private FailoverLatency() {
    }

    static void run(BenchOptions options, Log log, BenchReport report) throws Exception {
        int messages = Math.max(2, options.failoverMessages);
        Samples failoverFirst = new Samples();
        Samples failoverRest = new Samples();
        Samples floorFirst = new Samples();
        Samples floorRest = new Samples();
        try (HttpStub stub = new HttpStub(2); BlackholedPort blackhole = new BlackholedPort()) {
            if (!blackhole.isBlackholed()) {
                throw new IOException("could not blackhole a loopback port: connects are still accepted");
            }
            for (int round = 0; round < options.repetitions; round++) {
                boolean floorFirstThisRound = round % 2 == 1;
                if (floorFirstThisRound) {
                    sendAll(MailoverContenders.sendGridMailer(stub), messages, floorFirst, floorRest, report);
                }
                Mailer failover = FailoverMailer.builder()
                        .transport(MailoverContenders.smtpMailer(options.smtpHost, blackhole.port(), 1, CONNECT_TIMEOUT))
                        .transport(MailoverContenders.sendGridMailer(stub))
                        .build();
                sendAll(failover, messages, failoverFirst, failoverRest, report);
                if (!floorFirstThisRound) {
                    sendAll(MailoverContenders.sendGridMailer(stub), messages, floorFirst, floorRest, report);
                }
                log.line("%s: round %d/%d done", MEASURE, round + 1, options.repetitions);
            }
            report.httpAccepted += stub.accepted();
        }
        String failoverName = "FailoverMailer (defaults): SMTP blackholed, connect timeout 1 s → SendGridMailer";
        String floorName = "SendGridMailer alone (the floor)";
        String rest = "messages 2–" + messages;
        row(report, MEASURE + ", message 1", failoverName, failoverFirst, floorFirst);
        row(report, MEASURE + ", message 1", floorName, floorFirst, floorFirst);
        row(report, MEASURE + ", " + rest, failoverName, failoverRest, floorRest);
        row(report, MEASURE + ", " + rest, floorName, floorRest, floorRest);
        report.table().note(MEASURE + ": one sender thread, " + options.repetitions + " rounds of " + messages
                + " messages, each round with a fresh FailoverMailer (closed breakers); ratio = p50 ÷ p50 of the "
                + "floor; spread = p99 / max over all rounds.");
    }

    private static void sendAll(Mailer mailer, int messages, Samples first, Samples rest, BenchReport report) {
        try (mailer) {
            for (int i = 0; i < messages; i++) {
                long began = System.nanoTime();
                SendResult result = mailer.send(MailoverContenders.email(i));
                double millis = (System.nanoTime() - began) / 1e6;
                if (!"sendgrid".equals(result.transport())) {
                    throw new IllegalStateException("expected delivery by sendgrid, got " + result.transport());
                }
                (i == 0 ? first : rest).add(millis);
                report.httpSent++;
            }
        }
    }

    private static void row(BenchReport report, String measure, String name, Samples samples, Samples floor) {
        report.table().row(measure, name, "1",
                String.format("p50 %s", millis(samples.median())),
                String.format("%.1f", samples.median() / floor.median()),
                String.format("p99 %s / max %s", millis(samples.percentile(99)), millis(samples.max())), "–", "–",
                samples.size() + " sends");
    }

    private static String millis(double millis) {
        return millis >= 100 ? String.format("%.0f ms", millis) : String.format("%.2f ms", millis);
    }
}
