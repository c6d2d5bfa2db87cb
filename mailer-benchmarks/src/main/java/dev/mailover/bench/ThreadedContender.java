package dev.mailover.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A contender driven by a fixed set of named threads, each with its own {@link Worker}, which pull message
 * numbers from one shared counter until the batch is sent.
 */
final class ThreadedContender implements Contender {

    /** Sends one message; used by a single thread only, so it may keep per-thread state such as a connection. */
    interface Worker extends AutoCloseable {
        void send(int sequence) throws Exception;

        @Override
        default void close() throws Exception {
        }
    }

    /** Makes one worker per thread. */
    interface WorkerFactory {
        Worker newWorker() throws Exception;
    }

    /**
     * One timed batch: the messages sent, its wall time and the CPU time of the whole process, and of that the
     * part of the other Java threads (every live one but the sending threads and the harness's: the threads a
     * library starts, and the JDK's own few), in all and by thread name without its trailing number. A thread
     * that ended during the batch is missing from the split (the process total still has it); the JIT's and the
     * collector's threads are not Java threads and are in the total only.
     */
    record Batch(long messages, long wallNanos, long cpuNanos, Map<String, Long> otherThreads) {
        long otherThreadsCpuNanos() {
            return otherThreads.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final String name;
    private final int threads;
    private final ExecutorService executor;
    private final List<Worker> workers = new ArrayList<>();
    private final AutoCloseable shared;
    private final Set<Long> senderIds = ConcurrentHashMap.newKeySet();

    /**
     * @param shared closed after the workers, for state all threads share (a Mailer, a pool); may be null
     */
    ThreadedContender(String name, int threads, WorkerFactory factory, AutoCloseable shared) throws Exception {
        this.name = name;
        this.threads = threads;
        this.shared = shared;
        AtomicInteger threadNumber = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "bench-sender-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            senderIds.add(thread.getId());
            return thread;
        });
        for (int i = 0; i < threads; i++) {
            workers.add(factory.newWorker());
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int threads() {
        return threads;
    }

    @Override
    public Duration run(int messages) throws Exception {
        AtomicInteger next = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> tasks = new ArrayList<>();
        for (Worker worker : workers) {
            tasks.add(executor.submit(() -> {
                start.await();
                for (int sequence = next.getAndIncrement(); sequence < messages; sequence = next.getAndIncrement()) {
                    worker.send(sequence);
                }
                return null;
            }));
        }
        long began = System.nanoTime();
        start.countDown();
        for (Future<?> task : tasks) {
            task.get();
        }
        return Duration.ofNanos(System.nanoTime() - began);
    }

    /**
     * Sends from every thread until {@code duration} has passed (each thread finishes the message it is on); the
     * wall time ends when the last thread stops. The CPU time is the whole client process's
     * ({@code getProcessCpuTime}): the sending threads and every thread a library starts (timers, watchdogs,
     * OkHttp's pool and dispatcher), the JIT and the garbage collector. The servers run in other processes, so
     * none of theirs is included.
     */
    Batch runFor(Duration duration) throws Exception {
        AtomicInteger next = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> tasks = new ArrayList<>();
        long began = System.nanoTime();
        long deadline = began + duration.toNanos();
        for (Worker worker : workers) {
            tasks.add(executor.submit(() -> {
                start.await();
                while (System.nanoTime() < deadline) {
                    worker.send(next.getAndIncrement());
                }
                return null;
            }));
        }
        Map<Long, Long> otherBefore = otherThreadsCpu();
        long cpuBefore = OS.getProcessCpuTime();
        start.countDown();
        for (Future<?> task : tasks) {
            task.get();
        }
        long wall = System.nanoTime() - began;
        long cpu = OS.getProcessCpuTime() - cpuBefore;
        Map<String, Long> byName = new TreeMap<>();
        for (Map.Entry<Long, Long> after : otherThreadsCpu().entrySet()) {
            long used = after.getValue() - otherBefore.getOrDefault(after.getKey(), 0L);
            ThreadInfo info = THREADS.getThreadInfo(after.getKey());
            if (used > 0 && info != null) {
                byName.merge(info.getThreadName().replaceAll("[-#]?\\d+$", ""), used, Long::sum);
            }
        }
        return new Batch(next.get(), wall, cpu, byName);
    }

    /** The CPU time so far of every live Java thread but the senders and the calling thread, by thread id. */
    private Map<Long, Long> otherThreadsCpu() {
        Map<Long, Long> cpu = new HashMap<>();
        long self = Thread.currentThread().getId();
        for (long id : THREADS.getAllThreadIds()) {
            if (id != self && !senderIds.contains(id)) {
                long nanos = THREADS.getThreadCpuTime(id);
                if (nanos >= 0) {
                    cpu.put(id, nanos);
                }
            }
        }
        return cpu;
    }

    @Override
    public void close() throws Exception {
        executor.shutdownNow();
        Exception failure = null;
        for (Worker worker : workers) {
            try {
                worker.close();
            } catch (Exception e) {
                failure = e;
            }
        }
        if (shared != null) {
            shared.close();
        }
        if (failure != null) {
            throw failure;
        }
    }
}
