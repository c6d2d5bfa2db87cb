package dev.mailover.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.mailover.FailureKind;
import dev.mailover.MailException;
import dev.mailover.Mailer;
import dev.mailover.internal.NetworkFailures;
import dev.mailover.testing.BlackholedPort;
import dev.mailover.testing.Peers;
import dev.mailover.testing.TestEmails;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every {@link FailureKind} the HTTP transports can produce (the kinds of the {@link HttpReason}
 * constants and of the network rules they share with SES) is provoked here by a real peer: WireMock
 * answering a provider's documented error, a closed or blackholed port, a resolver that knows no
 * such host, a server with an expired certificate, a connection reset. After the scenarios ran, the
 * kinds they produced must be exactly the kinds the transports can produce: a new kind of reason
 * needs a scenario.
 */
class EveryFailureKindTest {

    private static final Set<FailureKind> PROVOKED = EnumSet.noneOf(FailureKind.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    /** Provokes one failure against a real peer and returns it. */
    @FunctionalInterface
    interface Provocation {
        MailException run() throws Exception;
    }

    /** One failure: what happens and the kind it must have. */
    record Scenario(String name, FailureKind kind, Provocation provoke) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Scenario> scenarios() {
        return Stream.of(
                new Scenario("a host name the resolver does not know is DNS_FAILURE", FailureKind.DNS_FAILURE,
                        () -> send(HttpMailers.RESEND, "https://api.resend.invalid", new OkHttpClient.Builder().dns(host -> {
                            throw new UnknownHostException(host + ": Name or service not known");
                        }).build())),
                new Scenario("a port nothing listens on is CONNECTION_REFUSED", FailureKind.CONNECTION_REFUSED,
                        () -> send(HttpMailers.BREVO, "http://127.0.0.1:" + Peers.closedPort(), new OkHttpClient())),
                new Scenario("a blackholed port is CONNECTION_TIMEOUT", FailureKind.CONNECTION_TIMEOUT, () -> {
                    try (BlackholedPort hole = new BlackholedPort()) {
                        return send(HttpMailers.POSTMARK, "http://127.0.0.1:" + hole.port(),
                                new OkHttpClient.Builder().connectTimeout(Duration.ofMillis(500)).build());
                    }
                }),
                new Scenario("an expired certificate is TLS_FAILURE", FailureKind.TLS_FAILURE, () -> {
                    Tls tls = new Tls();
                    try (MockWebServer server = new MockWebServer()) {
                        server.useHttps(tls.server(tls.expired("localhost")).sslSocketFactory());
                        server.start();
                        var trusting = tls.clientTrustingRoot();
                        return send(HttpMailers.SENDGRID, "https://localhost:" + server.getPort(), new OkHttpClient.Builder()
                                .sslSocketFactory(trusting.sslSocketFactory(), trusting.trustManager()).build());
                    }
                }),
                new Scenario("Resend's 403 invalid_api_key is AUTHENTICATION_FAILED", FailureKind.AUTHENTICATION_FAILED,
                        answering(HttpMailers.RESEND, json(403,
                                "{\"statusCode\":403,\"message\":\"API key is invalid.\",\"name\":\"invalid_api_key\"}"))),
                new Scenario("Brevo's account_under_validation is SENDER_REJECTED", FailureKind.SENDER_REJECTED,
                        answering(HttpMailers.BREVO, json(403,
                                "{\"code\":\"account_under_validation\",\"message\":\"Your account is under validation\"}"))),
                new Scenario("Brevo's 429 is RATE_LIMITED", FailureKind.RATE_LIMITED, answering(HttpMailers.BREVO,
                        json(429, "{\"code\":\"too_many_requests\",\"message\":\"The expected rate limit is exceeded.\"}")
                                .withHeader("x-sib-ratelimit-reset", "45"))),
                new Scenario("a captive portal's 200 sign-in page is SERVICE_UNAVAILABLE", FailureKind.SERVICE_UNAVAILABLE,
                        answering(HttpMailers.RESEND, aResponse().withStatus(200).withHeader("Content-Type", "text/html")
                                .withBody("<html><head><title>Sign in to the Wi-Fi</title></head></html>"))),
                new Scenario("a connection reset by the peer is CONNECTION_LOST", FailureKind.CONNECTION_LOST,
                        answering(HttpMailers.MAILGUN, aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))),
                new Scenario("Postmark's ErrorCode 406 inactive recipient is RECIPIENT_REJECTED", FailureKind.RECIPIENT_REJECTED,
                        answering(HttpMailers.POSTMARK, json(422, "{\"ErrorCode\":406,\"Message\":\"You tried to send to"
                                + " recipient(s) that have been marked as inactive.\\nFound inactive addresses: bob@example.org."
                                + "\\nInactive recipients are ones that have generated a hard bounce or a spam complaint.\"}"))),
                new Scenario("Resend's 422 about a field is MESSAGE_REJECTED", FailureKind.MESSAGE_REJECTED,
                        answering(HttpMailers.RESEND, json(422, "{\"statusCode\":422,\"message\":\"Invalid `to` field.\","
                                + "\"name\":\"validation_error\"}"))),
                new Scenario("a redirect away from the API is INVALID_CONFIGURATION", FailureKind.INVALID_CONFIGURATION,
                        answering(HttpMailers.SENDGRID, aResponse().withStatus(307)
                                .withHeader("Location", "https://evil.example/steal"))),
                new Scenario("a status no rule knows is UNKNOWN, a gap logged", FailureKind.UNKNOWN, () -> {
                    try (MockWebServer server = new MockWebServer()) {
                        server.enqueue(new MockResponse.Builder().code(600).body("unheard of").build());
                        server.start();
                        return send(HttpMailers.BREVO, server.url("/").toString(), new OkHttpClient());
                    }
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void everyKindTheHttpTransportsCanProduceIsProvokedByARealPeer(Scenario scenario) throws Exception {
        MailException e = scenario.provoke().run();

        assertThat(e).as("the send failed").isNotNull();
        assertThat(e.kind()).as(e.getMessage()).isEqualTo(scenario.kind());
        assertThat(e.hint()).isNotBlank();
        PROVOKED.add(e.kind());
    }

    @AfterAll
    static void theScenariosProvokedExactlyTheKindsOfTheHttpReasonsAndTheNetworkRules() {
        Set<FailureKind> producible = Arrays.stream(HttpReason.values()).map(HttpReason::kind)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(FailureKind.class)));
        producible.addAll(NetworkFailures.jdk().kinds());

        assertThat(PROVOKED).isEqualTo(producible);
    }

    private static Provocation answering(HttpMailers provider, ResponseDefinitionBuilder answer) {
        return () -> {
            wm.stubFor(any(anyUrl()).willReturn(answer));
            try (Mailer mailer = provider.create(wm.baseUrl(), TIMEOUT)) {
                return catchThrowableOfType(MailException.class, () -> mailer.send(TestEmails.simple()));
            }
        };
    }

    private static MailException send(HttpMailers provider, String baseUrl, OkHttpClient client) {
        try (Mailer mailer = provider.create(baseUrl, client)) {
            return catchThrowableOfType(MailException.class, () -> mailer.send(TestEmails.simple()));
        } finally {
            client.connectionPool().evictAll();
            client.dispatcher().executorService().shutdown();
        }
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }
}
