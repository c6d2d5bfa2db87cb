package dev.mailover.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * Sockets with {@code TCP_NODELAY} set, made by another factory. OkHttp (5.5) asks its socket factory
 * for an unconnected socket and never sets the option itself, so without this a request whose body
 * ends in a small segment (a JSON body's last chunk and the chunked terminator) waits for the server's
 * delayed ACK under Nagle's algorithm: about 40 ms per request on Linux. Every mailer's client, owned
 * or shared, gets its factory wrapped by this one; TLS is layered over these sockets, so it covers
 * https too.
 */
final class NoDelaySocketFactory extends SocketFactory {

    private final SocketFactory delegate;

    private NoDelaySocketFactory(SocketFactory delegate) {
        this.delegate = delegate;
    }

    /** The factory that sets {@code TCP_NODELAY} on the sockets of {@code factory}; the same one if it already does. */
    static SocketFactory wrap(SocketFactory factory) {
        return factory instanceof NoDelaySocketFactory ? factory : new NoDelaySocketFactory(factory);
    }

    @Override
    public Socket createSocket() throws IOException {
        return noDelay(delegate.createSocket());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return noDelay(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return noDelay(delegate.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return noDelay(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return noDelay(delegate.createSocket(address, port, localAddress, localPort));
    }

    private static Socket noDelay(Socket socket) throws IOException {
        try {
            socket.setTcpNoDelay(true);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        return socket;
    }
}
