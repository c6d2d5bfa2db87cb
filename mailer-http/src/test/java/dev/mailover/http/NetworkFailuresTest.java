package dev.mailover.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mailover.FailureKind;
import dev.mailover.HealthCheck;
import dev.mailover.MailException;
import java.net.UnknownHostException;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import okhttp3.OkHttpClient;
import okhttp3.tls.HandshakeCertificates;
import org.junit.jupiter.api.Test;

/**
 * Every network failure provoked for real against loopback peers, through a real mailer, and the
 * kind, hint and possibly-delivered flag a user sees.
 */
class NetworkFailuresTest {

    private static final String KEY = "SG.net-test.key";

    @Test
    void closedPortIsConnectionRefused() throws Exception {
        MailException e = send("http://127.0.0.1:" + Peers.closedPort(), new OkHttpClient());
        assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION_REFUSED);
        assertThat(e.possiblyDelivered()).isFalse();
        assertThat(e.detail()).contains("while connecting");
    }

    @Test
    void blackholedPortTimesOutWithinTheConnectTimeout() throws Exception {
        try (Peers.Blackhole hole = new Peers.Blackhole()) {
            long start = System.nanoTime();
            MailException e = send("http://127.0.0.1:" + hole.port(),
                    new OkHttpClient.Builder().connectTimeout(Duration.ofMillis(500)).build());
            assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION_TIMEOUT);
            assertThat(e.hint()).contains("blocked");
            assertThat(e.possiblyDelivered()).isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void unresolvableHostIsDnsFailure() {
        OkHttpClient client = new OkHttpClient.Builder()
                .dns(host -> {
                    throw new UnknownHostException(host + ": Name or service not known");
                }).build();
        MailException e = send("https://api.sendgrid.invalid", client);
        assertThat(e.kind()).isEqualTo(FailureKind.DNS_FAILURE);
        assertThat(e.hint()).contains("api.sendgrid.invalid");
    }

    @Test
    void connectionResetIsConnectionLost() throws Exception {
        try (Peers.Resetter resetter = new Peers.Resetter()) {
            MailException e = send("http://127.0.0.1:" + resetter.port(), new OkHttpClient());
            assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION_LOST);
            assertThat(e.kind().retryable()).isTrue();
        }
    }

    @Test
    void emptyResponseAfterTheFullRequestIsConnectionLostAndPossiblyDelivered() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build());
            server.start();
            MailException e = send(server.url("/").toString(), new OkHttpClient());
            assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION_LOST);
            assertThat(e.possiblyDelivered()).isTrue();
            assertThat(e.getMessage()).contains("may have been delivered");
        }
    }

    @Test
    void readTimeoutAfterTheBodyWasSentIsPossiblyDelivered() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
            server.start();
            MailException e = send(server.url("/").toString(),
                    new OkHttpClient.Builder().readTimeout(Duration.ofMillis(500)).build());
            assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION_TIMEOUT);
            assertThat(e.possiblyDelivered()).isTrue();
            assertThat(e.detail()).contains("after the request was sent");
        }
    }

    @Test
    void timeLimitCapsTheCallTimeout() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
            server.start();
            try (SendGridMailer mailer = SendGridMailer.builder().apiKey(KEY).baseUrl(server.url("/").toString())
                    .readTimeout(Duration.ofSeconds(60)).timeout(Duration.ofSeconds(60)).build()) {
                long start = System.nanoTime();
                MailException e = catchThrowableOfType(MailException.class,
                        () -> mailer.send(TestEmails.simple(), Duration.ofMillis(300)));
                assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION_TIMEOUT);
                assertThat(e.detail()).contains("time limit 300 ms");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            }
        }
    }

    @Test
    void spentTimeLimitFailsWithoutCalling() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            try (SendGridMailer mailer = SendGridMailer.builder().apiKey(KEY).baseUrl(server.url("/").toString()).build()) {
                MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(TestEmails.simple(), Duration.ZERO));
                assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION_TIMEOUT);
                assertThat(server.getRequestCount()).isZero();
            }
        }
    }

    @Test
    void expiredCertificateIsTlsFailureNamingTheExpiry() throws Exception {
        Peers.Tls tls = new Peers.Tls();
        MailException e = sendOverTls(tls, tls.server(tls.expired("localhost")), tls.clientTrustingRoot());
        assertThat(e.kind()).isEqualTo(FailureKind.TLS_FAILURE);
        assertThat(e.hint()).contains("expired").contains("NotAfter");
    }

    @Test
    void untrustedCertificateIsTlsFailure() throws Exception {
        Peers.Tls tls = new Peers.Tls();
        HandshakeCertificates trustsNothingOfOurs = new HandshakeCertificates.Builder()
                .addTrustedCertificate(new Peers.Tls().root.certificate()).build();
        MailException e = sendOverTls(tls, tls.server(tls.valid("localhost")), trustsNothingOfOurs);
        assertThat(e.kind()).isEqualTo(FailureKind.TLS_FAILURE);
        assertThat(e.hint()).contains("not trusted");
    }

    @Test
    void certificateForAnotherHostIsTlsFailure() throws Exception {
        Peers.Tls tls = new Peers.Tls();
        MailException e = sendOverTls(tls, tls.server(tls.valid("api.example.com")), tls.clientTrustingRoot());
        assertThat(e.kind()).isEqualTo(FailureKind.TLS_FAILURE);
        assertThat(e.hint()).contains("host name");
    }

    @Test
    void checkNeverThrowsOnANetworkFailure() throws Exception {
        try (SendGridMailer mailer = SendGridMailer.builder().apiKey(KEY)
                .baseUrl("http://127.0.0.1:" + Peers.closedPort()).build()) {
            HealthCheck check = mailer.check();
            assertThat(check.failure()).contains(FailureKind.CONNECTION_REFUSED);
        }
    }

    @Test
    void unrecognisedFailureIsUnknownAndKeepsTheCause() {
        IllegalStateException odd = new IllegalStateException("odd");
        MailException e = NetworkFailures.toException(odd, "sendgrid").build();
        assertThat(e.kind()).isEqualTo(FailureKind.UNKNOWN);
        assertThat(e.getCause()).isSameAs(odd);
    }

    @Test
    void failureDeepInACauseChainIsFound() {
        Exception wrapped = new RuntimeException("sdk", new java.io.IOException("io", new java.net.ConnectException("Connection refused")));
        assertThat(NetworkFailures.classify(wrapped)).hasValueSatisfying(f -> assertThat(f.kind()).isEqualTo(FailureKind.CONNECTION_REFUSED));
    }

    private static MailException sendOverTls(Peers.Tls tls, HandshakeCertificates serverCerts, HandshakeCertificates clientCerts)
            throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.useHttps(serverCerts.sslSocketFactory());
            server.enqueue(new MockResponse.Builder().code(202).build());
            server.start();
            OkHttpClient client = new OkHttpClient.Builder()
                    .sslSocketFactory(clientCerts.sslSocketFactory(), clientCerts.trustManager()).build();
            return send("https://localhost:" + server.getPort(), client);
        }
    }

    private static MailException send(String baseUrl, OkHttpClient client) {
        try (SendGridMailer mailer = SendGridMailer.builder().apiKey(KEY).baseUrl(baseUrl).httpClient(client).build()) {
            MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(TestEmails.simple()));
            assertThat(e).as("the send must fail").isNotNull();
            assertThat(e.getMessage()).doesNotContain(KEY);
            return e;
        } finally {
            client.connectionPool().evictAll();
            client.dispatcher().executorService().shutdown();
        }
    }

}
