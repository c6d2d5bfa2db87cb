package dev.mailover.spring;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs calls that may hang (a mailer's check against a blackholed host, a query to a database that does not
 * answer) on a thread of its own, and waits for each at most a timeout. At most one call per key runs at a
 * time: while one is still running, the next caller waits for that same call instead of starting another,
 * so a health endpoint polled every few seconds never piles up threads or connections. The threads are
 * daemons named {@code mailover-health-N}, one per key at most, and stop in {@link #close()}.
 */
final class BoundedCalls implements AutoCloseable {

    private static final AtomicInteger THREADS = new AtomicInteger();

    private final ThreadPoolExecutor executor;
    private final Map<String, CompletableFuture<?>> running = new ConcurrentHashMap<>();

    BoundedCalls(int keys) {
        this.executor = new ThreadPoolExecutor(0, keys, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "mailover-health-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * The call's value, or empty when it did not answer within the timeout (it runs on; the next call of
     * this key waits for it).
     *
     * @throws RuntimeException what the call threw
     */
    @SuppressWarnings("unchecked")
    <T> Optional<T> call(String key, Supplier<T> call, Duration timeout) {
        CompletableFuture<T> future;
        try {
            future = (CompletableFuture<T>) running.compute(key, (k, previous) -> previous != null && !previous.isDone()
                    ? previous : CompletableFuture.supplyAsync(call, executor));
        } catch (RejectedExecutionException e) {
            return Optional.empty(); // closing
        }
        try {
            return Optional.of(future.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Interrupts the calls still running and stops the threads. Idempotent. */
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
