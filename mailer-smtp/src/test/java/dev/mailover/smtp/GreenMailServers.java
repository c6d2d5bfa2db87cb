package dev.mailover.smtp;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;

/**
 * GreenMail servers for the tests. GreenMail reads its TLS key store once per JVM, from system
 * properties: this class points them at a key store holding a {@code localhost} certificate from
 * {@link TestCertificates#CA}, so the mailer verifies GreenMail's SMTPS like any real server.
 */
final class GreenMailServers {

    static final String USER = "app-user";
    static final String EMAIL = "app-user@localhost";
    static final String PASSWORD = "s3cret-Passw0rd!";

    static {
        try {
            Path file = Files.createTempFile("greenmail-localhost", ".p12");
            file.toFile().deleteOnExit();
            char[] pw = "changeit".toCharArray();
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("greenmail", TestCertificates.LOCALHOST.keyPair().getPrivate(), pw,
                    new Certificate[] {TestCertificates.LOCALHOST.certificate(), TestCertificates.CA.certificate()});
            try (OutputStream out = Files.newOutputStream(file)) {
                ks.store(out, pw);
            }
            System.setProperty("greenmail.tls.keystore.file", file.toString());
            System.setProperty("greenmail.tls.keystore.password", "changeit");
            System.setProperty("greenmail.tls.key.password", "changeit");
        } catch (Exception e) {
            throw new IllegalStateException("cannot prepare GreenMail's key store", e);
        }
    }

    private GreenMailServers() {
    }

    /** Starts GreenMail with SMTP and SMTPS on the given ports (0 for any) and the test user. */
    static GreenMail start(int smtpPort, int smtpsPort) {
        ServerSetup smtp = new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        ServerSetup smtps = new ServerSetup(smtpsPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS);
        GreenMail g = new GreenMail(new ServerSetup[] {
            smtpPort == 0 ? smtp.dynamicPort() : smtp, smtpsPort == 0 ? smtps.dynamicPort() : smtps});
        g.withConfiguration(GreenMailConfiguration.aConfig().withUser(EMAIL, USER, PASSWORD));
        g.start();
        return g;
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
