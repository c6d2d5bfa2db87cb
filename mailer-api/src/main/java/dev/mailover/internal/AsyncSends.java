package dev.mailover.internal;

import dev.mailover.Email;
import dev.mailover.FailureKind;
import dev.mailover.MailException;
import dev.mailover.Mailer;
import dev.mailover.SendResult;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs blocking sends off the caller's thread: {@link Mailer#sendAsync(Email)}'s default, and mailers
 * with an executor of their own, complete their futures the same way. Not API.
 */
public final class AsyncSends {

    /** Threads of the shared pool; sends are I/O-bound, so a few per core. */
    static final int SHARED_THREADS = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
    /** Sends that may wait for a thread before new ones are refused. */
    static final int SHARED_QUEUE = 10_000;

    private AsyncSends() {
    }

    /**
     * Runs {@code mailer.send(email)} on the executor. The future completes with the result, or
     * exceptionally with the {@link MailException} itself (not wrapped). An executor that refuses
     * the task fails the future with {@link FailureKind#SERVICE_UNAVAILABLE}.
     */
    public static CompletableFuture<SendResult> submit(Mailer mailer, Email email, Executor executor) {
        Objects.requireNonNull(email, "email");
        CompletableFuture<SendResult> future = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                if (future.isDone()) {
                    return;
                }
                try {
                    future.complete(mailer.send(email));
                } catch (MailException e) {
                    future.completeExceptionally(e);
                } catch (RuntimeException | Error e) {
                    future.completeExceptionally(MailException.builder(FailureKind.UNKNOWN, mailer.name())
                            .detail(e.toString()).cause(e).build());
                }
            });
        } catch (RejectedExecutionException e) {
            future.completeExceptionally(MailException.builder(FailureKind.SERVICE_UNAVAILABLE, mailer.name())
                    .detail("the async send queue is full")
                    .hint("Too many sends are waiting; slow down, or give the mailer a larger executor.")
                    .cause(e).build());
        }
        return future;
    }

    /**
     * The shared, bounded pool of daemon threads named {@code mailover-async-N}, started by the first
     * async send that needs it; a full queue refuses new sends rather than growing.
     */
    public static Executor sharedExecutor() {
        return Shared.EXECUTOR;
    }

    /** Holder, so the pool starts only when the first async send needs it. */
    private static final class Shared {
        static final ThreadPoolExecutor EXECUTOR = create();

        private static ThreadPoolExecutor create() {
            AtomicInteger n = new AtomicInteger();
            ThreadPoolExecutor pool = new ThreadPoolExecutor(SHARED_THREADS, SHARED_THREADS, 60, TimeUnit.SECONDS,
                    new ArrayBlockingQueue<>(SHARED_QUEUE), r -> {
                        Thread t = new Thread(r, "mailover-async-" + n.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
            pool.allowCoreThreadTimeOut(true);
            return pool;
        }
    }
}
