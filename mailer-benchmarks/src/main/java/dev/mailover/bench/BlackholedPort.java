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
 * A loopback port where connecting hangs, like a firewalled SMTP port: a listener with backlog 1 that never
 * accepts, its accept queue filled with a few connections, so that Linux drops further SYNs.
 */
final class BlackholedPort implements AutoCloseable {
    private final ServerSocket listener;
    private final List<Socket> fillers = new ArrayList<>();

    BlackholedPort() throws IOException {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        for (int i = 0; i < 4; i++) {
            Socket filler = new Socket();
            try {
                filler.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port()), 200);
                fillers.add(filler);
            } catch (SocketTimeoutException full) {
                filler.close();
                return; // the queue is full: the next connection attempt hangs too
            }
        }
    }

    int port() {
        return listener.getLocalPort();
    }

    /** True when a connection attempt now times out instead of being accepted into the queue. */
    boolean isBlackholed() throws IOException {
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port()), 200);
            return false;
        } catch (SocketTimeoutException expected) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        for (Socket filler : fillers) {
            filler.close();
        }
        listener.close();
    }
}
