package dev.mailover.smtp;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/** Certificates made at test time: a test CA and server certificates that are valid, expired, for another host, or from an unknown CA. */
final class TestCertificates {

    static final HeldCertificate CA = new HeldCertificate.Builder()
            .certificateAuthority(0).commonName("Mailover Test CA").duration(1, TimeUnit.DAYS).build();
    static final HeldCertificate OTHER_CA = new HeldCertificate.Builder()
            .certificateAuthority(0).commonName("Unknown CA").duration(1, TimeUnit.DAYS).build();

    static final HeldCertificate LOCALHOST = leaf("localhost", CA, Instant.now().minus(Duration.ofHours(1)),
            Instant.now().plus(Duration.ofDays(30)));
    static final Instant EXPIRED_AT = Instant.parse("2024-03-01T12:00:00Z");
    static final HeldCertificate EXPIRED = leaf("localhost", CA, Instant.parse("2024-01-01T00:00:00Z"), EXPIRED_AT);
    static final HeldCertificate WRONG_HOST = leaf("mail.example.com", CA, Instant.now().minus(Duration.ofHours(1)),
            Instant.now().plus(Duration.ofDays(30)));
    static final HeldCertificate UNKNOWN_ISSUER = leaf("localhost", OTHER_CA, Instant.now().minus(Duration.ofHours(1)),
            Instant.now().plus(Duration.ofDays(30)));

    private TestCertificates() {
    }

    private static HeldCertificate leaf(String host, HeldCertificate issuer, Instant notBefore, Instant notAfter) {
        return new HeldCertificate.Builder().commonName(host).addSubjectAlternativeName(host).signedBy(issuer)
                .validityInterval(notBefore.toEpochMilli(), notAfter.toEpochMilli()).build();
    }

    /** A server-side TLS context presenting this certificate and its issuer. */
    static SSLContext serverContext(HeldCertificate leaf) {
        HeldCertificate issuer = leaf == UNKNOWN_ISSUER ? OTHER_CA : CA;
        return new HandshakeCertificates.Builder().heldCertificate(leaf, issuer.certificate()).build().sslContext();
    }
}
