package dev.mailover.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** The one table the benchmark prints, in Markdown so that it can be pasted into docs/BENCHMARKS.md. */
final class ResultTable {
    private static final String[] HEADER = {
        "measure", "contender", "threads", "result (median)", "ratio", "spread", "CPU/msg (spread)", "CPU ratio",
        "time ÷ CPU", "samples"};

    private final List<String[]> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    /** A row; one cell fewer than the header leaves out "time ÷ CPU" (measures that have none). */
    void row(String... cells) {
        if (cells.length == HEADER.length - 1) {
            String[] padded = new String[HEADER.length];
            System.arraycopy(cells, 0, padded, 0, 8);
            padded[8] = "–";
            padded[9] = cells[8];
            cells = padded;
        }
        if (cells.length != HEADER.length) {
            throw new IllegalArgumentException("row needs " + HEADER.length + " cells, got " + cells.length);
        }
        rows.add(cells.clone());
    }

    void note(String note) {
        notes.add(note);
    }

    List<String[]> rows() {
        return List.copyOf(rows);
    }

    void print(PrintStream out) {
        int[] widths = new int[HEADER.length];
        for (int i = 0; i < HEADER.length; i++) {
            widths[i] = HEADER[i].length();
        }
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        printRow(out, HEADER, widths);
        StringBuilder rule = new StringBuilder("|");
        for (int width : widths) {
            rule.append('-').append("-".repeat(width)).append("-|");
        }
        out.println(rule);
        for (String[] row : rows) {
            printRow(out, row, widths);
        }
        out.println();
        for (String note : notes) {
            out.println("- " + note);
        }
        out.flush();
    }

    private static void printRow(PrintStream out, String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder("|");
        for (int i = 0; i < cells.length; i++) {
            line.append(' ').append(cells[i]).append(" ".repeat(widths[i] - cells[i].length())).append(" |");
        }
        out.println(line);
    }
}
