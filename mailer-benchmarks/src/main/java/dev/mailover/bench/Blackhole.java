package dev.mailover.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * The failover section's unreachable primary: a loopback listener with a backlog of 1 that never accepts,
 * whose accept queue is filled first, so that Linux drops further SYNs and a connect hangs until its
 * timeout, as behind a firewall that drops packets. The benchmark keeps its own (the tests share one from
 * mailer-api's test jar) so that its class path holds runtime jars only.
 */
final class Blackhole implements AutoCloseable {

    private static final int PROBE_MILLIS = 200;

    private final ServerSocket listener;
    private final List<Socket> queued = new ArrayList<>();

    /** Listens and fills the accept queue; fails when connects are still accepted after that. */
    Blackhole() throws IOException {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        for (int i = 0; i < 8; i++) {
            if (!accepts()) {
                return; // the queue is full: from now on connects hang
            }
        }
        close();
        throw new IOException("could not blackhole loopback port " + port() + ": connects are still accepted");
    }

    /** The loopback port where connects hang. */
    int port() {
        return listener.getLocalPort();
    }

    /** Connects once more: true (and the socket kept) when the connect was accepted into the queue. */
    private boolean accepts() throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port()), PROBE_MILLIS);
            queued.add(socket);
            return true;
        } catch (SocketTimeoutException full) {
            socket.close();
            return false;
        } catch (IOException e) {
            socket.close();
            close();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        for (Socket socket : queued) {
            socket.close();
        }
        listener.close();
    }
}
