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
                "--attachment-mb", "1", "--memory-resolution-mb", "4096", "--quiet");

        BenchReport report = BenchMain.run(options, new Log(System.err, true));

        assertThat(report.smtpSent).isGreaterThanOrEqualTo(200);
        assertThat(received.get()).isEqualTo(report.smtpSent);
        assertThat(report.httpSent).isGreaterThanOrEqualTo(80);
        assertThat(report.httpAccepted).isEqualTo(report.httpSent);
        List<String> measures = report.table().rows().stream().map(row -> row[0]).distinct().toList();
        assertThat(measures).containsExactly("SMTP throughput", "HTTP throughput",
                "Failover latency, message 1", "Failover latency, messages 2–5",
                "Failover latency, first message after the 1500 ms open interval",
                "Peak heap, one send with attachment", OutboxThroughput.ENQUEUE, OutboxThroughput.RELAY);
    }
}
