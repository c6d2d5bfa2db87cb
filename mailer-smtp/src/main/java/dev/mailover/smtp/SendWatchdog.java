package dev.mailover.smtp;

import dev.mailover.internal.TimeLimit;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The one timer of a send: it breaks the connection when the send's time is up, and breaks a write
 * that has not completed within the write timeout (a server that stopped reading). It replaces
 * Angus' write timeout, which schedules a timer task for every write of every message.
 *
 * <p>It wakes when either could next be due (the deadline, or the write timeout after the write in
 * progress began) and sleeps again, so a send shorter than the write timeout costs one scheduled
 * task, whatever it writes. Thread-safe.
 */
final class SendWatchdog implements Runnable {

    private final ScheduledExecutorService timers;
    private final SmtpConnection connection;
    private final long deadline;
    private final long writeTimeout;
    private volatile ScheduledFuture<?> next;
    private volatile boolean stopped;
    private volatile boolean closedByMailer;

    private SendWatchdog(ScheduledExecutorService timers, SmtpConnection connection, TimeLimit bound,
                         Duration writeTimeout) {
        this.timers = timers;
        this.connection = connection;
        this.deadline = System.nanoTime() + bound.remaining().toNanos();
        this.writeTimeout = writeTimeout.toNanos();
    }

    /**
     * Starts watching a send on {@code connection} bounded by {@code bound}.
     *
     * @throws RejectedExecutionException when the mailer's timer was stopped (the mailer is closed)
     */
    static SendWatchdog start(ScheduledExecutorService timers, SmtpConnection connection, TimeLimit bound,
                              Duration writeTimeout) {
        SendWatchdog w = new SendWatchdog(timers, connection, bound, writeTimeout);
        w.next = timers.schedule(w, Math.min(w.writeTimeout, Math.max(0, w.deadline - System.nanoTime())),
                TimeUnit.NANOSECONDS);
        return w;
    }

    @Override
    public void run() {
        if (stopped) {
            return;
        }
        long now = System.nanoTime();
        if (now - deadline >= 0) {
            connection.abort();
            return;
        }
        long stalled = connection.writeStalledNanos(now);
        if (stalled >= writeTimeout) {
            connection.breakStalledWrite();
            return;
        }
        long wait = Math.min(deadline - now, writeTimeout - stalled);
        try {
            ScheduledFuture<?> f = timers.schedule(this, wait, TimeUnit.NANOSECONDS);
            next = f;
            if (stopped) {
                f.cancel(false);
            }
        } catch (RejectedExecutionException e) {
            // The mailer is closing: close() breaks the sends in progress itself.
        }
    }

    /** Ends the watch; the send is over. Idempotent. */
    void stop() {
        stopped = true;
        ScheduledFuture<?> f = next;
        if (f != null) {
            f.cancel(false);
        }
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
