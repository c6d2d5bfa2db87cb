package dev.mailover.bench;

/** What one benchmark run produced: the table, and counters that the smoke test checks against the servers. */
final class BenchReport {
    private final ResultTable table = new ResultTable();
    long smtpSent;
    long httpSent;
    long httpAccepted;

    ResultTable table() {
        return table;
    }
}
