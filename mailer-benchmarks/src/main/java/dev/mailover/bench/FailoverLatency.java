package dev.mailover.bench;

import dev.mailover.Mailer;
import dev.mailover.SendResult;
import dev.mailover.failover.FailoverMailer;
import dev.mailover.smtp.SmtpMailer;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Section 2: the latency of each send while the primary SMTP server is blackholed (connect hangs) and the
 * secondary is SendGrid on a local stub, with the true defaults: {@code SmtpMailer}'s 10 s connect timeout and
 * {@code FailoverMailer}'s default retries, breaker (30 s open) and background probe. Message 1 pays for
 * discovering the outage; messages 2–N show what an open breaker costs; the first message after the breaker's
 * open interval shows who pays for the half-open trial (the probe, not the user). The same sends straight to
 * the secondary are the floor.
 *
 * <p>Every round has its own {@code FailoverMailer}. The rounds' first messages run at the same time (each waits
 * out a connect timeout; waiting in parallel changes nothing but the wall time), everything else one send at a
 * time.
 */
final class FailoverLatency {
    private static final String MEASURE = "Failover latency";
    /** How long after the breaker's open interval the "after the open interval" message is sent. */
    private static final Duration AFTER_OPEN = Duration.ofMillis(500);
    private static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration DEFAULT_OPEN = Duration.ofSeconds(30);

    private FailoverLatency() {
    }

    static void run(BenchOptions options, Log log, BenchReport report) throws Exception {
        int messages = Math.max(2, options.failoverMessages);
        int rounds = Math.max(1, options.repetitions);
        Duration open = options.failoverOpen == null ? DEFAULT_OPEN : options.failoverOpen;
        Samples first = new Samples();
        Samples rest = new Samples();
        Samples afterOpen = new Samples();
        Samples floorFirst = new Samples();
        Samples floorRest = new Samples();
        try (HttpStubProcess stub = HttpStubProcess.start(2); Blackhole blackhole = new Blackhole()) {
            for (int round = 0; round < rounds; round++) {
                try (Mailer floor = MailoverContenders.sendGridMailer(stub)) {
                    for (int i = 0; i < messages; i++) {
                        (i == 0 ? floorFirst : floorRest).add(timed(floor, i, report).millis);
                    }
                }
            }
            List<Mailer> mailers = new ArrayList<>();
            try {
                for (int round = 0; round < rounds; round++) {
                    mailers.add(failover(options, blackhole.port(), stub));
                }
                long opened = firstMessages(mailers, first, report);
                log.line("%s: message 1 of %d rounds done", MEASURE, rounds);
                for (Mailer mailer : mailers) {
                    for (int i = 1; i < messages; i++) {
                        rest.add(skipping(timed(mailer, i, report)).millis);
                    }
                }
                long due = opened + open.plus(AFTER_OPEN).toNanos();
                log.line("%s: waiting %d s for the breakers' open interval", MEASURE,
                        Math.max(0, (due - System.nanoTime()) / 1_000_000_000L));
                sleepUntil(due);
                // The background probe now makes each breaker's half-open trial: a check of the blackholed primary
                // that waits out a connect timeout. Send through every mailer in turn, one send at a time, for
                // that long and 2 s more, so every user send during the trial is measured.
                long trialEnd = System.nanoTime() + connectTimeout(options).plusSeconds(2).toNanos();
                int sequence = messages;
                while (System.nanoTime() < trialEnd) {
                    for (Mailer mailer : mailers) {
                        afterOpen.add(skipping(timed(mailer, sequence++, report)).millis);
                    }
                }
            } finally {
                mailers.forEach(Mailer::close);
            }
            report.httpAccepted += stub.received();
        }
        String failoverName = "FailoverMailer (defaults): SMTP blackholed, connect timeout "
                + seconds(connectTimeout(options))
                + (options.failoverOpen == null ? "" : ", breaker open " + seconds(open)) + " → SendGridMailer";
        String floorName = "SendGridMailer alone (the floor)";
        row(report, MEASURE + ", message 1", failoverName, first, floorFirst);
        row(report, MEASURE + ", message 1", floorName, floorFirst, floorFirst);
        row(report, MEASURE + ", messages 2–" + messages, failoverName, rest, floorRest);
        row(report, MEASURE + ", messages 2–" + messages, floorName, floorRest, floorRest);
        row(report, MEASURE + ", during the half-open trial after the " + seconds(open) + " open interval", failoverName,
                afterOpen, floorRest);
        report.table().note(MEASURE + ": one sender thread, " + rounds + " rounds of " + messages
                + " messages, each round with a fresh FailoverMailer (closed breakers; the rounds' first messages in"
                + " parallel); then, from " + AFTER_OPEN.toMillis() + " ms after the breakers' open interval, sends"
                + " through every round's mailer in turn for one connect timeout + 2 s: the window of the background"
                + " probe's half-open trial. Ratio = p50 ÷ p50 of the floor (messages 2–N for the last row);"
                + " spread = p99 / max over all rounds.");
    }

