package dev.mailover.smtp;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The TLS trust a mailer uses: the JVM's default trust store, or exactly the certificates or key
 * store the user gave. Always verifying: it builds a standard PKIX trust manager, never a
 * trust-all one, and adds the date checks PKIX skips for a trust anchor
 * ({@link ValidityCheckingTrustManager}), so that an expired self-signed server is refused even when
 * it is itself the trusted certificate. The trust store is loaded, and the TLS context built, only
 * when a connection first needs TLS ({@link #socketFactory()}).
 */
final class TrustedTls {

    private final KeyStore store;
    private final List<X509Certificate> userTrusted;
    private final String description;
    private volatile SSLSocketFactory socketFactory;

    private TrustedTls(KeyStore store, String description) throws GeneralSecurityException {
        this.store = store;
        this.userTrusted = store == null ? List.of() : certificatesOf(store);
        this.description = description;
    }

    /** The JVM's default trust (the cacerts of the running Java). */
    static TrustedTls jvmDefault() {
        try {
            return new TrustedTls(null, "JVM default trust store");
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
            return new TrustedTls(store, certificates.size() + " trusted certificate(s)");
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalArgumentException("trustedCertificates: cannot build a trust store: " + e.getMessage(), e);
        }
    }

    /** Trusts the certificates of this key store. */
    static TrustedTls of(KeyStore trustStore) {
        try {
            return new TrustedTls(trustStore, "custom trust store");
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("trustStore: cannot use it: " + e.getMessage(), e);
        }
    }

    private X509ExtendedTrustManager trustManager() throws GeneralSecurityException {
        return new ValidityCheckingTrustManager(pkix(), userTrusted);
    }

    private X509ExtendedTrustManager pkix() throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509ExtendedTrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("no X509 trust manager available");
    }

    /** The certificates PKIX trusts from a key store: its certificate entries and the certificates of its key entries. */
    private static List<X509Certificate> certificatesOf(KeyStore store) throws KeyStoreException {
        List<X509Certificate> out = new ArrayList<>();
        for (String alias : Collections.list(store.aliases())) {
            if (store.getCertificate(alias) instanceof X509Certificate c) {
                out.add(c);
            }
        }
        return out;
    }

    private static SSLContext context(TrustManager trustManager) throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {trustManager}, null);
        return context;
    }

    /**
     * A socket factory with the same trust whose trust manager remembers the server's chain, for the
     * probe to describe a certificate even when it is refused.
     */
    RecordingFactory recording() {
        try {
            RecordingTrustManager tm = new RecordingTrustManager(pkix(), userTrusted);
            return new RecordingFactory(context(tm).getSocketFactory(), tm);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create a TLS context: " + e.getMessage(), e);
        }
    }

    /** A socket factory and the trust manager that records what it saw. */
    record RecordingFactory(SSLSocketFactory factory, RecordingTrustManager trustManager) {
    }

    /**
     * The verifying socket factory, made on first use: loading the trust store (the JVM's cacerts)
     * and building the SSLContext is about half of a mailer's start-up, and a mailer with
     * {@link SmtpSecurity#NONE} never needs it.
     */
    SSLSocketFactory socketFactory() {
        SSLSocketFactory f = socketFactory;
        if (f == null) {
            synchronized (this) {
                f = socketFactory;
                if (f == null) {
                    try {
                        f = context(trustManager()).getSocketFactory();
                    } catch (GeneralSecurityException e) {
                        throw new IllegalStateException("cannot create a TLS context from the " + description + ": "
                                + e.getMessage(), e);
                    }
                    socketFactory = f;
                }
            }
        }
        return f;
    }

    /** True once the trust store was loaded and the SSLContext built. */
    boolean loaded() {
        return socketFactory != null;
    }

    @Override
    public String toString() {
        return description;
    }
}
