package dev.mailover.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Section 4: how much heap one send of a large attachment needs, as a multiple of the attachment's size.
 *
 * <p>Method: each case runs in fresh child JVMs ({@link MemoryProbe}) with the serial collector and
 * {@code -XX:+ExitOnOutOfMemoryError}. Bisection on {@code -Xmx} finds the smallest heap with which the send
 * succeeds, to {@code resolution} MB; the same bisection for a probe that only sends the small warm-up message
 * gives the baseline. Their difference is the heap the attachment costs at its peak, since the serial
 * collector runs a full collection before it gives up. The child also reports the bytes its threads allocated
 * during the send (garbage included): the number of copies made on the way.
 */
final class MemoryBench {
    private static final String MEASURE = "Peak heap, one send with attachment";
    private static final int[] UPPER_HEAPS_MB = {256, 1024};
    /** A probe that has not finished by then counts as failed (its heap is too small to send in good time). */
    private static final java.time.Duration PROBE_TIME_LIMIT = java.time.Duration.ofSeconds(60);

    private MemoryBench() {
    }

    /** The text body's size in the text measure, MiB. */
    static final int TEXT_MEGABYTES = 10;
    private static final String TEXT_MEASURE = "Peak heap, one send with a " + TEXT_MEGABYTES + " MiB text body";

    static void run(BenchOptions options, Log log, BenchReport report) throws Exception {
        Path attachment = Files.createTempFile("mailover-bench-", ".bin");
        long size = (long) options.attachmentMegabytes * 1024 * 1024;
        long textSize = TEXT_MEGABYTES * 1024L * 1024L;
        String text = "text:" + TEXT_MEGABYTES;
        String hold = "hold:" + TEXT_MEGABYTES;
        try (HttpStubProcess stub = HttpStubProcess.start(2)) {
            writeRandom(attachment, size);
            List<String> sendGrid = List.of("sendgrid", stub.baseUrl());
            List<String> smtp = List.of("smtp", options.smtpHost, Integer.toString(options.smtpPort));
            List<String> sdk = List.of("sendgrid-sdk", "127.0.0.1:" + stub.port());
            measure(MEASURE, "Mailover SendGridMailer", sendGrid, "-", attachment.toString(), size, options, log, report);
            measure(MEASURE, "Mailover SmtpMailer", smtp, "-", attachment.toString(), size, options, log, report);
            measure(MEASURE, "SendGrid Java SDK 4.10.3 (for comparison)", sdk, "-", attachment.toString(), size, options,
                    log, report);
            measure(TEXT_MEASURE, "Mailover SendGridMailer", sendGrid, hold, text, textSize, options, log, report);
            measure(TEXT_MEASURE, "Mailover SmtpMailer", smtp, hold, text, textSize, options, log, report);
        } finally {
            Files.deleteIfExists(attachment);
        }
        report.table().note(MEASURE + ": a " + options.attachmentMegabytes + " MiB file attachment (Attachment.of "
                + "with a Path). Result = smallest -Xmx at which the send succeeds minus that of a probe sending only "
                + "the 1 KiB warm-up message, serial GC, fresh JVM per try, bisection to "
                + options.memoryResolutionMegabytes + " MiB; ratio = that ÷ attachment size. Spread = bytes "
                + "allocated by all threads during the send ÷ attachment size.");
        report.table().note(TEXT_MEASURE + ": the same bisection; the baseline probe builds the same " + TEXT_MEGABYTES
                + " MiB String (7-bit text) and sends only the warm-up message, so the result is what the send needs"
                + " beyond holding the body; ratio = that ÷ body size.");
    }

