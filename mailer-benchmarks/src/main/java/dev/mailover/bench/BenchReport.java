package dev.mailover.bench;

/** What one benchmark run produced: the table, and counters that the smoke test checks against the servers. */
final class BenchReport {
    private final ResultTable table = new ResultTable();
    long smtpSent;
    /** Sent to, and counted by, the SMTP stub of the stall check. */
    long stubSent;
    long stubReceived;
    long httpSent;
    long httpAccepted;

    ResultTable table() {
        return table;
    }
}
