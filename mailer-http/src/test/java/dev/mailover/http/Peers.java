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

    /** Accepts one connection, reads the start of the request, then resets it (RST, via SO_LINGER 0). */
    static final class Resetter implements AutoCloseable {
        private final ServerSocket server;
        private final Thread thread;

        Resetter() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            thread = new Thread(this::serve, "test-resetter");
            thread.setDaemon(true);
            thread.start();
        }

        private void serve() {
            try (Socket s = server.accept()) {
                InputStream in = s.getInputStream();
                in.read(new byte[64]);
                s.setSoLinger(true, 0);
            } catch (IOException closed) {
                // the test is over
            }
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Accepts connections and greets each like an SMTP server, then closes: a base URL pointing at the wrong service. */
    static final class SmtpGreeter implements AutoCloseable {
        private final ServerSocket server;
        private final Thread thread;

        SmtpGreeter() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            thread = new Thread(this::serve, "test-smtp-greeter");
            thread.setDaemon(true);
            thread.start();
        }

        private void serve() {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    s.getOutputStream().write("220 smtp.example.com ESMTP ready\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    s.getOutputStream().flush();
                    s.getInputStream().read(new byte[1024]);
                } catch (IOException closed) {
                    // the test is over, or the client hung up
                }
            }
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Accepts one connection and reads the request to its end without answering; after the first
     * {@code trigger} bytes it runs {@code atTrigger} once (for example to truncate a file the client
     * is uploading). Says how much arrived and whether the chunked body was ever terminated.
     */
    static final class RequestSink implements AutoCloseable {
        private final ServerSocket server;
        private final Thread thread;
        private final long trigger;
        private final Runnable atTrigger;
        private volatile long received;
        private volatile boolean terminated;

        RequestSink(long trigger, Runnable atTrigger) throws IOException {
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            this.trigger = trigger;
            this.atTrigger = atTrigger;
            this.thread = new Thread(this::serve, "test-request-sink");
            this.thread.setDaemon(true);
            this.thread.start();
        }

        private void serve() {
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

        int port() {
            return server.getLocalPort();
        }

        /** Waits until the client has gone, then says how many bytes arrived. */
        long received() throws InterruptedException {
            thread.join(TimeUnit.SECONDS.toMillis(20));
            return received;
        }

        /** True when the chunked request body was completed with its terminating chunk. */
        boolean terminated() throws InterruptedException {
            thread.join(TimeUnit.SECONDS.toMillis(20));
            return terminated;
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    /**
     * Answers every request at once with a status line and headers, then trickles the body one byte
     * every {@code interval}: never silent long enough for a read timeout, endless for a send. Stops
     * writing when the client hangs up.
     */
    static final class Trickler implements AutoCloseable {
        private final ServerSocket server;
        private final Thread thread;
        private final String head;
        private final byte[] body;
        private final long intervalMillis;

        Trickler(int status, okhttp3.Headers headers, String body, Duration interval) throws IOException {
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            this.body = body.getBytes(StandardCharsets.UTF_8);
            StringBuilder h = new StringBuilder("HTTP/1.1 ").append(status).append(" Whatever\r\n");
            for (int i = 0; i < headers.size(); i++) {
                if (!headers.name(i).equalsIgnoreCase("Content-Length")) {
                    h.append(headers.name(i)).append(": ").append(headers.value(i)).append("\r\n");
                }
            }
            this.head = h.append("Content-Length: ").append(this.body.length).append("\r\n\r\n").toString();
            this.intervalMillis = interval.toMillis();
            this.thread = new Thread(this::serve, "test-trickler");
            this.thread.setDaemon(true);
            this.thread.start();
        }

        private void serve() {
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

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
            thread.interrupt();
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