    private static void measure(String measure, String name, List<String> target, String baselineArg, String sendArg,
            long size, BenchOptions options, Log log, BenchReport report) throws Exception {
        List<String> baselineArgs = new ArrayList<>(target);
        baselineArgs.add(baselineArg);
        List<String> sendArgs = new ArrayList<>(target);
        sendArgs.add(sendArg);

        Bisection baseline = bisect(baselineArgs, 4, options.memoryResolutionMegabytes);
        Bisection send = bisect(sendArgs, baseline.heapMegabytes, options.memoryResolutionMegabytes);
        log.line("%s: %s needs -Xmx%dm, baseline -Xmx%dm", measure, name, send.heapMegabytes,
                baseline.heapMegabytes);
        double peakMegabytes = send.heapMegabytes - baseline.heapMegabytes;
        double attachmentMegabytes = size / (1024.0 * 1024.0);
        report.table().row(measure, name, "1",
                peakMegabytes < options.memoryResolutionMegabytes
                        ? String.format("< %d MiB over baseline", options.memoryResolutionMegabytes)
                        : String.format("+%.0f MiB over baseline", peakMegabytes),
                String.format("%.2f", peakMegabytes / attachmentMegabytes),
                String.format("allocated %.1f MiB (%.2f×)", send.allocatedBytes / (1024.0 * 1024.0),
                        send.allocatedBytes / (double) size), "–", "–",
                String.format("%d JVMs, ±%d MiB", baseline.runs + send.runs, options.memoryResolutionMegabytes));
        if (target.get(0).equals("smtp")) {
            // What successful probes delivered (a warm-up each, plus the attachment); a probe that ran out of
            // memory may have delivered its warm-up too, so the count is exact only when none failed.
            report.smtpSent += baseline.successes + 2L * send.successes;
        }
    }

    /** The outcome of a bisection: the smallest heap that worked, and what that successful probe allocated. */
    private static final class Bisection {
        int heapMegabytes;
        long allocatedBytes;
        int runs;
        int successes;
    }

    private static Bisection bisect(List<String> probeArgs, int lowestMegabytes, int resolution) throws Exception {
        Bisection result = new Bisection();
        int failing = Math.max(2, lowestMegabytes - resolution);
        int working = 0;
        long allocated = -1;
        for (int upper : UPPER_HEAPS_MB) {
            working = upper;
            allocated = probe(probeArgs, working, result);
            if (allocated >= 0) {
                break;
            }
        }
        if (allocated < 0) {
            throw new IOException("the memory probe " + probeArgs + " fails even with -Xmx" + working + "m");
        }
        result.allocatedBytes = allocated;
        while (working - failing > resolution) {
            int middle = (failing + working) / 2;
            long outcome = probe(probeArgs, middle, result);
            if (outcome >= 0) {
                working = middle;
            } else {
                failing = middle;
            }
        }
        result.heapMegabytes = working;
        return result;
    }

    /** Runs one child JVM; returns the bytes it allocated during the send, or -1 when it failed. */
    private static long probe(List<String> probeArgs, int heapMegabytes, Bisection tally) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-Xmx" + heapMegabytes + "m", "-Xms" + Math.min(heapMegabytes, 8) + "m",
                "-XX:+ExitOnOutOfMemoryError", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                MemoryProbe.class.getName()));
        command.addAll(probeArgs);
        Path log = Files.createTempFile("mailover-bench-probe-", ".log");
        String text;
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            tally.runs++;
            if (!process.waitFor(PROBE_TIME_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                // a heap just big enough not to run out can collect for minutes: for a benchmark, too small
                process.destroyForcibly().waitFor();
                return -1;
            }
            text = Files.readString(log, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                return -1;
            }
        } finally {
            Files.deleteIfExists(log);
        }
        int at = text.lastIndexOf("OK allocated=");
        if (at < 0) {
            return -1;
        }
        tally.successes++;
        return Long.parseLong(text.substring(at + "OK allocated=".length()).trim());
    }

    private static void writeRandom(Path file, long size) throws IOException {
        Random random = new Random(20);
        byte[] buffer = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < size; written += buffer.length) {
                random.nextBytes(buffer);
                out.write(buffer, 0, (int) Math.min(buffer.length, size - written));
            }
        }
    }
}
