package dev.mailover.smtp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sockets of one SMTP connection, so that a deadline watchdog can {@link #abort()} a connection
 * whose thread is blocked in a connect, read or write: closing the raw socket makes the blocked call
 * fail at once.
 *
 * <p>Jakarta Mail opens sockets through the {@link #plainFactory()} and {@link #tlsFactory} given to
 * its session. Those factories are shared by every connection of a mailer (one session per mailer,
 * because creating a session scans the class path), so they hand each socket to the connection that
 * the creating thread is opening: the one {@link #bindToThisThread() bound} around
 * {@code Transport.connect()}, which opens the TCP socket and starts TLS. A factory called with no
 * connection bound fails rather than create a socket no watchdog could reach.
 *
 * <p>The sockets report when a write begins and ends, so that the send's one watchdog
 * ({@link SendWatchdog}) can break a write that a server stopped reading.
 *
 * <p>Every TCP socket has TCP_NODELAY set, plain and TLS alike (see {@link #noDelay(Socket)}).
 *
 * <p>The TLS factory also records the TLS session's details (protocol, peer certificates) after the
 * handshake, for {@code check()} and the probe. Every socket is a {@link ReplyLimitingSocket}, so
 * that no reply can hold more memory than an SMTP reply needs.
 */
final class ConnectionSockets {

    private static final Logger log = LoggerFactory.getLogger(ConnectionSockets.class);
    private static final ThreadLocal<ConnectionSockets> OPENING = new ThreadLocal<>();

    private final List<Socket> raw = new CopyOnWriteArrayList<>();
    private volatile SSLSocket tlsSocket;
    private volatile boolean aborted;
    /** {@link System#nanoTime()} when the write in progress began; 0 when none is. */
    private volatile long writingSince;

    /** Ends a {@link #bindToThisThread() binding}. */
    interface Binding extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Makes the sockets that the factories create on this thread belong to this connection, until
     * the returned binding is closed. Use with try-with-resources around {@code Transport.connect()}.
     */
    Binding bindToThisThread() {
        OPENING.set(this);
        return OPENING::remove;
    }

    /** The factory for the plain TCP socket (SMTP and STARTTLS modes); stateless, shareable. */
    static SocketFactory plainFactory() {
        return new PlainFactory();
    }

    /**
     * The factory that layers TLS from {@code tls} over the TCP socket (SMTPS and STARTTLS); shareable.
     * {@code tls} is asked for its factory only when a socket is first layered, so that a mailer
     * without TLS never loads a trust store.
     */
    static SSLSocketFactory tlsFactory(Supplier<SSLSocketFactory> tls) {
        return new TlsFactory(tls);
    }

    /** The TLS socket, once TLS was started. */
    SSLSocket tlsSocket() {
        return tlsSocket;
    }

    /** True when {@link #abort()} was called. */
    boolean aborted() {
        return aborted;
    }

    /** Closes the raw sockets so that any thread blocked on them fails immediately. */
    void abort() {
        aborted = true;
        closeRaw();
    }

    /**
     * Closes the raw sockets under a write that has not completed within the write timeout: the write
     * fails with "Socket closed", as it did when Angus enforced the write timeout itself.
     */
    void breakStalledWrite() {
        closeRaw();
    }

    /** How long the write in progress has been blocked at {@code now}; 0 when no write is in progress. */
    long writeStalledNanos(long now) {
        long since = writingSince;
        return since == 0 ? 0 : now - since;
    }

    /** Called by the socket as a write begins; two volatile stores per write, no timer task. */
    void writeStarted() {
        long now = System.nanoTime();
        writingSince = now == 0 ? 1 : now;
    }

    void writeEnded() {
        writingSince = 0;
    }

    private void closeRaw() {
        for (Socket s : raw) {
            try {
                s.close();
            } catch (IOException e) {
                log.debug("closing an aborted SMTP socket failed", e);
            }
        }
    }

    private void record(Socket socket) {
        raw.add(socket);
        if (aborted) {
            abort();
        }
    }

    /**
     * Turns Nagle's algorithm off: Angus writes a message's last segment and then waits for the reply,
     * so with Nagle that segment waits for the server's delayed ACK, about 40 ms per message between
     * 16 KiB and 1 MiB. Set on the TCP socket, it holds for TLS layered over it too.
     */
    private static void noDelay(Socket s) throws IOException {
        s.setTcpNoDelay(true);
    }

    private static ConnectionSockets opening() throws IOException {
        ConnectionSockets s = OPENING.get();
        if (s == null) {
            throw new IOException("no SMTP connection is being opened on this thread; refusing an untracked socket");
        }
        return s;
    }

    private static final class PlainFactory extends SocketFactory {
        @Override
        public Socket createSocket() throws IOException {
            ConnectionSockets owner = opening();
            Socket s = new Socket();
            owner.record(s);
            noDelay(s);
            return new ReplyLimitingSocket(s, owner);
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            throw new IOException("unconnected sockets only");
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            throw new IOException("unconnected sockets only");
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            throw new IOException("unconnected sockets only");
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
            throw new IOException("unconnected sockets only");
        }
    }

    private static final class TlsFactory extends SSLSocketFactory {
        private final Supplier<SSLSocketFactory> tls;

        TlsFactory(Supplier<SSLSocketFactory> tls) {
            this.tls = tls;
        }

        @Override
        public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
            ConnectionSockets owner = opening();
            owner.record(s);
            noDelay(s);
            // STARTTLS layers over the plain factory's socket, already limited; SMTPS over one Angus made itself.
            Socket limited = s instanceof ReplyLimitingSocket ? s : new ReplyLimitingSocket(s, owner);
            SSLSocket socket = (SSLSocket) tls.get().createSocket(limited, host, port, autoClose);
            owner.tlsSocket = socket;
            return socket;
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return tls.get().getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return tls.get().getSupportedCipherSuites();
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            throw new IOException("layered sockets only");
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            throw new IOException("layered sockets only");
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            throw new IOException("layered sockets only");
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
            throw new IOException("layered sockets only");
        }
    }
}
