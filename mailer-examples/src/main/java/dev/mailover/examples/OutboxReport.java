package dev.mailover.examples;

import dev.mailover.Address;
import dev.mailover.outbox.OutboxEntry;
import dev.mailover.outbox.OutboxEnvelope;
import dev.mailover.outbox.OutboxStatus;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Renders outbox entries for a terminal: a table of entries, one entry with its envelope, and the counts by
 * status. Times are UTC, to the second.
 */
final class OutboxReport {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** A column of the entries table: its heading, how to get its text, and whether it is right-aligned. */
    private record Column(String heading, Function<OutboxEntry, String> text, boolean right) {
    }

    private static final List<Column> COLUMNS = List.of(
            new Column("ID", e -> Long.toString(e.id()), true),
            new Column("STATUS", e -> e.status().name(), false),
            new Column("ATTEMPTS", e -> Integer.toString(e.attempts()), true),
            new Column("DUE / FINISHED (UTC)", e -> time(e.finishedAt().orElse(e.nextAttemptAt())), false),
            new Column("LAST FAILURE", e -> e.lastFailure().map(Enum::name).orElse("-"), false),
            new Column("MESSAGE-ID", OutboxEntry::messageId, false));

    private OutboxReport() {
    }

    /** The entries as an aligned table with a heading line; one line per entry. */
    static String table(List<OutboxEntry> entries) {
        int[] widths = new int[COLUMNS.size()];
        List<String[]> rows = new ArrayList<>();
        rows.add(COLUMNS.stream().map(Column::heading).toArray(String[]::new));
        for (OutboxEntry e : entries) {
            rows.add(COLUMNS.stream().map(c -> c.text().apply(e)).toArray(String[]::new));
        }
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder s = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    line.append("  ");
                }
                String format = "%" + (COLUMNS.get(i).right() ? "" : "-") + widths[i] + "s";
                line.append(String.format(Locale.ROOT, format, row[i]));
            }
            s.append(line.toString().stripTrailing()).append('\n');
        }
        return s.toString();
    }

    /** One entry, a field per line, then what its envelope says (when it was readable). */
    static String entry(OutboxEntry e, Optional<OutboxEnvelope> envelope) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("entry", e.id() + " " + e.messageId());
        fields.put("status", e.status().name() + switch (e.status()) {
            case PENDING -> ", next attempt " + time(e.nextAttemptAt());
            case SENDING -> ", a relay worker holds it until " + time(e.nextAttemptAt());
            case SENT, FAILED -> "";
        });
        fields.put("attempts", Integer.toString(e.attempts()));
        fields.put("last failure", e.lastFailure().map(k -> k + (e.lastDetail().isEmpty() ? "" : ": " + TextReport.oneLine(e.lastDetail())))
                .orElse(e.lastDetail().isEmpty() ? "none" : TextReport.oneLine(e.lastDetail())));
        if (!e.lastHint().isEmpty()) {
            fields.put("hint", TextReport.oneLine(e.lastHint()));
        }
        fields.put("possibly delivered", e.possiblyDelivered()
                ? "yes: an attempt may have reached the server; a retry keeps the Message-ID" : "no");
        fields.put("created", time(e.createdAt()));
        e.sentAt().ifPresent(t -> fields.put("sent", time(t)));
        if (e.status() == OutboxStatus.FAILED) {
            e.finishedAt().ifPresent(t -> fields.put("failed", time(t)));
        }
        e.transport().ifPresent(t -> fields.put("transport", t + e.providerId().map(id -> ", provider id " + id).orElse("")));
        envelope.ifPresent(v -> {
            fields.put("from", v.from().toString());
            fields.put("to", addresses(v.to()));
            if (!v.cc().isEmpty()) {
                fields.put("cc", addresses(v.cc()));
            }
            if (!v.bcc().isEmpty()) {
                fields.put("bcc", addresses(v.bcc()));
            }
            if (!v.replyTo().isEmpty()) {
                fields.put("reply-to", addresses(v.replyTo()));
            }
            fields.put("subject", v.subject());
            fields.put("attachments", v.attachments().isEmpty() ? "none" : v.attachments().stream()
                    .map(p -> p.filename() + " (" + p.contentType() + ", " + bytes(p.size()) + ")")
                    .collect(Collectors.joining(", ")));
        });
        int width = fields.keySet().stream().mapToInt(String::length).max().orElse(0) + 1;
        StringBuilder s = new StringBuilder();
        fields.forEach((k, v) -> s.append(String.format(Locale.ROOT, "%-" + width + "s %s", k + ":", v)).append('\n'));
        return s.toString();
    }

    /** The counts by status, aligned, then their total. */
    static String counts(Map<OutboxStatus, Long> counts) {
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        int width = Long.toString(total).length();
        StringBuilder s = new StringBuilder();
        counts.forEach((status, n) -> s.append(String.format(Locale.ROOT, "%-8s %" + width + "d%n", status, n)));
        s.append(String.format(Locale.ROOT, "%-8s %" + width + "d%n", "total", total));
        return s.toString();
    }

    /** For example {@code PENDING 3, SENDING 0, SENT 0, FAILED 0}: the counts in one line. */
    static String countsLine(Map<OutboxStatus, Long> counts) {
        return counts.entrySet().stream()
                .map(e -> e.getKey().name() + " " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    static String time(Instant t) {
        return TIME.format(t);
    }

    private static String addresses(List<Address> list) {
        return list.stream().map(Address::toString).collect(Collectors.joining(", "));
    }

    private static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        return n < 1024 * 1024 ? String.format(Locale.ROOT, "%.1f KiB", n / 1024.0)
                : String.format(Locale.ROOT, "%.1f MiB", n / (1024.0 * 1024));
    }
}
