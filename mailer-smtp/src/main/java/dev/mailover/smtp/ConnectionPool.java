package dev.mailover.smtp;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A bounded pool of reusable SMTP connections.
 *
 * <p>At most {@code size} connections exist at once; a caller that finds them all busy waits for
 * one (fairly, never longer than the deadline it passes). Idle connections are reused most-recently-used first, so
 * rarely used ones age out. A connection goes back to the pool only after a clean send and while it
 * has sent fewer than {@code maxMessagesPerConnection} messages; otherwise it is closed with QUIT.
 * Thread-safe.
 */
final class ConnectionPool {

    private final int size;
    private final int maxMessagesPerConnection;
    private final Supplier<SmtpConnection> factory;
    private final Semaphore permits;
    private final Deque<SmtpConnection> idle = new ArrayDeque<>();
    private boolean closed;

    ConnectionPool(int size, int maxMessagesPerConnection, Supplier<SmtpConnection> factory) {
        this.size = size;
        this.maxMessagesPerConnection = maxMessagesPerConnection;
        this.factory = factory;
        this.permits = new Semaphore(size, true);
    }

    /**
     * Takes a connection for exclusive use: an idle one (unless {@code fresh}), or a new unopened
     * one. The caller opens or validates it with {@link SmtpConnection#prepare} and must
     * {@link #release} it.
     *
     * @param wait how long to wait for a busy connection to be released
     * @return the connection, or null when none became free within {@code wait}
     * @throws InterruptedException when interrupted while waiting
     */
    SmtpConnection acquire(Duration wait, boolean fresh) throws InterruptedException {
        if (!permits.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS)) {
            return null;
        }
        synchronized (this) {
            if (closed) {
                permits.release();
                throw new IllegalStateException("the mailer is closed");
            }
            SmtpConnection c = fresh ? null : idle.pollFirst();
            return c != null ? c : factory.get();
        }
    }

    /**
     * Returns a connection. A reusable one goes back to the idle set unless it reached its message
     * limit or the pool is closed; anything else is closed (with QUIT when reusable, without when
     * its state is unknown).
     */
    void release(SmtpConnection connection, boolean reusable) {
        try {
            boolean keep = false;
            if (reusable && connection.messagesSent() < maxMessagesPerConnection && !connection.aborted()) {
                synchronized (this) {
                    if (!closed) {
                        idle.addFirst(connection);
                        keep = true;
                    }
                }
            }
            if (!keep) {
                if (reusable) {
                    connection.close();
                } else {
                    connection.discard();
                }
            }
        } finally {
            permits.release();
        }
    }

    /**
     * Drops every idle connection without QUIT: called when one turned out to be closed by the
     * server, because the others (opened to the same server, say before it restarted) likely are too.
     */
    void evictIdle() {
        List<SmtpConnection> dropped;
        synchronized (this) {
            dropped = new ArrayList<>(idle);
            idle.clear();
        }
        for (SmtpConnection c : dropped) {
            c.discard();
        }
    }

    /** Closes the idle connections with QUIT; busy ones are closed when released. Idempotent. */
    void close() {
        List<SmtpConnection> toClose;
        synchronized (this) {
            closed = true;
            toClose = new ArrayList<>(idle);
            idle.clear();
        }
        for (SmtpConnection c : toClose) {
            c.close();
        }
    }
}
