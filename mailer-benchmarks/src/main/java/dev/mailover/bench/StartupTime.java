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

    private static final String MAILOVER = "Mailover SmtpMailer.send (security NONE)";
    private static final String JAKARTA = "Jakarta Mail Transport.send";
    private static final String LOGGING = ", the application logged first (SLF4J initialised)";

    static void run(BenchOptions options, Log log, BenchReport report) throws Exception {
        Map<String, List<String>> cases = new LinkedHashMap<>();
        String port = Integer.toString(options.smtpPort);
        cases.put(MAILOVER, List.of("mailover", options.smtpHost, port));
        cases.put(JAKARTA, List.of("jakarta", options.smtpHost, port));
        cases.put(MAILOVER + LOGGING, List.of("mailover", options.smtpHost, port, "logging"));
        cases.put(JAKARTA + LOGGING, List.of("jakarta", options.smtpHost, port, "logging"));
        cases.put("bare JVM (sends nothing)", List.of("bare"));
        Map<String, Samples> times = new LinkedHashMap<>();
        cases.keySet().forEach(name -> times.put(name, new Samples()));
        Map<String, Samples> ratios = new LinkedHashMap<>();
        cases.keySet().forEach(name -> ratios.put(name, new Samples()));
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
            // As in the throughput rows: each run's ratio to Mailover's time in the same run, then their median.
            round.forEach((name, millis) -> ratios.get(name).add(millis / round.get(mailoverOf(name))));
        }
        log.line("%s: done", MEASURE);
        for (Map.Entry<String, Samples> t : times.entrySet()) {
            Samples s = t.getValue();
            report.table().row(MEASURE, t.getKey(), "1", String.format("%.0f ms", s.median()),
                    String.format("%.2f", ratios.get(t.getKey()).median()), String.format("%.0f–%.0f ms", s.min(), s.max()),
                    "–", "–", s.size() + " JVMs");
        }
        report.table().note(MEASURE + ": a fresh JVM per run (default flags, the benchmark's runtime class path), from"
                + " the parent's clock before starting it to the child's clock when its first send returned (before"
                + " the mailer is closed); the cases run in an order rotated by one per run. Ratio = the time ÷ the"
                + " time of Mailover's case of the same kind in the same run, median of the runs (as in the"
                + " throughput rows); the kinds: Mailover's send as the JVM's first use of SLF4J, or after the"
                + " application logged a line through SLF4J (slf4j-nop), as an application that logs has before its"
                + " first send. Ratio of the medians, Jakarta ÷ Mailover: "
                + String.format("%.2f", times.get(JAKARTA).median() / times.get(MAILOVER).median()) + " (after logging: "
                + String.format("%.2f", times.get(JAKARTA + LOGGING).median() / times.get(MAILOVER + LOGGING).median())
                + ").");
    }

    /** Mailover's case that {@code name} is compared with: the same kind (logged first or not). */
    private static String mailoverOf(String name) {
        return name.endsWith(LOGGING) ? MAILOVER + LOGGING : MAILOVER;
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
