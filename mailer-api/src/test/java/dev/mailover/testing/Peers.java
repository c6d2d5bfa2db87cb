package dev.mailover.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Real, misbehaving peers on loopback: closed ports, a resetting server, a request sink, a trickler.
 * Shared by the tests of every module through mailer-api's test jar.
 */
public final class Peers {

    private Peers() {
    }

    /** A loopback port that nothing listens on. */
    public static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * A server socket on loopback and the one thread that serves it, started by the subclass once its
     * own fields are set; {@link #close()} closes the socket and waits for the thread.
     */
    public abstract static class LoopbackPeer implements AutoCloseable {
        final ServerSocket server;
        final Thread thread;

        LoopbackPeer(String name) throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            thread = new Thread(this::serve, name);
            thread.setDaemon(true);
        }

        /** Starts serving; the last statement of a subclass's constructor. */
        final void start() {
            thread.start();
        }

        abstract void serve();

        public final int port() {
            return server.getLocalPort();
        }

        /** Waits for the serving thread to end (the client hung up, or it served what it serves). */
        public final void awaitServed() throws InterruptedException {
            thread.join(TimeUnit.SECONDS.toMillis(20));
        }

        @Override
        public void close() throws IOException {
            server.close();
            thread.interrupt();
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Accepts one connection, reads the start of the request, then resets it (RST, via SO_LINGER 0). */
    public static final class Resetter extends LoopbackPeer {
        /** Starts serving. */
        public Resetter() throws IOException {
            super("test-resetter");
            start();
        }

        @Override
        void serve() {
            try (Socket s = server.accept()) {
                InputStream in = s.getInputStream();
                in.read(new byte[64]);
                s.setSoLinger(true, 0);
            } catch (IOException closed) {
                // the test is over
            }
        }
    }

    /** Accepts connections and greets each like an SMTP server, then closes: a base URL pointing at the wrong service. */
    public static final class SmtpGreeter extends LoopbackPeer {
        /** Starts serving. */
        public SmtpGreeter() throws IOException {
            super("test-smtp-greeter");
            start();
        }

        @Override
        void serve() {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    s.getOutputStream().write("220 smtp.example.com ESMTP ready\r\n".getBytes(StandardCharsets.US_ASCII));
                    s.getOutputStream().flush();
                    s.getInputStream().read(new byte[1024]);
                } catch (IOException closed) {
                    // the test is over, or the client hung up
                }
            }
        }
    }

    /**
     * Accepts one connection and reads the request to its end without answering; after the first
     * {@code trigger} bytes it runs {@code atTrigger} once (for example to truncate a file the client
     * is uploading). Says how much arrived and whether the chunked body was ever terminated.
     */
    public static final class RequestSink extends LoopbackPeer {
        private final long trigger;
        private final Runnable atTrigger;
        private volatile long received;
        private volatile boolean terminated;

        /** Starts serving. */
        public RequestSink(long trigger, Runnable atTrigger) throws IOException {
            super("test-request-sink");
            this.trigger = trigger;
            this.atTrigger = atTrigger;
            start();
        }

        @Override
        void serve() {
            try (Socket s = server.accept()) {
                InputStream in = s.getInputStream();
                byte[] buffer = new byte[64 * 1024];
                String tail = "";
                boolean triggered = false;
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    received += n;
                    tail = tail + new String(buffer, Math.max(0, n - 16), Math.min(n, 16), StandardCharsets.ISO_8859_1);
                    tail = tail.substring(Math.max(0, tail.length() - 16));
                    terminated = tail.endsWith("\r\n0\r\n\r\n");
                    if (!triggered && received >= trigger) {
                        triggered = true;
                        atTrigger.run();
                    }
                }
            } catch (IOException closed) {
                // the client aborted the upload, or the test is over
            }
        }

        /** Waits until the client has gone, then says how many bytes arrived. */
        public long received() throws InterruptedException {
            awaitServed();
            return received;
        }

        /** Waits until the client has gone, then says whether the chunked body was completed with its last chunk. */
        public boolean terminated() throws InterruptedException {
            awaitServed();
            return terminated;
        }
    }

    /**
     * Answers every request at once with a status line and headers, then trickles the body one byte
     * every {@code interval}: never silent long enough for a read timeout, endless for a send. Stops
     * writing when the client hangs up. {@link #headers(int, Duration)} trickles a header instead.
     */
    public static final class Trickler extends LoopbackPeer {
        private final String head;
        private final byte[] body;
        private final long intervalMillis;

        /**
         * Starts serving.
         *
         * @param headers the response headers, by name (as OkHttp's {@code Headers.toMultimap()} gives
         *                them); a Content-Length among them is replaced by the body's
         */
        public Trickler(int status, Map<String, List<String>> headers, String body, Duration interval) throws IOException {
            this(head(status, headers, body.getBytes(StandardCharsets.UTF_8).length), body, interval);
        }

        private Trickler(String head, String trickled, Duration interval) throws IOException {
            super("test-trickler");
            this.head = head;
            this.body = trickled.getBytes(StandardCharsets.UTF_8);
            this.intervalMillis = interval.toMillis();
            start();
        }

        /** Sends the status line at once, then a header one byte every {@code interval}: the answer never begins. */
        public static Trickler headers(int status, Duration interval) throws IOException {
            return new Trickler("HTTP/1.1 " + status + " Whatever\r\nX-Pad: ", "x".repeat(100_000), interval);
        }

        private static String head(int status, Map<String, List<String>> headers, int contentLength) {
            StringBuilder h = new StringBuilder("HTTP/1.1 ").append(status).append(" Whatever\r\n");
            headers.forEach((name, values) -> {
                if (!name.equalsIgnoreCase("Content-Length")) {
                    values.forEach(value -> h.append(name).append(": ").append(value).append("\r\n"));
                }
            });
            return h.append("Content-Length: ").append(contentLength).append("\r\n\r\n").toString();
        }

        @Override
        void serve() {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    Thread drain = new Thread(() -> drain(s), "test-trickler-drain");
                    drain.setDaemon(true);
                    drain.start();
                    java.io.OutputStream out = s.getOutputStream();
                    out.write(head.getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    for (byte b : body) {
                        Thread.sleep(intervalMillis);
                        out.write(b);
                        out.flush();
                    }
                } catch (IOException hungUp) {
                    // the client gave up, or the test is over
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private static void drain(Socket s) {
            try {
                s.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            } catch (IOException closed) {
                // the client hung up
            }
        }
    }
}
