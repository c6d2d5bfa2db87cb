package dev.mailover.smtp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * A loopback port where connecting hangs, as behind a firewall that drops packets: a listener with
 * a backlog of 1 that never accepts, whose queue is filled first, so Linux drops further SYNs.
 */
final class Blackhole implements AutoCloseable {

    private final ServerSocket server;
    private final List<Socket> fillers = new ArrayList<>();

    Blackhole() throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        for (int i = 0; i < 8; i++) {
            Socket s = new Socket();
            try {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), 200);
                fillers.add(s);
            } catch (SocketTimeoutException e) {
                s.close();
                return; // the queue is full: connects now hang
            }
        }
        throw new IllegalStateException("could not fill the accept queue of port " + server.getLocalPort());
    }

    int port() {
        return server.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        for (Socket s : fillers) {
            s.close();
        }
        server.close();
    }
}
