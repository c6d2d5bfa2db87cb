package dev.mailover.examples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLServerSocket;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/**
 * A scripted implicit-TLS (SMTPS) server on 127.0.0.1, with a self-signed certificate made for the
 * test and valid for 127.0.0.1 (by default for a year from now; {@link #expired()} makes one that
 * expired): it greets, answers EHLO with AUTH PLAIN, accepts one user and password with 235 and
 * refuses others with Gmail's 535 5.7.8, takes messages (354, then 250 after the final dot), and says
 * goodbye to QUIT.
 */
final class TlsSmtpServer implements AutoCloseable {

    static final String USER = "ops@example.com";
    static final String PASSWORD = "correct horse";

    private final HeldCertificate certificate;
    private final ServerSocket server;
    private final Thread acceptor;
    private final AtomicInteger messages = new AtomicInteger();

    TlsSmtpServer() throws IOException {
        this(new HeldCertificate.Builder().commonName("127.0.0.1").addSubjectAlternativeName("127.0.0.1")
                .duration(365, TimeUnit.DAYS).build());
    }

    /** A server whose self-signed certificate expired on 2024-03-01 12:00 UTC. */
    static TlsSmtpServer expired() throws IOException {
        return new TlsSmtpServer(new HeldCertificate.Builder().commonName("127.0.0.1").addSubjectAlternativeName("127.0.0.1")
                .validityInterval(Instant.parse("2024-01-01T00:00:00Z").toEpochMilli(),
                        Instant.parse("2024-03-01T12:00:00Z").toEpochMilli()).build());
    }

    private TlsSmtpServer(HeldCertificate certificate) throws IOException {
        this.certificate = certificate;
        HandshakeCertificates tls = new HandshakeCertificates.Builder().heldCertificate(certificate).build();
        SSLServerSocket s = (SSLServerSocket) tls.sslContext().getServerSocketFactory()
                .createServerSocket(0, 10, InetAddress.getLoopbackAddress());
        server = s;
        acceptor = new Thread(this::acceptLoop, "test-tls-smtp-" + s.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** The server's certificate in PEM, for --trust-cert. */
    String certificatePem() {
        return certificate.certificatePem();
    }

    /** How many messages the server accepted after their final dot. */
    int messages() {
        return messages.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try (Socket client = server.accept()) {
                client.setSoTimeout(10_000);
                converse(client);
            } catch (IOException e) {
                // A probe that hangs up mid-dialogue (it probes, it does not finish), or close(): the
                // loop condition decides whether to wait for the next client.
                continue;
            }
        }
    }

    private void converse(Socket client) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
        OutputStream out = client.getOutputStream();
        reply(out, "220 127.0.0.1 ESMTP scripted test server");
        for (String line; (line = in.readLine()) != null; ) {
            String command = line.length() >= 4 ? line.substring(0, 4).toUpperCase(Locale.ROOT) : line;
            switch (command) {
                case "EHLO" -> reply(out, "250-127.0.0.1\r\n250-AUTH PLAIN\r\n250 SIZE 10240000");
                case "AUTH" -> reply(out, acceptsPlain(line)
                        ? "235 2.7.0 Accepted"
                        : "535-5.7.8 Username and Password not accepted.\r\n535 5.7.8 https://support.example/auth");
                case "DATA" -> {
                    reply(out, "354 go ahead");
                    for (String data = in.readLine(); data != null && !data.equals("."); data = in.readLine()) {
                        // the message body: only its end matters here
                    }
                    messages.incrementAndGet();
                    reply(out, "250 2.0.0 OK queued");
                }
                case "QUIT" -> {
                    reply(out, "221 2.0.0 closing connection");
                    return;
                }
                default -> reply(out, "250 2.0.0 OK");
            }
        }
    }

    /** AUTH PLAIN with [authzid] NUL USER NUL PASSWORD (the probe sends no authzid, Angus sends the user). */
    private static boolean acceptsPlain(String line) {
        if (!line.startsWith("AUTH PLAIN ")) {
            return false;
        }
        String[] parts;
        try {
            parts = new String(Base64.getDecoder().decode(line.substring("AUTH PLAIN ".length()).strip()),
                    StandardCharsets.UTF_8).split("\0", -1);
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
        return parts.length == 3 && parts[1].equals(USER) && parts[2].equals(PASSWORD);
    }

    private static void reply(OutputStream out, String lines) throws IOException {
        out.write((lines + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
