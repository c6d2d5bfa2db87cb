package dev.mailover.ses;

import dev.mailover.internal.TimeLimit;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;

/**
 * Runs one mailer's SDK calls on worker threads, so that the caller waits at most until a call's
 * cut-off whatever the SDK, its HTTP client and the server do. The synchronous SDK client runs the
 * HTTP exchange on the thread that calls it, and a blocked socket read of the JDK's
 * {@code HttpURLConnection} ends only at its read timeout: neither an interrupt nor closing the
 * stream from another thread ends it sooner, and the SDK's own timeout, which disconnects, can leave
 * the reader waiting while the JDK drains a trickled answer. A call still running at its cut-off
 * therefore fails for the caller at once, as the SDK's call timeout would fail it
 * ({@link ApiCallTimeoutException}); the worker is interrupted and ends on its own later, within the
 * bounds of the HTTP client ({@link SesHttpClient} for a client the mailer built).
 *
 * <p>Bounded: at most {@value #MAX_WORKERS} calls run on workers at once; beyond that a call runs on
 * the caller's thread, bounded by the HTTP client alone. Workers are daemons named
 * {@code mailover-ses-N-call-M}, end after 30 idle seconds, and stop in {@link #close()}.
 * Thread-safe.
 */
final class SesCalls implements AutoCloseable {

    /** The most calls on worker threads at once; more run on their callers' threads. */
    static final int MAX_WORKERS = 64;

    /** The message of the rejection of a call after {@link #close()}. */
    static final String CLOSED = "the mailer was closed";

    private static final Logger LOG = LoggerFactory.getLogger(SesCalls.class);
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final ThreadPoolExecutor workers;

    SesCalls() {
        String prefix = "mailover-ses-" + POOLS.incrementAndGet() + "-call-";
        AtomicInteger numbers = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(0, MAX_WORKERS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, prefix + numbers.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Runs {@code call} and returns its result, or fails by {@code cutOff}.
     *
     * @throws ApiCallTimeoutException    when the call is still running at the cut-off
     * @throws AbortedException           when the caller is interrupted while it waits (its interrupt
     *                                    flag is set again)
     * @throws RejectedExecutionException when this is closed
     */
    <T> T call(TimeLimit cutOff, Supplier<T> call) {
        AtomicBoolean abandoned = new AtomicBoolean();
        FutureTask<T> task = new FutureTask<>(() -> {
            T result = call.get();
            if (abandoned.get()) {
                LOG.debug("An SES call ended after its cut-off of {} ms; its caller was told the message may have"
                        + " been delivered: {}", cutOff.limit().toMillis(), result);
            }
            return result;
        });
        try {
            workers.execute(task);
        } catch (RejectedExecutionException busy) {
            if (workers.isShutdown()) {
                throw new RejectedExecutionException(CLOSED);
            }
            task.run(); // every worker is busy: on this thread, bounded by the HTTP client alone
        }
        try {
            return task.get(cutOff.remaining().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException late) {
            abandoned.set(true);
            task.cancel(true);
            throw ApiCallTimeoutException.create(cutOff.limit().toMillis());
        } catch (InterruptedException e) {
            abandoned.set(true);
            task.cancel(true);
            Thread.currentThread().interrupt();
            throw AbortedException.create("interrupted while waiting for Amazon SES", e);
        } catch (ExecutionException e) {
            Throwable failure = e.getCause();
            if (failure instanceof RuntimeException r) {
                throw r;
            }
            if (failure instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("an SES call failed", failure); // a Supplier throws nothing checked
        }
    }

    /** Stops the workers, interrupting calls in progress; later calls are rejected. Idempotent. */
    @Override
    public void close() {
        workers.shutdownNow();
    }
}
