package dev.mailover.http;

import java.util.concurrent.TimeUnit;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/** A CA, and server certificates for localhost signed by it. */
final class Tls {
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
