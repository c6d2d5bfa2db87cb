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
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLServerSocket;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/**
 * A scripted implicit-TLS (SMTPS) server on 127.0.0.1, with a certificate made for the test and
 * valid for 127.0.0.1: it greets, answers EHLO with AUTH PLAIN, accepts one user and password with
 * 235 and refuses others with Gmail's 535 5.7.8, and says goodbye to QUIT. Enough for a probe.
 */
final class TlsSmtpServer implements AutoCloseable {

    static final String USER = "ops@example.com";
    static final String PASSWORD = "correct horse";

    private final HeldCertificate certificate = new HeldCertificate.Builder()
            .commonName("127.0.0.1").addSubjectAlternativeName("127.0.0.1")
            .duration(365, TimeUnit.DAYS)
            .build();
    private final ServerSocket server;
    private final Thread acceptor;

    TlsSmtpServer() throws IOException {
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

    private static void converse(Socket client) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
        OutputStream out = client.getOutputStream();
        reply(out, "220 127.0.0.1 ESMTP scripted test server");
        String expected = Base64.getEncoder().encodeToString(("\0" + USER + "\0" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            String command = line.length() >= 4 ? line.substring(0, 4).toUpperCase(Locale.ROOT) : line;
            switch (command) {
                case "EHLO" -> reply(out, "250-127.0.0.1\r\n250-AUTH PLAIN\r\n250 SIZE 10240000");
                case "AUTH" -> reply(out, line.equals("AUTH PLAIN " + expected)
                        ? "235 2.7.0 Accepted"
                        : "535-5.7.8 Username and Password not accepted.\r\n535 5.7.8 https://support.example/auth");
                case "QUIT" -> {
                    reply(out, "221 2.0.0 closing connection");
                    return;
                }
                default -> reply(out, "250 2.0.0 OK");
            }
        }
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
