package dev.mailover.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.subethamail.smtp.server.SMTPServer;

/**
 * Keeps the harness compiling and working in {@code ./mvnw verify} without Postfix: every section runs once,
 * with small batches, against an in-JVM SMTP server and the harness's own HTTP stub. It asserts what the servers
 * received, never how fast.
 */
class BenchMainSmokeTest {
    private final AtomicLong received = new AtomicLong();
    private SMTPServer smtp;

    @BeforeEach
    void startSmtpServer() {
        smtp = SMTPServer.port(0)
                .bindAddress(InetAddress.getLoopbackAddress())
                .messageHandler((context, from, to, data) -> received.incrementAndGet())
                .build();
        smtp.start();
    }

    @AfterEach
    void stopSmtpServer() {
        smtp.stop();
    }

    @Test
    void everySectionRunsAndTheServersReceiveEveryMessageSent() throws Exception {
        BenchOptions options = BenchOptions.parse(
                "--smtp-port", Integer.toString(smtp.getPortAllocated()),
                "--reps", "1", "--batch", "20", "--failover-messages", "5",
                "--failover-connect-timeout", "1", "--failover-open", "1.5",
                "--attachment-mb", "1", "--memory-resolution-mb", "4096", "--startup-runs", "1", "--quiet");
        options.smtpReceived = received::get; // the harness checks the server's count after every round, too

        BenchReport report = BenchMain.run(options, new Log(System.err, true));

        assertThat(report.smtpSent).isGreaterThanOrEqualTo(200);
        assertThat(received.get()).isEqualTo(report.smtpSent);
        assertThat(report.stubSent).isGreaterThanOrEqualTo(80);
        assertThat(report.stubReceived).isEqualTo(report.stubSent);
        assertThat(report.httpSent).isGreaterThanOrEqualTo(80);
        assertThat(report.httpAccepted).isEqualTo(report.httpSent);
        List<String> measures = report.table().rows().stream().map(row -> row[0]).distinct().toList();
        List<String> throughput = new java.util.ArrayList<>();
        BenchMessage.kinds().forEach(kind -> throughput.add("SMTP throughput, " + kind.label()));
        BenchMessage.kinds().stream().skip(2).forEach(kind -> throughput.add(SmtpThroughput.STALL_CHECK + ", " + kind.label()));
        BenchMessage.kinds().forEach(kind -> throughput.add("HTTP throughput, " + kind.label()));
        assertThat(measures.subList(0, throughput.size())).containsExactlyElementsOf(throughput);
        assertThat(measures.subList(throughput.size(), measures.size())).containsExactly(
                "Failover latency, message 1", "Failover latency, messages 2–5",
                "Failover latency, during the half-open trial after the 1500 ms open interval",
                "Peak heap, one send with attachment", "Peak heap, one send with a 10 MiB text body",
                "Start-up: JVM start to first SMTP send done", OutboxThroughput.ENQUEUE, OutboxThroughput.RELAY);
    }
}
