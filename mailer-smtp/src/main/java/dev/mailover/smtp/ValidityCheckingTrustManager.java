package dev.mailover.smtp;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The JDK's PKIX trust manager, plus the date checks it leaves out: PKIX checks the dates of every
 * certificate on the path except the trust anchor, so a self-signed server certificate given to
 * {@code trustedCertificates(...)}, or an expired private CA, would be accepted whatever its dates.
 *
 * <p>After the delegate accepted a chain, this checks the server's own certificate (always), and,
 * when the trust was given by the user, the trusted certificate the chain rests on: the first
 * certificate of the chain that is itself trusted, or else the trusted issuers of the last one (the
 * chain passes when one of them is within its dates). A certificate outside its dates fails the
 * handshake as PKIX fails an expired intermediate: a {@link CertPathValidatorException} with reason
 * {@code EXPIRED} or {@code NOT_YET_VALID} naming the certificate, so it is classified and explained
 * the same way. The anchors of the JVM's own trust store are left to the JVM's maintainers, because a
 * served chain may carry an expired cross-signature that path building rightly ignores.
 */
class ValidityCheckingTrustManager extends X509ExtendedTrustManager {

    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final X509ExtendedTrustManager delegate;
    private final List<X509Certificate> userTrusted;

    /**
     * @param delegate    the PKIX trust manager that decides trust and the host name
     * @param userTrusted the certificates the user chose to trust; empty for the JVM's trust store
     */
    ValidityCheckingTrustManager(X509ExtendedTrustManager delegate, List<X509Certificate> userTrusted) {
        this.delegate = delegate;
        this.userTrusted = List.copyOf(userTrusted);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        delegate.checkServerTrusted(chain, authType, socket);
        checkDates(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        delegate.checkServerTrusted(chain, authType, engine);
        checkDates(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("the host name cannot be verified without the connection");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("client certificates are not checked here");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        throw new CertificateException("client certificates are not checked here");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("client certificates are not checked here");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return delegate.getAcceptedIssuers();
    }

    private void checkDates(X509Certificate[] chain) throws CertificateException {
        Date now = new Date();
        checkDates(chain[0], "the server's certificate", now);
        if (userTrusted.isEmpty()) {
            return;
        }
        for (X509Certificate c : chain) {
            if (userTrusted.contains(c)) {
                checkDates(c, "the trusted certificate", now);
                return;
            }
        }
        List<X509Certificate> issuers = issuersOf(chain[chain.length - 1]);
        CertificateException first = null;
        for (X509Certificate issuer : issuers) {
            try {
                checkDates(issuer, "the trusted certificate", now);
                return;
            } catch (CertificateException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private List<X509Certificate> issuersOf(X509Certificate last) {
        List<X509Certificate> out = new ArrayList<>();
        for (X509Certificate t : userTrusted) {
            if (t.getSubjectX500Principal().equals(last.getIssuerX500Principal())) {
                try {
                    last.verify(t.getPublicKey());
                    out.add(t);
                } catch (GeneralSecurityException e) {
                    // another certificate with the same name: not this chain's issuer
                }
            }
        }
        return out;
    }

    private static void checkDates(X509Certificate c, String which, Date now) throws CertificateException {
        try {
            c.checkValidity(now);
        } catch (CertificateExpiredException e) {
            throw refusal(c, which + " " + c.getSubjectX500Principal().getName() + " expired on "
                    + DATE.format(c.getNotAfter().toInstant()), CertPathValidatorException.BasicReason.EXPIRED);
        } catch (CertificateNotYetValidException e) {
            throw refusal(c, which + " " + c.getSubjectX500Principal().getName() + " is not valid before "
                    + DATE.format(c.getNotBefore().toInstant()), CertPathValidatorException.BasicReason.NOT_YET_VALID);
        }
    }

    private static CertificateException refusal(X509Certificate c, String message, CertPathValidatorException.BasicReason reason) {
        CertPath path;
        try {
            path = CertificateFactory.getInstance("X.509").generateCertPath(List.of(c));
        } catch (CertificateException e) {
            return new CertificateException(message, e);
        }
        return new CertificateException(message, new CertPathValidatorException(message, null, path, 0, reason));
    }
}
