package dev.mailover.smtp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;

/** Reads the certificates of a PEM file (a private CA, a self-signed server), for trusting them. */
final class PemCertificates {

    private PemCertificates() {
    }

    /**
     * The X.509 certificates in the file, in order.
     *
     * @param setting how the setting is called where it was given, for the message
     * @throws IllegalArgumentException naming the setting and the file when it cannot be read or holds none
     */
    static List<X509Certificate> read(Path pem, String setting) {
        try (InputStream in = Files.newInputStream(pem)) {
            List<X509Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in)
                    .stream().map(X509Certificate.class::cast).toList();
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException(setting + ": '" + pem + "' holds no certificate");
            }
            return certificates;
        } catch (IOException | CertificateException e) {
            throw new IllegalArgumentException(setting + ": '" + pem + "' is not a readable PEM certificate file ("
                    + e.getMessage() + ")", e);
        }
    }
}
