package dev.mailover.oauth2;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A loopback peer that says its line as soon as a client connects, whatever the client sends, as a
 * plaintext server or another service does: an SMTP greeting, a plain HTTP answer to a TLS hello.
 */
final class SpeakingPeer implements AutoCloseable {

    private final ServerSocket socket;
    private final Thread thread;

    private SpeakingPeer(String says) throws IOException {
        socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        thread = new Thread(() -> {
            try (Socket s = socket.accept(); InputStream in = s.getInputStream()) {
                s.getOutputStream().write(says.getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                in.read(new byte[4096]);
            } catch (IOException e) {
                // the client hung up, or the peer was closed
            }
        }, "speaking-peer");
        thread.setDaemon(true);
        thread.start();
    }

    static SpeakingPeer saying(String says) throws IOException {
        return new SpeakingPeer(says);
    }

    int port() {
        return socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
