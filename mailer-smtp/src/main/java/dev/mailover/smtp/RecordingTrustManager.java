package dev.mailover.smtp;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The mailer's trust manager (PKIX, host name, dates; see {@link ValidityCheckingTrustManager}) that
 * also remembers the chain the server presented and why it was refused, so that the probe can
 * describe a certificate even when it is refused. It never trusts more than the mailer: a refused
 * chain still fails the handshake.
 */
final class RecordingTrustManager extends ValidityCheckingTrustManager {

    private volatile X509Certificate[] chain;
    private volatile CertificateException failure;

    RecordingTrustManager(X509ExtendedTrustManager pkix, List<X509Certificate> userTrusted) {
        super(pkix, userTrusted);
    }

    X509Certificate[] chain() {
        return chain;
    }

    CertificateException failure() {
        return failure;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        this.chain = chain.clone();
        try {
            super.checkServerTrusted(chain, authType, socket);
        } catch (CertificateException e) {
            failure = e;
            throw e;
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        this.chain = chain.clone();
        try {
            super.checkServerTrusted(chain, authType, engine);
        } catch (CertificateException e) {
            failure = e;
            throw e;
        }
    }
}
