package dev.mailover.examples;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A tarpit on 127.0.0.1: it accepts every connection and sends an endless multi-line greeting one
 * byte every 50 ms, each well within any client's read timeout, so only a bound on the whole
 * conversation ends it.
 */
final class TricklingSmtpServer implements AutoCloseable {

    private static final byte[] LINE = "220-still greeting you, one byte at a time\r\n".getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket server;
    private final CountDownLatch closed = new CountDownLatch(1);

    TricklingSmtpServer() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "trickling-smtp-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Thread t = new Thread(() -> trickle(client), "trickling-smtp-conn-" + client.getPort());
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void trickle(Socket client) {
        try (Socket s = client) {
            OutputStream out = s.getOutputStream();
            while (true) {
                for (byte b : LINE) {
                    out.write(b);
                    out.flush();
                    if (closed.await(50, TimeUnit.MILLISECONDS)) {
                        return;
                    }
                }
            }
        } catch (IOException | InterruptedException e) {
            // the client gave up, or the test closed the server
        }
    }

    @Override
    public void close() throws IOException {
        closed.countDown();
        server.close();
    }
}
