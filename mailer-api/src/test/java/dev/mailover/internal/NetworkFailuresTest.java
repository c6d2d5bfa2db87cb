package dev.mailover.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailover.FailureKind;
import java.io.IOException;
import java.net.ConnectException;
import java.security.cert.CertificateExpiredException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/**
 * The JDK rules on their own; the transports' tests provoke each network failure for real against
 * loopback peers (closed and blackholed ports, resets, expired certificates).
 */
class NetworkFailuresTest {

    /** An exception type of a client library's own, as OkHttp signals an HTTP/2 stream reset. */
    private static final class StreamReset extends IOException {
        private static final long serialVersionUID = 1L;
    }

    @Test
    void failureDeepInACauseChainIsFound() {
        Exception wrapped = new RuntimeException("sdk", new IOException("io", new ConnectException("Connection refused")));

        assertThat(NetworkFailures.jdk().classify(wrapped)).hasValueSatisfying(f -> {
            assertThat(f.kind()).isEqualTo(FailureKind.CONNECTION_REFUSED);
            assertThat(f.connectionFailed()).isTrue();
            assertThat(f.detail()).isEqualTo("ConnectException: Connection refused");
        });
    }

    @Test
    void anExpiryInsideAHandshakeFailureIsReportedAsTheExpiry() {
        SSLHandshakeException handshake = new SSLHandshakeException("PKIX path validation failed");
        handshake.initCause(new CertificateExpiredException("NotAfter: Sun Nov 01 00:00:00 UTC 2026"));

        NetworkFailures.Failure f = NetworkFailures.jdk().classify(new IOException("call failed", handshake)).orElseThrow();

        assertThat(f.kind()).isEqualTo(FailureKind.TLS_FAILURE);
        assertThat(f.hint()).contains("has expired", "NotAfter: Sun Nov 01");
    }

    @Test
    void aClientLibrarysOwnSignOfADroppedConnectionIsConnectionLost() {
        NetworkFailures withSign = NetworkFailures.withConnectionLost(t -> t instanceof StreamReset);

        assertThat(NetworkFailures.jdk().classify(new StreamReset())).isEmpty();
        assertThat(withSign.classify(new StreamReset())).hasValueSatisfying(f -> {
            assertThat(f.kind()).isEqualTo(FailureKind.CONNECTION_LOST);
            assertThat(f.connectionFailed()).isFalse();
        });
    }

    /** Named as OkHttp names its HTTP/2 stream reset, which is internal to OkHttp. */
    private static final class StreamResetException extends IOException {
        private static final long serialVersionUID = 1L;
    }

    @Test
    void okHttpsSignsOfADroppedConnectionAreConnectionLost() {
        assertThat(NetworkFailures.jdk().classify(new StreamResetException())).isEmpty();
        assertThat(NetworkFailures.okHttp().classify(new StreamResetException()))
                .hasValueSatisfying(f -> assertThat(f.kind()).isEqualTo(FailureKind.CONNECTION_LOST));
        assertThat(NetworkFailures.okHttp().classify(new IOException("unexpected end of stream on http://127.0.0.1:8080/...")))
                .hasValueSatisfying(f -> assertThat(f.kind()).isEqualTo(FailureKind.CONNECTION_LOST));
    }

    @Test
    void whatNoRuleKnowsIsUnknownWithItsDefaultHint() {
        IllegalStateException odd = new IllegalStateException("odd");

        assertThat(NetworkFailures.jdk().classify(odd)).isEmpty();
        NetworkFailures.Failure unknown = NetworkFailures.unknown(odd);
        assertThat(unknown.kind()).isEqualTo(FailureKind.UNKNOWN);
        assertThat(unknown.hint()).isEqualTo(FailureKind.UNKNOWN.defaultHint());
        assertThat(unknown.toException("sendgrid").build().detail()).isEqualTo("IllegalStateException: odd");
    }

    @Test
    void theHintsNameNoClientLibrary() {
        NetworkFailures.Failure f = NetworkFailures.jdk().classify(new ConnectException("Connection refused")).orElseThrow();

        assertThat(f.hint()).contains("configured URL").doesNotContain("OkHttp", "AWS", "SDK");
    }

    @Test
    void theKindsAreThoseOfTheNetworkRules() {
        assertThat(NetworkFailures.jdk().kinds()).containsExactlyInAnyOrder(FailureKind.DNS_FAILURE,
                FailureKind.CONNECTION_REFUSED, FailureKind.CONNECTION_TIMEOUT, FailureKind.TLS_FAILURE,
                FailureKind.CONNECTION_LOST, FailureKind.INVALID_CONFIGURATION);
    }
}
