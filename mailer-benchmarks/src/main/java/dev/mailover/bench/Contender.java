package dev.mailover.bench;

import java.time.Duration;

/**
 * One way of sending mail whose throughput is measured: a library in one configuration.
 * A contender is opened once per repetition, warmed up, timed, and closed.
 */
interface Contender extends AutoCloseable {

    /** Short label for the results table, for example {@code "Jakarta Mail, reused Transport"}. */
    String name();

    /** How many threads (or sessions) send at once. */
    int threads();

    /** Sends {@code messages} messages and returns the wall time they took. Throws on the first failed send. */
    Duration run(int messages) throws Exception;

    @Override
    void close() throws Exception;
}
