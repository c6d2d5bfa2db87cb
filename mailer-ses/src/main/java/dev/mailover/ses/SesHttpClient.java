package dev.mailover.ses;

import dev.mailover.internal.TimeLimit;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * The HTTP client of the SES client that {@link SesMailer} builds: the SDK's URL-connection client,
 * bounded so that no call outlives its time limit, whatever the server does.
 *
 * <ul>
 *   <li>Each connection's connect and read timeouts are capped by what is left of the call's time
 *       limit: the SDK's own call timeout cannot interrupt a blocked {@code connect()}, so a
 *       blackholed endpoint would otherwise hold a send for the whole connect timeout.</li>
 *   <li>At the call's cut-off (the instant the SDK's call timeout is set to) the call fails, as the
 *       SDK's timeout would have failed it, with an {@code ApiCallTimeoutException}: the response body
 *       refuses to be read any further, so a server that trickles its answer a byte at a time within
 *       the read timeout is cut off by the reading thread itself; before the answer arrives, a
 *       watchdog thread disconnects the call's connections, which ends a blocked upload or a status
 *       line and headers that never end.</li>
 *   <li>Nothing disconnects a connection whose answer is being read, neither the watchdog nor the
 *       SDK's own timeout (its abort comes here): the JDK would drain the rest of the body on its
 *       keep-alive cleaner thread, holding the stream's lock against the reader, so that a trickled
 *       answer held the call for 200 s instead of the time limit.</li>
 * </ul>
 *
 * <p>A read already blocked when the cut-off passes still ends only at its read timeout (which is
 * capped by the time limit); {@link SesCalls} runs the call on a worker so that its caller does not
 * wait for that. The synchronous SDK client runs the HTTP exchange on the thread that calls it, so
 * the call in progress travels in a thread-local set by {@link #call}. Timeouts are never zero (which
 * would mean infinite). TLS uses the JVM's defaults: the server's certificate and host name are
 * verified. Thread-safe. {@link #close()} closes the SDK client and stops the watchdog thread
 * ({@code mailover-ses-watchdog-N}).
 */
final class SesHttpClient implements SdkHttpClient {

    private static final String CUT_OFF = "the SES call passed its time limit";
    private static final AtomicInteger WATCHDOGS = new AtomicInteger();
    private static final ThreadLocal<Exchange> CURRENT = new ThreadLocal<>();

    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final SdkHttpClient delegate;
    private final ScheduledThreadPoolExecutor watchdog;

    SesHttpClient(Duration connectTimeout, Duration readTimeout) {
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.delegate = UrlConnectionHttpClient.create(this::createConnection);
        String name = "mailover-ses-watchdog-" + WATCHDOGS.incrementAndGet();
        this.watchdog = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        watchdog.setRemoveOnCancelPolicy(true);
    }

    /**
     * Runs an SDK call on this thread with connections bounded by {@code limit}, and cut off at
     * {@code cutOff} if it is still running then.
     *
     * @throws ApiCallTimeoutException when the call failed after its cut-off (what the cut-off made the
     *                                 SDK throw is kept as suppressed)
     */
    <T> T call(TimeLimit limit, TimeLimit cutOff, Supplier<T> call) {
        Exchange outer = CURRENT.get();
        Exchange exchange = new Exchange(limit, cutOff);
        ScheduledFuture<?> timer = schedule(exchange);
        CURRENT.set(exchange);
        try {
            return call.get();
        } catch (RuntimeException e) {
            if (cutOff.expired() && !(e instanceof ApiCallTimeoutException)) {
                ApiCallTimeoutException timedOut = ApiCallTimeoutException.create(cutOff.limit().toMillis());
                timedOut.addSuppressed(e);
                throw timedOut;
            }
            throw e;
        } finally {
            if (timer != null) {
                timer.cancel(false);
            }
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        }
    }

    private ScheduledFuture<?> schedule(Exchange exchange) {
        try {
            return watchdog.schedule(exchange::disconnect, exchange.cutOff.remaining().toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closed) {
            return null; // the mailer closed meanwhile, and the SDK client with it: the call fails at once
        }
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        ExecutableHttpRequest executable = delegate.prepareRequest(request);
        Exchange exchange = CURRENT.get();
        if (exchange == null) {
            return executable;
        }
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                HttpExecuteResponse response = executable.call();
                if (response.responseBody().isEmpty()) {
                    return response;
                }
                if (!exchange.handOutBody()) {
                    // the watchdog broke the connection as the answer arrived: leave its body to the JDK
                    throw new InterruptedIOException(CUT_OFF);
                }
                AbortableInputStream body = response.responseBody().get();
                return HttpExecuteResponse.builder().response(response.httpResponse())
                        .responseBody(AbortableInputStream.create(new CutOffBody(body, exchange), exchange::disconnect))
                        .build();
            }

            /** The SDK's timeout aborts here: as the watchdog does, never while the body is read. */
            @Override
            public void abort() {
                exchange.disconnect();
            }
        };
    }

    @Override
    public String clientName() {
        return delegate.clientName();
    }

    /** Closes the SDK's client and stops the watchdog; calls in progress are no longer cut off by it. Idempotent. */
    @Override
    public void close() {
        try {
            delegate.close();
        } finally {
            watchdog.shutdownNow();
        }
    }

    private HttpURLConnection createConnection(URI uri) {
        try {
            HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
            Exchange exchange = CURRENT.get();
            connection.setConnectTimeout(capped(connectTimeout, exchange));
            connection.setReadTimeout(capped(readTimeout, exchange));
            if (exchange != null) {
                exchange.opened(connection);
            }
            return connection;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a connection to " + uri, e);
        }
    }

    /** The timeout in milliseconds, capped by what is left of the call's time limit, and at least 1. */
    private static int capped(Duration timeout, Exchange exchange) {
        long millis = (exchange == null ? timeout : exchange.limit.cap(timeout)).toMillis();
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, millis));
    }

    /**
     * One SDK call: its time limit and cut-off, and the connections it opened. Until the answer's body
     * is handed to the SDK the watchdog may disconnect them; afterwards only the reading thread ends
     * the call (a disconnect then would have the JDK drain the body, holding the stream's lock against
     * the reader).
     */
    private static final class Exchange {
        final TimeLimit limit;
        final TimeLimit cutOff;
        private final List<HttpURLConnection> connections = new ArrayList<>();
        private boolean disconnected;
        private boolean bodyHandedOut;

        Exchange(TimeLimit limit, TimeLimit cutOff) {
            this.limit = limit;
            this.cutOff = cutOff;
        }

        synchronized void opened(HttpURLConnection connection) {
            connections.add(connection);
        }

        /** Marks the answer's body as the reader's; false when the watchdog has disconnected already. */
        synchronized boolean handOutBody() {
            if (disconnected) {
                return false;
            }
            bodyHandedOut = true;
            return true;
        }

        /**
         * Breaks the call's connections, unless its body is being read: ends a blocked upload, or a
         * wait for a status line. The watchdog's and the SDK's way to abort.
         */
        void disconnect() {
            List<HttpURLConnection> open;
            synchronized (this) {
                if (bodyHandedOut) {
                    return;
                }
                disconnected = true;
                open = List.copyOf(connections);
            }
            open.forEach(HttpURLConnection::disconnect);
        }
    }

    /** A response body that refuses every read once the call's cut-off has passed. */
    private static final class CutOffBody extends FilterInputStream {
        private final Exchange exchange;

        CutOffBody(InputStream in, Exchange exchange) {
            super(in);
            this.exchange = exchange;
        }

        @Override
        public int read() throws IOException {
            check();
            return super.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            check();
            return super.read(b, off, len);
        }

        @Override
        public long skip(long n) throws IOException {
            check();
            return super.skip(n);
        }

        private void check() throws InterruptedIOException {
            if (exchange.cutOff.expired()) {
                throw new InterruptedIOException(CUT_OFF);
            }
        }
    }
}
