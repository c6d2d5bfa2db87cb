package dev.mailover.ses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mailover.internal.TimeLimit;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;

/** SES calls on workers: the caller waits until the cut-off at most, whatever the call does. */
class SesCallsTest {

    @Test
    void aCallThatIgnoresInterruptsFailsForItsCallerAtTheCutOff() {
        CountDownLatch never = new CountDownLatch(1);
        try (SesCalls calls = new SesCalls()) {
            long start = System.nanoTime();

            ApiCallTimeoutException e = catchThrowableOfType(ApiCallTimeoutException.class,
                    () -> calls.call(TimeLimit.of(Duration.ofMillis(500)), () -> awaitUninterruptibly(never)));

            assertThat(e).as("cut off, as the SDK's call timeout would have").isNotNull();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        } finally {
            never.countDown();
        }
    }

    @Test
    void aCallRunsOnANamedWorkerAndReturnsItsResult() {
        try (SesCalls calls = new SesCalls()) {
            String thread = calls.call(TimeLimit.of(Duration.ofSeconds(10)), () -> Thread.currentThread().getName());

            assertThat(thread).startsWith("mailover-ses-").contains("-call-");
        }
    }

    @Test
    void whatTheCallThrowsReachesTheCallerUnchanged() {
        IllegalStateException thrown = new IllegalStateException("from the SDK");
        try (SesCalls calls = new SesCalls()) {
            assertThatThrownBy(() -> calls.call(TimeLimit.of(Duration.ofSeconds(10)), () -> {
                throw thrown;
            })).isSameAs(thrown);
        }
    }

    @Test
    void anInterruptedCallerFailsAsAbortedAndKeepsItsInterrupt() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<Boolean> interrupted = new AtomicReference<>();
        try (SesCalls calls = new SesCalls()) {
            Thread caller = new Thread(() -> {
                try {
                    calls.call(TimeLimit.of(Duration.ofSeconds(30)), () -> {
                        started.countDown();
                        return awaitUninterruptibly(never);
                    });
                } catch (RuntimeException e) {
                    failure.set(e);
                    interrupted.set(Thread.currentThread().isInterrupted());
                }
            });
            caller.start();
            started.await();
            caller.interrupt();
            caller.join(10_000);

            assertThat(failure.get()).isInstanceOf(AbortedException.class);
            assertThat(interrupted.get()).isTrue();
        } finally {
            never.countDown();
        }
    }

    @Test
    void aClosedPoolRejectsCalls() {
        SesCalls calls = new SesCalls();
        calls.close();
        calls.close();

        assertThatThrownBy(() -> calls.call(TimeLimit.of(Duration.ofSeconds(1)), () -> "never"))
                .isInstanceOf(RejectedExecutionException.class).hasMessage(SesCalls.CLOSED);
    }

    /** Blocks until the latch opens, as a socket read ignores interrupts. */
    private static String awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return "released";
    }
}
