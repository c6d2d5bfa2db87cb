package dev.mailover.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Section 5: the time from starting a JVM to its first SMTP send done ({@link StartupProbe}), for Mailover's
 * SmtpMailer, plain Jakarta Mail {@code Transport.send} and a JVM that sends nothing, measured the same way: the
 * parent's clock before it starts the child, to the child's clock when the send returned. The cases alternate,
 * each {@code --startup-runs} times; the median is reported.
 */
final class StartupTime {
    private static final String MEASURE = "Start-up: JVM start to first SMTP send done";

    private StartupTime() {
    }

    static void run(BenchOptions options, Log log, BenchReport report) throws Exception {
        Map<String, List<String>> cases = new LinkedHashMap<>();
        String port = Integer.toString(options.smtpPort);
        cases.put("Mailover SmtpMailer.send (security NONE)", List.of("mailover", options.smtpHost, port));
        cases.put("Jakarta Mail Transport.send", List.of("jakarta", options.smtpHost, port));
        cases.put("bare JVM (sends nothing)", List.of("bare"));
        Map<String, Samples> times = new LinkedHashMap<>();
        cases.keySet().forEach(name -> times.put(name, new Samples()));
        Samples ratios = new Samples();
        for (int run = 0; run < Math.max(1, options.startupRuns); run++) {
            Map<String, Double> round = new LinkedHashMap<>();
            // In an order rotated by one per run, as the throughput rounds are: no case always goes first.
            List<Map.Entry<String, List<String>>> order = new ArrayList<>(cases.entrySet());
            Collections.rotate(order, -(run % order.size()));
            for (Map.Entry<String, List<String>> c : order) {
                double millis = probe(c.getValue());
                round.put(c.getKey(), millis);
                times.get(c.getKey()).add(millis);
                if (!c.getValue().get(0).equals("bare")) {
                    report.smtpSent++;
                }
            }
            ratios.add(round.get("Jakarta Mail Transport.send") / round.get("Mailover SmtpMailer.send (security NONE)"));
        }
        log.line("%s: done", MEASURE);
        double mailover = times.get("Mailover SmtpMailer.send (security NONE)").median();
        for (Map.Entry<String, Samples> t : times.entrySet()) {
            Samples s = t.getValue();
            report.table().row(MEASURE, t.getKey(), "1", String.format("%.0f ms", s.median()),
                    String.format("%.2f", s.median() / mailover), String.format("%.0f–%.0f ms", s.min(), s.max()),
                    "–", "–", s.size() + " JVMs");
        }
        report.table().note(MEASURE + ": a fresh JVM per run (default flags, the benchmark's runtime class path), from"
                + " the parent's clock before starting it to the child's clock when its first send returned; ratio ="
                + " median ÷ Mailover's median; the cases run in an order rotated by one per run. Jakarta ÷ Mailover per"
                + " run, median: "
                + String.format("%.2f", ratios.median()) + ".");
    }

    private static double probe(List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), StartupProbe.class.getName()));
        command.addAll(args);
        long began = System.currentTimeMillis();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(1, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IOException("start-up probe did not finish: " + args);
        }
        int at = output.lastIndexOf("DONE ");
        if (process.exitValue() != 0 || at < 0) {
            throw new IOException("start-up probe " + args + " failed: " + output);
        }
        return Long.parseLong(output.substring(at + 5).trim()) - began;
    }
}
