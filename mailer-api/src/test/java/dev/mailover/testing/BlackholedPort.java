package dev.mailover.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * A loopback port where connecting hangs, as behind a firewall that drops packets: a listener with a
 * backlog of 1 that never accepts, whose accept queue is filled first, so that Linux drops further
 * SYNs and a connect waits until its timeout ("Connection timed out").
 *
 * <p>Shared by the tests of every module through mailer-api's test jar, so that
 * each provokes {@code CONNECTION_TIMEOUT} the same, real way.
 */
public final class BlackholedPort implements AutoCloseable {

    private static final int FILL_TIMEOUT_MILLIS = 200;

    private final ServerSocket listener;
    private final List<Socket> fillers = new ArrayList<>();

    /**
     * Opens the listener and fills its queue.
     *
     * @throws IllegalStateException when the queue never fills (the platform accepts more than it should)
     */
    public BlackholedPort() throws IOException {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        for (int i = 0; i < 8; i++) {
            Socket filler = new Socket();
            try {
                filler.connect(address(), FILL_TIMEOUT_MILLIS);
                fillers.add(filler);
            } catch (SocketTimeoutException queueFull) {
                filler.close();
                return; // the queue is full: from now on connects hang
            }
        }
        close();
        throw new IllegalStateException("could not fill the accept queue of port " + listener.getLocalPort());
    }

    /** Opens a blackholed port; the same as the constructor. */
    public static BlackholedPort open() throws IOException {
        return new BlackholedPort();
    }

    /** The port on 127.0.0.1 (the loopback address) where connects hang. */
    public int port() {
        return listener.getLocalPort();
    }

    /** True when a connection attempt now times out instead of being accepted into the queue. */
    public boolean isBlackholed() throws IOException {
        try (Socket probe = new Socket()) {
            probe.connect(address(), FILL_TIMEOUT_MILLIS);
            return false;
        } catch (SocketTimeoutException expected) {
            return true;
        }
    }

    /** Closes the fillers and the listener. */
    @Override
    public void close() throws IOException {
        for (Socket filler : fillers) {
            filler.close();
        }
        listener.close();
    }

    private InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort());
    }
}
