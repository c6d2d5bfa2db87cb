package dev.mailover.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.function.Supplier;
import software.amazon.awssdk.http.urlconnection.UrlConnectionFactory;

/**
 * Opens the HTTP connections of the SES client that {@link SesMailer} builds, with connect and read
 * timeouts capped by the deadline of the call in progress.
 *
 * <p>The SDK's own call timeout cannot interrupt a blocked {@code connect()}, so without this a
 * blackholed endpoint would hold a send for the whole connect timeout whatever its time limit. The
 * synchronous SDK client runs the HTTP exchange on the calling thread, so the deadline travels in a
 * thread-local set by {@link #withDeadline}. Timeouts are never zero (which would mean infinite).
 * TLS uses the JVM's defaults: the server's certificate and host name are verified.
 */
final class SesConnectionFactory implements UrlConnectionFactory {

    private static final ThreadLocal<Long> DEADLINE = new ThreadLocal<>();

    private final Duration connectTimeout;
    private final Duration readTimeout;

    SesConnectionFactory(Duration connectTimeout, Duration readTimeout) {
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
    }

    /** Runs an SDK call on this thread with connections bounded by {@code limit} from now. */
    static <T> T withDeadline(Duration limit, Supplier<T> call) {
        Long outer = DEADLINE.get();
        DEADLINE.set(System.nanoTime() + limit.toNanos());
        try {
            return call.get();
        } finally {
            if (outer == null) {
                DEADLINE.remove();
            } else {
                DEADLINE.set(outer);
            }
        }
    }

    @Override
    public HttpURLConnection createConnection(URI uri) {
        try {
            HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
            connection.setConnectTimeout(capped(connectTimeout));
            connection.setReadTimeout(capped(readTimeout));
            return connection;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a connection to " + uri, e);
        }
    }

    /** The timeout in milliseconds, capped by what is left of the deadline, and at least 1. */
    private static int capped(Duration timeout) {
        long millis = timeout.toMillis();
        Long deadline = DEADLINE.get();
        if (deadline != null) {
            millis = Math.min(millis, Math.max(0, (deadline - System.nanoTime()) / 1_000_000));
        }
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, millis));
    }
}
