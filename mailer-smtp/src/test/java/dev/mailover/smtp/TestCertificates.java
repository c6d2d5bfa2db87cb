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

    /** Self-signed server certificates, to be trusted directly with trustedCertificates(cert). */
    static final HeldCertificate SELF_SIGNED = selfSigned(Instant.now().minus(Duration.ofHours(1)),
            Instant.now().plus(Duration.ofDays(30)));
    static final HeldCertificate SELF_SIGNED_EXPIRED = selfSigned(Instant.parse("2024-01-01T00:00:00Z"), EXPIRED_AT);
    static final Instant VALID_FROM = Instant.parse("2099-06-01T08:30:00Z");
    static final HeldCertificate SELF_SIGNED_NOT_YET_VALID = selfSigned(VALID_FROM, VALID_FROM.plus(Duration.ofDays(90)));

    /** A private CA that expired, and a current server certificate it signed. */
    static final HeldCertificate EXPIRED_CA = new HeldCertificate.Builder().certificateAuthority(0)
            .commonName("Expired Private CA")
            .validityInterval(Instant.parse("2023-01-01T00:00:00Z").toEpochMilli(), EXPIRED_AT.toEpochMilli()).build();
    static final HeldCertificate SIGNED_BY_EXPIRED_CA = leaf("localhost", EXPIRED_CA, Instant.now().minus(Duration.ofHours(1)),
            Instant.now().plus(Duration.ofDays(30)));

    private TestCertificates() {
    }

    private static HeldCertificate selfSigned(Instant notBefore, Instant notAfter) {
        return new HeldCertificate.Builder().commonName("localhost").addSubjectAlternativeName("localhost")
                .validityInterval(notBefore.toEpochMilli(), notAfter.toEpochMilli()).build();
    }

    /** A server-side TLS context presenting this self-signed certificate alone. */
    static SSLContext selfSignedContext(HeldCertificate selfSigned) {
        return new HandshakeCertificates.Builder().heldCertificate(selfSigned).build().sslContext();
    }

    private static HeldCertificate leaf(String host, HeldCertificate issuer, Instant notBefore, Instant notAfter) {
        return new HeldCertificate.Builder().commonName(host).addSubjectAlternativeName(host).signedBy(issuer)
                .validityInterval(notBefore.toEpochMilli(), notAfter.toEpochMilli()).build();
    }

    /** A server-side TLS context presenting this certificate and its issuer. */
    static SSLContext serverContext(HeldCertificate leaf) {
        HeldCertificate issuer = leaf == UNKNOWN_ISSUER ? OTHER_CA : leaf == SIGNED_BY_EXPIRED_CA ? EXPIRED_CA : CA;
        return new HandshakeCertificates.Builder().heldCertificate(leaf, issuer.certificate()).build().sslContext();
    }
}