    /** The failover under test: only the transports are given, unless the options shorten the waits. */
    private static Mailer failover(BenchOptions options, int blackholedPort, HttpStubProcess stub) {
        SmtpMailer.Builder smtp = SmtpMailer.builder().host(options.smtpHost).port(blackholedPort);
        if (options.failoverConnectTimeout != null) {
            smtp.connectTimeout(options.failoverConnectTimeout);
        }
        FailoverMailer.Builder failover = FailoverMailer.builder().transport(smtp.build())
                .transport(MailoverContenders.sendGridMailer(stub));
        if (options.failoverOpen != null) {
            failover.circuitBreaker(CircuitBreakerConfig.from(FailoverMailer.defaultCircuitBreakerConfig())
                    .waitDurationInOpenState(options.failoverOpen).build());
        }
        return failover.build();
    }

    /** Sends message 1 through every mailer at once; returns when the last breaker opened (about). */
    private static long firstMessages(List<Mailer> mailers, Samples first, BenchReport report) throws Exception {
        AtomicInteger threads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(mailers.size(), r -> {
            Thread t = new Thread(r, "bench-failover-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Timed>> sends = new ArrayList<>();
            for (Mailer mailer : mailers) {
                sends.add(pool.submit(() -> timed(mailer, 0, report)));
            }
            long opened = 0;
            for (Future<Timed> send : sends) {
                Timed t = send.get();
                if (!chain(t.result).equals(List.of("smtp FAILED CONNECTION_TIMEOUT", "sendgrid DELIVERED"))) {
                    throw new IllegalStateException("message 1 should time out on smtp once, then go to sendgrid: "
                            + t.result.attempts());
                }
                first.add(t.millis);
                opened = Math.max(opened, t.endNanos);
            }
            return opened;
        } finally {
            pool.shutdownNow();
        }
    }

    private record Timed(SendResult result, double millis, long endNanos) {
    }

    private static Timed timed(Mailer mailer, int sequence, BenchReport report) {
        long began = System.nanoTime();
        SendResult result = mailer.send(MailoverContenders.email(sequence));
        long ended = System.nanoTime();
        if (!"sendgrid".equals(result.transport())) {
            throw new IllegalStateException("expected delivery by sendgrid, got " + result.transport());
        }
        synchronized (report) {
            report.httpSent++;
        }
        return new Timed(result, (ended - began) / 1e6, ended);
    }

    /** A later message must skip the blackholed primary: a user's send never pays for the half-open trial. */
    private static Timed skipping(Timed t) {
        List<String> chain = chain(t.result);
        if (chain.size() != 2 || !chain.get(0).startsWith("smtp SKIPPED")) {
            throw new IllegalStateException("a later message should skip smtp: " + t.result.attempts());
        }
        return t;
    }

    private static List<String> chain(SendResult result) {
        return result.attempts().stream()
                .map(a -> a.transport() + " " + a.outcome() + a.failure().map(k -> " " + k).orElse(""))
                .toList();
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long left = nanos - System.nanoTime();
        if (left > 0) {
            Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
        }
    }

    private static Duration connectTimeout(BenchOptions options) {
        return options.failoverConnectTimeout == null ? DEFAULT_CONNECT_TIMEOUT : options.failoverConnectTimeout;
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
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
