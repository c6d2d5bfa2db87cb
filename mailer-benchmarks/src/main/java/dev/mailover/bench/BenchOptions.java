package dev.mailover.bench;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Command-line options of {@link BenchMain}. */
final class BenchOptions {
    String smtpHost = "127.0.0.1";
    int smtpPort = -1;
    String smtpSource;
    int repetitions = 5;
    double seconds = 1.0;
    int batch;
    int failoverMessages = 200;
    /** The primary's connect timeout in the failover section; null keeps SmtpMailer's default (10 s). */
    Duration failoverConnectTimeout;
    /** The breaker's open interval in the failover section; null keeps FailoverMailer's default (30 s). */
    Duration failoverOpen;
    int attachmentMegabytes = 20;
    int memoryResolutionMegabytes = 1;
    Set<String> sections = new LinkedHashSet<>(List.of("smtp", "http", "failover", "memory", "startup", "outbox"));
    boolean quiet;
    String only = "";
    /** Keep only the message kinds with one of these labels, separated by ';'; empty keeps all. */
    String kinds = "";
    /** The SMTP sink: its own count of messages received and its CPU time; null when it cannot count. */
    ThroughputBench.Server smtpReceived;
    /** How many times each start-up case runs. */
    int startupRuns = 15;

    static BenchOptions parse(String... args) {
        BenchOptions options = new BenchOptions();
        java.nio.file.Path sinkLog = null;
        long sinkPid = -1;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.equals("--quiet")) {
                options.quiet = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(name + ": missing value\n" + usage());
            }
            String value = args[++i];
            switch (name) {
                case "--smtp-host" -> options.smtpHost = value;
                case "--smtp-port" -> options.smtpPort = Integer.parseInt(value);
                case "--smtp-source" -> options.smtpSource = value;
                case "--reps" -> options.repetitions = Integer.parseInt(value);
                case "--seconds" -> options.seconds = Double.parseDouble(value);
                case "--batch" -> options.batch = Integer.parseInt(value);
                case "--failover-messages" -> options.failoverMessages = Integer.parseInt(value);
                case "--failover-connect-timeout" -> options.failoverConnectTimeout = seconds(name, value);
                case "--failover-open" -> options.failoverOpen = seconds(name, value);
                case "--attachment-mb" -> options.attachmentMegabytes = Integer.parseInt(value);
                case "--memory-resolution-mb" -> options.memoryResolutionMegabytes = Integer.parseInt(value);
                case "--only" -> options.only = value;
                case "--kinds" -> options.kinds = value;
                case "--smtp-sink-log" -> sinkLog = java.nio.file.Path.of(value);
                case "--smtp-sink-pid" -> sinkPid = Long.parseLong(value);
                case "--startup-runs" -> options.startupRuns = Integer.parseInt(value);
                case "--sections" -> options.sections = new LinkedHashSet<>(List.of(value.split(",")));
                default -> throw new IllegalArgumentException("unknown option " + name + "\n" + usage());
            }
        }
        if (sinkLog != null) {
            options.smtpReceived = new SinkCount(sinkLog, sinkPid);
        }
        if (!options.smtpHost.equals("127.0.0.1") && !options.smtpHost.equals("localhost")) {
            throw new IllegalArgumentException("--smtp-host: only loopback is allowed, got " + options.smtpHost);
        }
        if ((options.sections.contains("smtp") || options.sections.contains("memory") || options.sections.contains("outbox")
                || options.sections.contains("startup"))
                && options.smtpPort <= 0) {
            throw new IllegalArgumentException("--smtp-port: the smtp, memory and outbox sections need an SMTP sink\n"
                    + usage());
        }
        return options;
    }

    /** The message kinds to measure, as {@code --kinds} selects them. */
    java.util.List<BenchMessage.Kind> kinds() {
        return BenchMessage.kinds().stream()
                .filter(k -> kinds.isEmpty() || java.util.Arrays.asList(kinds.split(";")).contains(k.label()))
                .toList();
    }

    private static Duration seconds(String name, String value) {
        double seconds = Double.parseDouble(value);
        if (!(seconds > 0)) {
            throw new IllegalArgumentException(name + ": must be a positive number of seconds, was " + value);
        }
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    static String usage() {
        return """
                usage: BenchMain --smtp-port PORT [--smtp-host 127.0.0.1] [--smtp-source /usr/sbin/smtp-source]
                                 [--smtp-sink-log FILE (the output of smtp-sink -c)] [--smtp-sink-pid PID] [--startup-runs 15]
                                 [--reps 5] [--seconds 1.0] [--batch N] [--failover-messages 200]
                                 [--failover-connect-timeout SECONDS] [--failover-open SECONDS]
                                 [--attachment-mb 20] [--memory-resolution-mb 1] [--sections smtp,http,failover,memory,startup,outbox]
                                 [--only LABEL-SUBSTRING] [--kinds "1 KiB text;1 MiB text;…"] [--quiet]""";
    }
}
