package dev.mailover.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.security.cert.CertificateExpiredException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class CausesTest {

    @Test
    void findsACertificateExpiryWrappedTwice() {
        SSLHandshakeException handshake = new SSLHandshakeException("PKIX path validation failed");
        handshake.initCause(new CertificateExpiredException("NotAfter: Sat Jan 31 00:00:00 UTC 2026"));
        Exception outer = new IllegalStateException("Could not connect to SMTP host", handshake);

        assertThat(Causes.find(outer, CertificateExpiredException.class)).isPresent();
        assertThat(Causes.has(outer, SSLHandshakeException.class)).isTrue();
        assertThat(Causes.mentions(outer, "NotAfter")).isTrue();
        assertThat(Causes.root(outer)).isInstanceOf(CertificateExpiredException.class);
        assertThat(Causes.classes(outer)).isEqualTo("java.lang.IllegalStateException > "
                + "javax.net.ssl.SSLHandshakeException > java.security.cert.CertificateExpiredException");
    }

    @Test
    void stopsAtACycle() {
        CyclicException a = new CyclicException("a");
        CyclicException b = new CyclicException("b");
        a.next = b;
        b.next = a;

        assertThat(Causes.chain(a)).containsExactly(a, b);
        assertThat(Causes.has(a, SocketTimeoutException.class)).isFalse();
    }

    @Test
    void anEmptyChainForNull() {
        assertThat(Causes.chain(null)).isEmpty();
        assertThat(Causes.root(null)).isNull();
    }

    /** An exception whose cause can point back at itself, as some libraries' exceptions do. */
    private static final class CyclicException extends IOException {
        private static final long serialVersionUID = 1L;
        private transient Throwable next;

        CyclicException(String message) {
            super(message);
        }

        @Override
        public synchronized Throwable getCause() {
            return next;
        }
    }
}
