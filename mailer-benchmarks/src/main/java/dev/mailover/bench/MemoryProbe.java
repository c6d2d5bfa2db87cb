package dev.mailover.bench;

import dev.mailover.Attachment;
import dev.mailover.Email;
import dev.mailover.Mailer;
import dev.mailover.http.SendGridMailer;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The child JVM of the memory section: sends one warm-up message, then (unless the attachment is {@code -})
 * one message with the given file attached, and prints {@code OK allocated=BYTES}. Any failure, including an
 * OutOfMemoryError (run with -XX:+ExitOnOutOfMemoryError), ends the process with a non-zero status.
 */
public final class MemoryProbe {

    private MemoryProbe() {
    }

    /**
     * Arguments: {@code smtp HOST PORT WHAT}, {@code sendgrid BASE_URL WHAT} or {@code sendgrid-sdk HOST:PORT FILE|-};
     * WHAT is a file to attach, {@code -} (the warm-up only), {@code text:N} (a text body of N MiB) or
     * {@code hold:N} (build that body, send the warm-up only: the baseline of {@code text:N}).
     */
    public static void main(String[] args) throws Exception {
        if (args[0].equals("sendgrid-sdk")) {
            sendGridSdk(args[1], args[2]);
            return;
        }
        String attachment;
        Mailer mailer;
        if (args[0].equals("smtp")) {
            mailer = MailoverContenders.smtpMailer(args[1], Integer.parseInt(args[2]), 1, Duration.ofSeconds(10));
            attachment = args[3];
        } else {
            mailer = SendGridMailer.builder().apiKey(HttpPeers.API_KEY).baseUrl(args[1]).build();
            attachment = args[2];
        }
        try (mailer) {
            mailer.send(MailoverContenders.email(0));
            long allocated = 0;
            String body = null;
            if (attachment.startsWith("text:") || attachment.startsWith("hold:")) {
                body = BenchMessage.TEXT.repeat(1024 * Integer.parseInt(attachment.substring(5)));
            }
            if (attachment.startsWith("text:")) {
                Email email = Email.builder()
                        .from(BenchMessage.FROM)
                        .to(BenchMessage.TO)
                        .subject("Benchmark large text")
                        .text(body)
                        .build();
                body = null;
                System.gc();
                long before = allocatedBytes();
                mailer.send(email);
                allocated = allocatedBytes() - before;
            } else if (!attachment.equals("-") && !attachment.startsWith("hold:")) {
                Email email = Email.builder()
                        .from(BenchMessage.FROM)
                        .to(BenchMessage.TO)
                        .subject("Benchmark attachment")
                        .text(BenchMessage.TEXT)
                        .attach(Attachment.of("attachment.bin", "application/octet-stream", Path.of(attachment)))
                        .build();
                System.gc();
                long before = allocatedBytes();
                mailer.send(email);
                allocated = allocatedBytes() - before;
            }
            if (body != null && body.isEmpty()) {
                throw new AssertionError(); // keeps the held body reachable until here
            }
            System.out.println("OK allocated=" + allocated);
        }
        System.exit(0); // pool and HTTP client threads must not keep the probe alive
    }

    private static void sendGridSdk(String hostAndPort, String attachment) throws Exception {
        try (org.apache.http.impl.client.CloseableHttpClient http =
                org.apache.http.impl.client.HttpClients.createDefault()) {
            com.sendgrid.SendGrid sendGrid = HttpPeers.sendGrid(http, hostAndPort);
            HttpPeers.send(sendGrid, HttpPeers.mail(0));
            long allocated = 0;
            if (!attachment.equals("-")) {
                System.gc();
                long before = allocatedBytes();
                HttpPeers.send(sendGrid, HttpPeers.mailWithAttachment(Path.of(attachment)));
                allocated = allocatedBytes() - before;
            }
            System.out.println("OK allocated=" + allocated);
        }
        System.exit(0);
    }

    /** Bytes allocated so far by every live thread (HotSpot's per-thread counters). */
    private static long allocatedBytes() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long total = 0;
        for (long allocated : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
            total += Math.max(0, allocated);
        }
        return total;
    }
}
