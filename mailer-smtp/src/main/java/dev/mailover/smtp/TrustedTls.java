package dev.mailover.smtp;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS trust a mailer uses: the JVM's default trust store, or exactly the certificates or key
 * store the user gave. Always verifying: it builds a standard PKIX trust manager, never a
 * trust-all one.
 */
final class TrustedTls {

    private final SSLSocketFactory socketFactory;
    private final String description;

    private TrustedTls(SSLSocketFactory socketFactory, String description) {
        this.socketFactory = socketFactory;
        this.description = description;
    }

    /** The JVM's default trust (the cacerts of the running Java). */
    static TrustedTls jvmDefault() {
        try {
            return new TrustedTls(context(null), "JVM default trust store");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JVM's default TLS context is unavailable", e);
        }
    }

    /** Trusts exactly these certificates (typically a private CA or a self-signed server certificate). */
    static TrustedTls of(List<X509Certificate> certificates) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (X509Certificate c : certificates) {
                store.setCertificateEntry("trusted-" + i++, c);
            }
            return new TrustedTls(context(store), certificates.size() + " trusted certificate(s)");
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalArgumentException("trustedCertificates: cannot build a trust store: " + e.getMessage(), e);
        }
    }

    /** Trusts the certificates of this key store. */
    static TrustedTls of(KeyStore trustStore) {
        try {
            return new TrustedTls(context(trustStore), "custom trust store");
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("trustStore: cannot use it: " + e.getMessage(), e);
        }
    }

    private static SSLSocketFactory context(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context.getSocketFactory();
    }

    SSLSocketFactory socketFactory() {
        return socketFactory;
    }

    @Override
    public String toString() {
        return description;
    }
}
