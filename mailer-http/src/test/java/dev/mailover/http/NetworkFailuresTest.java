package dev.mailover.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mailover.FailureKind;
import dev.mailover.HealthCheck;
import dev.mailover.MailException;
import dev.mailover.Mailer;
import dev.mailover.testing.BlackholedPort;
import dev.mailover.testing.Peers;
import dev.mailover.testing.TestEmails;
import java.net.UnknownHostException;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import okhttp3.OkHttpClient;
import okhttp3.tls.HandshakeCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every network failure provoked for real against loopback peers, through a real mailer, and the
 * kind, hint, possibly-delivered flag and connection-failed flag (no connection was made: DNS, TCP
 * connect or TLS) a user sees.
 */
class NetworkFailuresTest {

    @ParameterizedTest
    @EnumSource(HttpMailers.class)
    void closedPortIsConnectionRefused(HttpMailers provider) throws Exception {
        MailException e = send(provider, "http://127.0.0.1:" + Peers.closedPort(), new OkHttpClient());
        assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION_REFUSED);
        assertThat(e.possiblyDelivered()).isFalse();
        assertThat(e.connectionFailed()).isTrue();
        assertThat(e.detail()).contains("while connecting");
    }

    @ParameterizedTest
    @EnumSource(HttpMailers.class)
    void blackholedPortTimesOutWithinTheConnectTimeout(HttpMailers provider) throws Exception {
        try (BlackholedPort hole = new BlackholedPort()) {
            long start = System.nanoTime();
            MailException e = send(provider, "http://127.0.0.1:" + hole.port(),
                    new OkHttpClient.Builder().connectTimeout(Duration.ofMillis(500)).build());
            assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION_TIMEOUT);
            assertThat(e.hint()).contains("blocked");
            assertThat(e.connectionFailed()).isTrue();
            assertThat(e.possiblyDelivered()).isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @ParameterizedTest
    @EnumSource(HttpMailers.class)
    void unresolvableHostIsDnsFailure(HttpMailers provider) {
        OkHttpClient client = new OkHttpClient.Builder()
                .dns(host -> {
                    throw new UnknownHostException(host + ": Name or service not known");
                }).build();
        MailException e = send(provider, "https://api.provider.invalid", client);
        assertThat(e.kind()).isEqualTo(FailureKind.DNS_FAILURE);
        assertThat(e.connectionFailed()).isTrue();
        assertThat(e.hint()).contains("api.provider.invalid");
    }

    @ParameterizedTest
    @EnumSource(HttpMailers.class)
    void connectionResetIsConnectionLost(HttpMailers provider) throws Exception {
        try (Peers.Resetter resetter = new Peers.Resetter()) {
            MailException e = send(provider, "http://127.0.0.1:" + resetter.port(), new OkHttpClient());
            assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION_LOST);
            assertThat(e.kind().retryable()).isTrue();
            assertThat(e.connectionFailed()).as("the request went out before the reset").isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(HttpMailers.class)
    void baseUrlPointingAtAnSmtpPortIsAConfigurationError(HttpMailers provider) throws Exception {
        try (Peers.SmtpGreeter smtp = new Peers.SmtpGreeter()) {
            MailException e = send(provider, "http://127.0.0.1:" + smtp.port(), new OkHttpClient());
            assertThat(e.kind()).isEqualTo(FailureKind.INVALID_CONFIGURATION);
            assertThat(e.hint()).contains("did not answer with HTTP");
        }
    }

    @ParameterizedTest
    @EnumSource(HttpMailers.class)
    void plainHttpToATlsPortIsAConfigurationError(HttpMailers provider) throws Exception {
        Tls tls = new Tls();
        try (MockWebServer server = new MockWebServer()) {
            server.useHttps(tls.server(tls.valid("localhost")).sslSocketFactory());
            server.start();
            MailException e = send(provider, "http://127.0.0.1:" + server.getPort(), new OkHttpClient());
            assertThat(e.kind()).isEqualTo(FailureKind.INVALID_CONFIGURATION);
            assertThat(e.detail()).doesNotContainPattern("\\p{Cntrl}");
        }
    }

    @ParameterizedTest
    @EnumSource(HttpMailers.class)
    void emptyResponseAfterTheFullRequestIsConnectionLostAndPossiblyDelivered(HttpMailers provider) throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build());
            server.start();
            MailException e = send(provider, server.url("/").toString(), new OkHttpClient());
            assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION_LOST);
            assertThat(e.possiblyDelivered()).isTrue();
            assertThat(e.connectionFailed()).isFalse();
            assertThat(e.getMessage()).contains("may have been delivered");
        }
    }

    @ParameterizedTest
    @EnumSource(HttpMailers.class)
    void answerCutOffAfterASuccessStatusIsPossiblyDelivered(HttpMailers provider) throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(new MockResponse.Builder().code(200).addHeader("X-Message-Id", "cut")
                    .body("{\"id\":\"<cut@mg.example.com>\",\"messageId\":\"<cut@relay>\",\"MessageID\":\"cut\",\"ErrorCode\":0,\"message\":\"" + "x".repeat(64 * 1024) + "\"}")
                    .onResponseBody(SocketEffect.ShutdownConnection.INSTANCE).build());
            server.start();
            MailException e = send(provider, server.url("/").toString(), new OkHttpClient());
            assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION_LOST);
            assertThat(e.code()).hasValue(200);
            assertThat(e.possiblyDelivered()).isTrue();
            assertThat(e.connectionFailed()).isFalse();
            assertThat(e.hint()).contains("most likely delivered");
        }
    }

    @ParameterizedTest
    @EnumSource(HttpMailers.class)
    void readTimeoutAfterTheBodyWasSentIsPossiblyDelivered(HttpMailers provider) throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
            server.start();
            MailException e = send(provider, server.url("/").toString(),
                    new OkHttpClient.Builder().readTimeout(Duration.ofMillis(500)).build());
            assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION_TIMEOUT);
            assertThat(e.possiblyDelivered()).isTrue();
            assertThat(e.detail()).contains("after the request was sent");
            assertThat(e.connectionFailed()).as("a read timeout comes after the request went out").isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(HttpMailers.class)
    void timeLimitCapsTheCallTimeout(HttpMailers provider) throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
            server.start();
            OkHttpClient patient = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(60))
                    .callTimeout(Duration.ofSeconds(60)).build();
            try (Mailer mailer = provider.create(server.url("/").toString(), patient)) {
                long start = System.nanoTime();
                MailException e = catchThrowableOfType(MailException.class,
                        () -> mailer.send(TestEmails.simple(), Duration.ofMillis(300)));
                assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION_TIMEOUT);
                assertThat(e.detail()).contains("time limit 300 ms");
                assertThat(e.possiblyDelivered()).isTrue();
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(HttpMailers.class)
    void spentTimeLimitFailsWithoutCalling(HttpMailers provider) throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            try (Mailer mailer = provider.create(server.url("/").toString(), new OkHttpClient())) {
                MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(TestEmails.simple(), Duration.ZERO));
                assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION_TIMEOUT);
                assertThat(server.getRequestCount()).isZero();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(HttpMailers.class)
    void expiredCertificateIsTlsFailureNamingTheExpiry(HttpMailers provider) throws Exception {
        Tls tls = new Tls();
        MailException e = sendOverTls(provider, tls, tls.server(tls.expired("localhost")), tls.clientTrustingRoot());
        assertThat(e.kind()).isEqualTo(FailureKind.TLS_FAILURE);
        assertThat(e.hint()).contains("expired").contains("NotAfter");
        assertThat(e.connectionFailed()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(HttpMailers.class)
    void untrustedCertificateIsTlsFailure(HttpMailers provider) throws Exception {
        Tls tls = new Tls();
        HandshakeCertificates trustsNothingOfOurs = new HandshakeCertificates.Builder()
                .addTrustedCertificate(new Tls().root.certificate()).build();
        MailException e = sendOverTls(provider, tls, tls.server(tls.valid("localhost")), trustsNothingOfOurs);
        assertThat(e.kind()).isEqualTo(FailureKind.TLS_FAILURE);
        assertThat(e.hint()).contains("not trusted");
        assertThat(e.connectionFailed()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(HttpMailers.class)
    void certificateForAnotherHostIsTlsFailure(HttpMailers provider) throws Exception {
        Tls tls = new Tls();
        MailException e = sendOverTls(provider, tls, tls.server(tls.valid("api.example.com")), tls.clientTrustingRoot());
        assertThat(e.kind()).isEqualTo(FailureKind.TLS_FAILURE);
        assertThat(e.hint()).contains("host name");
        assertThat(e.connectionFailed()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(HttpMailers.class)
    void checkNeverThrowsOnANetworkFailure(HttpMailers provider) throws Exception {
        try (Mailer mailer = provider.create("http://127.0.0.1:" + Peers.closedPort(), new OkHttpClient())) {
            HealthCheck check = mailer.check();
            assertThat(check.failure()).contains(FailureKind.CONNECTION_REFUSED);
        }
    }

    @Test
    void unrecognisedFailureIsUnknownAndKeepsTheCause() {
        IllegalStateException odd = new IllegalStateException("odd");
        MailException e = OkHttpFailures.toException(odd, "sendgrid").build();
        assertThat(e.kind()).isEqualTo(FailureKind.UNKNOWN);
        assertThat(e.getCause()).isSameAs(odd);
    }

    private static MailException sendOverTls(HttpMailers provider, Tls tls, HandshakeCertificates serverCerts, HandshakeCertificates clientCerts)
            throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.useHttps(serverCerts.sslSocketFactory());
            server.enqueue(new MockResponse.Builder().code(202).build());
            server.start();
            OkHttpClient client = new OkHttpClient.Builder()
                    .sslSocketFactory(clientCerts.sslSocketFactory(), clientCerts.trustManager()).build();
            return send(provider, "https://localhost:" + server.getPort(), client);
        }
    }

    private static MailException send(HttpMailers provider, String baseUrl, OkHttpClient client) {
        try (Mailer mailer = provider.create(baseUrl, client)) {
            MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(TestEmails.simple()));
            assertThat(e).as("the send must fail").isNotNull();
            assertThat(e.getMessage()).doesNotContain(provider.secret());
            return e;
        } finally {
            client.connectionPool().evictAll();
            client.dispatcher().executorService().shutdown();
        }
    }

}
