package dev.mailover.smtp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sockets of one SMTP connection. Jakarta Mail opens them through the two factories here, so
 * that a deadline watchdog can {@link #abort()} a connection whose thread is blocked in a read
 * or write: closing the raw socket makes the blocked call fail at once.
 *
 * <p>The TLS factory also records the TLS session's details (protocol, peer certificates) after the
 * handshake, for {@code check()} and the probe.
 */
final class ConnectionSockets {

    private static final Logger log = LoggerFactory.getLogger(ConnectionSockets.class);

    private final List<Socket> raw = new CopyOnWriteArrayList<>();
    private final SSLSocketFactory tls;
    private volatile SSLSocket tlsSocket;
    private volatile boolean aborted;

    ConnectionSockets(SSLSocketFactory tls) {
        this.tls = tls;
    }

    /** The factory for the plain TCP socket (SMTP and STARTTLS modes). */
    SocketFactory plainFactory() {
        return new PlainFactory();
    }

    /** The factory that layers TLS over the TCP socket (SMTPS and STARTTLS). */
    SSLSocketFactory tlsFactory() {
        return new TlsFactory();
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

    private final class PlainFactory extends SocketFactory {
        @Override
        public Socket createSocket() {
            Socket s = new Socket();
            record(s);
            return s;
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

    private final class TlsFactory extends SSLSocketFactory {
        @Override
        public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
            record(s);
            SSLSocket socket = (SSLSocket) tls.createSocket(s, host, port, autoClose);
            tlsSocket = socket;
            return socket;
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return tls.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return tls.getSupportedCipherSuites();
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
