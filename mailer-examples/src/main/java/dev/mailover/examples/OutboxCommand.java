package dev.mailover.examples;

import dev.mailover.outbox.Outbox;
import dev.mailover.outbox.OutboxEntry;
import dev.mailover.outbox.OutboxStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code mailover outbox list|show|retry|purge|stats}: look into an outbox and act on its entries, on the folder of
 * an embedded one ({@code --outbox DIR}) or on its database ({@code --jdbc-url URL}). Each command opens the outbox
 * without a relay: a retried entry is sent by the application's own relay, at its next poll.
 */
@Command(name = "outbox",
        description = "Look into a Mailover outbox and act on its entries.",
        subcommands = {OutboxCommand.ListEntries.class, OutboxCommand.Show.class, OutboxCommand.Retry.class,
                OutboxCommand.Purge.class, OutboxCommand.Stats.class},
        footer = {"", "Examples:",
                "  mailover outbox stats --outbox ./mailover-outbox",
                "  mailover outbox list --status FAILED --jdbc-url jdbc:postgresql://db.example.com/shop \\",
                "                       --user shop --password-env OUTBOX_DB_PASSWORD",
                "  mailover outbox show 42 --outbox ./mailover-outbox",
                "  mailover outbox purge --older-than 30d --outbox ./mailover-outbox"})
final class OutboxCommand implements Runnable {

    @ParentCommand
    MailoverCommand root;

    @Spec
    private CommandSpec spec;

    /** Without a subcommand there is nothing to do: bad usage. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "an outbox command is required (list, show, retry, purge or stats)");
    }

    /** What every subcommand shares: where the outbox is, and running against it. */
    abstract static class OnOutbox implements Callable<Integer> {
        @ParentCommand
        OutboxCommand outbox;

        @Spec
        CommandSpec spec;

        @Mixin
        OutboxStorageOptions storage;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (Outbox opened = storage.open(outbox.root, spec.commandLine())) {
                return run(opened, out);
            } finally {
                out.flush();
            }
        }

        abstract int run(Outbox outbox, PrintWriter out);

        CommandLine.ParameterException usage(String message) {
            return new CommandLine.ParameterException(spec.commandLine(), message);
        }
    }

    @Command(name = "list", description = "List entries with these statuses, oldest due first, as a table.")
    static final class ListEntries extends OnOutbox {
        private static final List<OutboxStatus> NOT_DELIVERED =
                List.of(OutboxStatus.PENDING, OutboxStatus.SENDING, OutboxStatus.FAILED);

        @Option(names = "--status", split = ",", paramLabel = "STATUS",
                description = "PENDING, SENDING, SENT or FAILED; repeatable or comma-separated"
                        + " (default: PENDING,SENDING,FAILED, everything not delivered).")
        List<OutboxStatus> statuses;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "50",
                description = "Show at most this many entries, 1 to 10000 (default: ${DEFAULT-VALUE}).")
        int limit;

        @Override
        int run(Outbox outbox, PrintWriter out) {
            if (limit < 1 || limit > 10_000) {
                throw usage("--limit: must be between 1 and 10000, got " + limit);
            }
            List<OutboxStatus> wanted = statuses == null ? NOT_DELIVERED : statuses.stream().distinct().toList();
            List<OutboxEntry> entries = new ArrayList<>();
            for (OutboxStatus status : wanted) {
                if (entries.size() < limit) {
                    entries.addAll(outbox.list(status, limit - entries.size()));
                }
            }
            Map<OutboxStatus, Long> counts = outbox.counts();
            long matching = wanted.stream().mapToLong(counts::get).sum();
            String which = wanted.stream().map(Enum::name).collect(Collectors.joining(", "));
            if (entries.isEmpty()) {
                out.println("No entries with status " + which + " (" + OutboxReport.countsLine(counts) + ").");
                return 0;
            }
            out.print(OutboxReport.table(entries));
            out.println(entries.size() + " of " + matching + " entries with status " + which
                    + (entries.size() < matching ? "; --limit shows more" : "")
                    + ". In all: " + OutboxReport.countsLine(counts) + ".");
            return 0;
        }
    }

    @Command(name = "show", description = "Show one entry: its status, attempts, last failure, times, transport,"
            + " and the email's sender, recipients, subject and attachments.")
    static final class Show extends OnOutbox {
        private static final Pattern NUMBER = Pattern.compile("\\d{1,18}");

        @Parameters(paramLabel = "ID|MESSAGE-ID", description = "The entry's number, or the email's Message-ID.")
        String which;

        @Override
        int run(Outbox outbox, PrintWriter out) {
            Optional<OutboxEntry> entry = NUMBER.matcher(which.strip()).matches()
                    ? outbox.find(Long.parseLong(which.strip())) : outbox.find(which);
            if (entry.isEmpty()) {
                out.println("No entry " + which + " in this outbox.");
                return 1;
            }
            out.print(OutboxReport.entry(entry.get(), outbox.envelope(entry.get().id())));
            return 0;
        }
    }

    @Command(name = "retry", description = "Queue a FAILED entry again, due now, its attempts and age counted afresh;"
            + " the application's relay sends it at its next poll.")
    static final class Retry extends OnOutbox {
        @Parameters(paramLabel = "ID", description = "The entry's number (see list).")
        long id;

        @Override
        int run(Outbox outbox, PrintWriter out) {
            Optional<OutboxEntry> entry = outbox.find(id);
            if (entry.isEmpty()) {
                out.println("No entry " + id + " in this outbox.");
                return 1;
            }
            if (!outbox.retry(id)) {
                out.println("Entry " + id + " is " + entry.get().status() + ", not FAILED: only a FAILED entry can be"
                        + " queued again.");
                return 1;
            }
            out.println("Entry " + id + " " + entry.get().messageId() + " is PENDING again, due now; the relay sends"
                    + " it at its next poll.");
            return 0;
        }
    }

    @Command(name = "purge", description = "Delete SENT and FAILED entries (and their attachments) that finished"
            + " longer ago than --older-than. Entries still to be sent are never deleted.")
    static final class Purge extends OnOutbox {
        @Option(names = "--older-than", required = true, paramLabel = "AGE", converter = DurationConverter.class,
                description = "For example 30d, 12h or 90m.")
        Duration age;

        @Override
        int run(Outbox outbox, PrintWriter out) {
            int deleted = outbox.purge(age);
            out.println("Deleted " + deleted + " SENT or FAILED entr" + (deleted == 1 ? "y" : "ies")
                    + " that finished more than " + DurationConverter.format(age) + " ago.");
            return 0;
        }
    }

    @Command(name = "stats", description = "Count the entries in each status.")
    static final class Stats extends OnOutbox {
        @Override
        int run(Outbox outbox, PrintWriter out) {
            out.print(OutboxReport.counts(outbox.counts()));
            return 0;
        }
    }
}
