package dev.mailover.smtp;

import dev.mailover.internal.TimeLimit;
import java.time.Duration;

/**
 * The rules of one send's timer: the connection is broken when the send's time is up, and a write
 * that has not completed within the write timeout (a server that stopped reading) is broken. It
 * replaces Angus' write timeout, which schedules a timer task for every write of every message.
 * {@link SendWatch} looks at it when it may next be due. Thread-safe; once {@link #stop()} has
 * returned, it breaks nothing any more, so the connection may go back to the pool.
 */
final class SendWatchdog {

    /** What {@link #check(long)} returns once nothing more is due: the send ended or was broken. */
    static final long DONE = -1;

    private final SmtpConnection connection;
    private final long deadline;
    private final long writeTimeout;
    /** Guarded by this. */
    private boolean stopped;
    private volatile boolean closedByMailer;

    SendWatchdog(SmtpConnection connection, TimeLimit bound, Duration writeTimeout, long now) {
        this.connection = connection;
        this.deadline = now + bound.remaining().toNanos();
        this.writeTimeout = writeTimeout.toNanos();
    }

    /** How long after {@code now} this send must first be looked at: its deadline, or the write timeout. */
    long firstWait(long now) {
        return Math.min(writeTimeout, Math.max(0, deadline - now));
    }

    /**
     * Breaks the send when its time is up or its write has stalled for the write timeout, and then
     * returns {@link #DONE}; otherwise returns how long after {@code now} it must be looked at again
     * (always more than 0). {@link #DONE} too once the send has stopped.
     */
    synchronized long check(long now) {
        if (stopped) {
            return DONE;
        }
        if (now - deadline >= 0) {
            stopped = true;
            connection.abort();
            return DONE;
        }
        long stalled = connection.writeStalledNanos(now);
        if (stalled >= writeTimeout) {
            stopped = true;
            connection.breakStalledWrite();
            return DONE;
        }
        return Math.min(deadline - now, writeTimeout - stalled);
    }

    /** Ends the watch; the send is over. Waits for a check in progress. Idempotent. */
    synchronized void stop() {
        stopped = true;
    }

    /**
     * Breaks the send at once because its mailer is closing: with the mailer's timer stopped, nothing
     * else would end it.
     */
    void closeMailer() {
        closedByMailer = true;
        connection.abort();
    }

    /** True when {@link #closeMailer()} broke this send. */
    boolean closedByMailer() {
        return closedByMailer;
    }
}
