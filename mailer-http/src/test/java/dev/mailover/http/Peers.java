package dev.mailover.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/** Real, misbehaving peers on loopback: closed ports, a resetting server, a request sink, a trickler, TLS certificates. */
final class Peers {

    private Peers() {
    }

    /** A loopback port that nothing listens on. */
    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * A server socket on loopback and the one thread that serves it, started by the subclass once its
     * own fields are set; {@link #close()} closes the socket and waits for the thread.
     */
    abstract static class LoopbackPeer implements AutoCloseable {
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

        final int port() {
            return server.getLocalPort();
        }

        /** Waits for the serving thread to end (the client hung up, or it served what it serves). */
        final void awaitServed() throws InterruptedException {
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
    static final class Resetter extends LoopbackPeer {
        Resetter() throws IOException {
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
    static final class SmtpGreeter extends LoopbackPeer {
        SmtpGreeter() throws IOException {
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
    static final class RequestSink extends LoopbackPeer {
        private final long trigger;
        private final Runnable atTrigger;
        private volatile long received;
        private volatile boolean terminated;

        RequestSink(long trigger, Runnable atTrigger) throws IOException {
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
        long received() throws InterruptedException {
            awaitServed();
            return received;
        }

        /** Waits until the client has gone, then says whether the chunked body was completed with its last chunk. */
        boolean terminated() throws InterruptedException {
            awaitServed();
            return terminated;
        }
    }

    /**
     * Answers every request at once with a status line and headers, then trickles the body one byte
     * every {@code interval}: never silent long enough for a read timeout, endless for a send. Stops
     * writing when the client hangs up.
     */
    static final class Trickler extends LoopbackPeer {
        private final String head;
        private final byte[] body;
        private final long intervalMillis;

        Trickler(int status, okhttp3.Headers headers, String body, Duration interval) throws IOException {
            super("test-trickler");
            this.body = body.getBytes(StandardCharsets.UTF_8);
            StringBuilder h = new StringBuilder("HTTP/1.1 ").append(status).append(" Whatever\r\n");
            for (int i = 0; i < headers.size(); i++) {
                if (!headers.name(i).equalsIgnoreCase("Content-Length")) {
                    h.append(headers.name(i)).append(": ").append(headers.value(i)).append("\r\n");
                }
            }
            this.head = h.append("Content-Length: ").append(this.body.length).append("\r\n\r\n").toString();
            this.intervalMillis = interval.toMillis();
            start();
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

    /** A CA, and server certificates for localhost signed by it. */
    static final class Tls {
        final HeldCertificate root = new HeldCertificate.Builder().certificateAuthority(0).commonName("Test Root").build();

        HandshakeCertificates server(HeldCertificate leaf) {
            return new HandshakeCertificates.Builder().heldCertificate(leaf, root.certificate()).build();
        }

        HandshakeCertificates clientTrustingRoot() {
            return new HandshakeCertificates.Builder().addTrustedCertificate(root.certificate()).build();
        }

        HeldCertificate valid(String host) {
            return new HeldCertificate.Builder().addSubjectAlternativeName(host).signedBy(root).build();
        }

        HeldCertificate expired(String host) {
            long day = TimeUnit.DAYS.toMillis(1);
            long now = System.currentTimeMillis();
            return new HeldCertificate.Builder().addSubjectAlternativeName(host).signedBy(root)
                    .validityInterval(now - 30 * day, now - day).build();
        }
    }
}
