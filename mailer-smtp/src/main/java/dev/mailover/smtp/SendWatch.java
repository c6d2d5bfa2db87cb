package dev.mailover.smtp;

import dev.mailover.internal.TimeLimit;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The one timer task of all of a mailer's sends in progress: it runs when the earliest of their
 * {@link SendWatchdog}s may be due, checks every one, and schedules itself for the next.
 *
 * <p>A send that begins while a run is already due no later than the send needs (every send of a
 * mailer has the same write timeout, so the usual case) schedules nothing and wakes nobody. Sends in a
 * row therefore cost one timer task between them, not one each: scheduling a task that becomes the head
 * of an empty timer queue wakes the timer thread, which cost it 8–69 µs of CPU per 1 KiB send from one
 * thread (the send itself takes about 120 µs).
 * A send that ends leaves the run in place; it finds nothing due and stops. Thread-safe.
 */
final class SendWatch {

    private final ScheduledExecutorService timers;
    private final Set<SendWatchdog> sending = ConcurrentHashMap.newKeySet();
    private final Object lock = new Object();
    /** The run to come, or null; guarded by lock. */
    private ScheduledFuture<?> pending;
    /** When the run to come is due ({@link System#nanoTime()}); guarded by lock. */
    private long pendingAt;

    SendWatch(ScheduledExecutorService timers) {
        this.timers = timers;
    }

    /**
     * Starts watching a send on {@code connection} bounded by {@code bound}.
     *
     * @throws RejectedExecutionException when the mailer's timer was stopped (the mailer is closed)
     */
    SendWatchdog start(SmtpConnection connection, TimeLimit bound, Duration writeTimeout) {
        long now = System.nanoTime();
        SendWatchdog w = new SendWatchdog(connection, bound, writeTimeout, now);
        sending.add(w);
        try {
            runBy(w.firstDue(now));
        } catch (RejectedExecutionException e) {
            sending.remove(w);
            throw e;
        }
        return w;
    }

    /** Ends the watch of a send that is over. */
    void stop(SendWatchdog w) {
        w.stop();
        sending.remove(w);
    }

    /** Breaks every send in progress: the mailer is closing, and its timer stops. */
    void closeMailer() {
        sending.forEach(SendWatchdog::closeMailer);
    }

    /** Makes sure a run comes no later than {@code due}. */
    private void runBy(long due) {
        synchronized (lock) {
            if (pending != null && pendingAt - due <= 0) {
                return;
            }
            if (pending != null) {
                pending.cancel(false);
            }
            pendingAt = due;
            pending = timers.schedule(this::run, Math.max(0, due - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
    }

    private void run() {
        synchronized (lock) {
            pending = null; // from here on, a send that starts schedules its own run if it needs one sooner
        }
        long now = System.nanoTime();
        long next = SendWatchdog.DONE;
        for (SendWatchdog w : sending) {
            long due = w.check(now);
            if (due != SendWatchdog.DONE && (next == SendWatchdog.DONE || due - next < 0)) {
                next = due;
            }
        }
        if (next != SendWatchdog.DONE) {
            try {
                runBy(next);
            } catch (RejectedExecutionException e) {
                // The mailer is closing: close() breaks the sends in progress itself.
            }
        }
    }
}
