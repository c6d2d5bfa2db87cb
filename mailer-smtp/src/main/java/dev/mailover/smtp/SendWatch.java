package dev.mailover.smtp;

import dev.mailover.internal.TimeLimit;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one timer task of all of a mailer's sends in progress: it runs when the earliest of their
 * {@link SendWatchdog}s may be due, checks every one, and schedules itself for the next.
 *
 * <p>A send that begins while a run is already due no later than the send needs (every send of a
 * mailer has the same write timeout, so the usual case) schedules nothing and wakes nobody: sends in
 * a row cost one timer task between them, not one each. (A task that becomes the head of an empty
 * timer queue wakes the timer thread, and with one sending thread the queue was empty at every send.)
 * A send that ends leaves the run in place; when it comes, it checks the sends then in progress and
 * schedules nothing more when there are none. Thread-safe.
 */
final class SendWatch {

    private static final Logger log = LoggerFactory.getLogger(SendWatch.class);

    private final ScheduledExecutorService timers;
    private final Set<SendWatchdog> sending = ConcurrentHashMap.newKeySet();
    private final Object lock = new Object();
    /** The run to come, or null; guarded by lock. */
    private Run pending;

    SendWatch(ScheduledExecutorService timers) {
        this.timers = timers;
    }

    /**
     * Starts watching a send on {@code connection} bounded by {@code bound}. When the mailer is
     * closing, the send may still be accepted here: the caller checks whether its mailer closed
     * afterwards ({@link #closeMailer()} breaks only the sends it saw).
     *
     * @throws RejectedExecutionException when this send needs a run and the mailer's timer was stopped
     */
    SendWatchdog start(SmtpConnection connection, TimeLimit bound, Duration writeTimeout) {
        long now = System.nanoTime();
        SendWatchdog w = new SendWatchdog(connection, bound, writeTimeout, now);
        sending.add(w);
        try {
            runBy(now + w.firstWait(now));
        } catch (RejectedExecutionException e) {
            sending.remove(w);
            throw e;
        }
        return w;
    }

    /** Ends the watch of a send that is over; once this returns, its watchdog breaks nothing. */
    void stop(SendWatchdog w) {
        w.stop();
        sending.remove(w);
    }

    /** Breaks every send in progress that this watch has seen start: the mailer is closing. */
    void closeMailer() {
        sending.forEach(SendWatchdog::closeMailer);
    }

    /** Makes sure a run comes no later than {@code due} ({@link System#nanoTime()}). */
    private void runBy(long due) {
        synchronized (lock) {
            if (pending != null && pending.due - due <= 0) {
                return;
            }
            if (pending != null) {
                pending.future.cancel(false);
            }
            Run run = new Run(due);
            run.future = timers.schedule(run, Math.max(0, due - System.nanoTime()), TimeUnit.NANOSECONDS);
            pending = run;
        }
    }

    /** One scheduled look at the sends in progress. */
    private final class Run implements Runnable {
        final long due;
        /** Set under lock before any other thread can see this run. */
        ScheduledFuture<?> future;

        Run(long due) {
            this.due = due;
        }

        @Override
        public void run() {
            synchronized (lock) {
                if (pending == this) {
                    pending = null; // from here on, a send that starts schedules a run of its own
                }
            }
            long now = System.nanoTime();
            long wait = SendWatchdog.DONE;
            for (SendWatchdog w : sending) {
                long next;
                try {
                    next = w.check(now);
                } catch (RuntimeException e) {
                    // The old one-task-per-send design lost only that send's timer; so does this.
                    log.warn("the timer of an SMTP send failed; that send is no longer bounded", e);
                    sending.remove(w);
                    continue;
                }
                if (next != SendWatchdog.DONE && (wait == SendWatchdog.DONE || next < wait)) {
                    wait = next;
                }
            }
            if (wait != SendWatchdog.DONE) {
                try {
                    runBy(now + wait);
                } catch (RejectedExecutionException e) {
                    // The mailer is closing: close() breaks the sends in progress itself.
                }
            }
        }
    }
}
