package dev.mailover.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/** Real, misbehaving peers on loopback: closed and blackholed ports, a resetting server, TLS certificates. */
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
