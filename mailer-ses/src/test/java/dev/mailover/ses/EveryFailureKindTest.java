package dev.mailover.ses;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.mailover.Email;
import dev.mailover.FailureKind;
import dev.mailover.MailException;
import dev.mailover.testing.Peers;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every {@link FailureKind} that SES can produce (the kinds of the {@link SesReason} constants) is
 * provoked here through the real {@code SesV2Client}: against a WireMock stub answering as SES answers
 * (its REST-JSON errors, an HTTPS port with a certificate nobody trusts, a reset, a silence), a port
 * nothing listens on, a name that does not resolve. After the scenarios ran, the kinds they produced
 * must be exactly the kinds SES can produce: a new kind of reason needs a scenario.
 */
class EveryFailureKindTest {

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().dynamicHttpsPort().bindAddress("127.0.0.1")).build();

    private static final Set<FailureKind> PROVOKED = EnumSet.noneOf(FailureKind.class);
    private static final Email EMAIL = SesMailerTest.email();

    /** One failure: what happens, the kind it must have, and words of its reason's hint. */
    record Scenario(String name, FailureKind kind, String hintWords, Provocation provoke) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** Provokes one failure through a stub and returns it. */
    @FunctionalInterface
    interface Provocation {
        MailException run(SesStub ses) throws Exception;
    }

    private SesStub ses;

    @BeforeEach
    void setUp() {
        ses = new SesStub(wm);
    }

    /** SES answers the send with this error. */
    private static Provocation answering(int status, String errorType, String message) {
        return ses -> {
            ses.failSend(status, errorType, message);
            return failure(ses.mailer());
        };
    }

    /** The stub answers the send with this, to a mailer set up as {@code setup} says. */
    private static Provocation stubbed(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder answer,
                                       UnaryOperator<SesMailer.Builder> setup) {
        return ses -> {
            ses.failSend(answer);
            return failure(setup.apply(ses.mailer()));
        };
    }

    static Stream<Scenario> scenarios() {
        return Stream.of(
                new Scenario("an endpoint whose name does not resolve is DNS_FAILURE", FailureKind.DNS_FAILURE,
                        "does not resolve", ses -> failure(ses.mailer()
                                .endpoint(URI.create("https://email.eu-west-1.no-such-host.invalid")))),
                new Scenario("a port nothing listens on is CONNECTION_REFUSED", FailureKind.CONNECTION_REFUSED,
                        "connection was refused", ses -> failure(ses.mailer()
                                .endpoint(URI.create("http://127.0.0.1:" + Peers.closedPort())))),
                new Scenario("an endpoint silent past the read timeout is CONNECTION_TIMEOUT",
                        FailureKind.CONNECTION_TIMEOUT, "may have accepted the message", stubbed(aResponse().withStatus(200)
                                .withBody("{\"MessageId\":\"late\"}").withFixedDelay(5_000),
                                b -> b.readTimeout(Duration.ofMillis(500)))),
                new Scenario("an HTTPS endpoint with a certificate the JVM does not trust is TLS_FAILURE",
                        FailureKind.TLS_FAILURE, "not trusted by this JVM", ses -> failure(ses.mailer()
                                .endpoint(URI.create("https://localhost:" + wm.getRuntimeInfo().getHttpsPort())))),
                new Scenario("UnrecognizedClientException is AUTHENTICATION_FAILED", FailureKind.AUTHENTICATION_FAILED,
                        "access key id", answering(403, "UnrecognizedClientException",
                                "The security token included in the request is invalid.")),
                new Scenario("an unverified from-address is SENDER_REJECTED", FailureKind.SENDER_REJECTED,
                        "not a verified identity", answering(400, "MessageRejected", "Email address is not verified."
                                + " The following identities failed the check in region EU-WEST-1: sender@example.com")),
                new Scenario("Maximum sending rate exceeded is RATE_LIMITED", FailureKind.RATE_LIMITED,
                        "maximum send rate", answering(429, "TooManyRequestsException", "Maximum sending rate exceeded.")),
                new Scenario("an internal failure is SERVICE_UNAVAILABLE", FailureKind.SERVICE_UNAVAILABLE,
                        "temporary problem", answering(500, "InternalFailure", "An internal error occurred.")),
                new Scenario("a captive portal's redirect is SERVICE_UNAVAILABLE, not a delivery",
                        FailureKind.SERVICE_UNAVAILABLE, "captive portal", stubbed(aResponse().withStatus(302)
                                .withHeader("Location", "http://portal.example/login"), UnaryOperator.identity())),
                new Scenario("a reset mid-call is CONNECTION_LOST", FailureKind.CONNECTION_LOST, "connection dropped",
                        stubbed(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER), UnaryOperator.identity())),
                new Scenario("a blacklisted address is RECIPIENT_REJECTED", FailureKind.RECIPIENT_REJECTED, "block list",
                        answering(400, "MessageRejected", "Address blacklisted.")),
                new Scenario("an illegal address is MESSAGE_REJECTED", FailureKind.MESSAGE_REJECTED,
                        "refused the message itself", answering(400, "MessageRejected", "Illegal address")),
                new Scenario("a configuration set that does not exist is INVALID_CONFIGURATION",
                        FailureKind.INVALID_CONFIGURATION, "configuration set 'marketing' exists",
                        stubbed(SesStub.error(404, "NotFoundException", "Configuration set <marketing> does not exist."),
                                b -> b.configurationSet("marketing"))),
                new Scenario("a credentials source failing in a way nobody knows is UNKNOWN, a gap logged",
                        FailureKind.UNKNOWN, "unclassified", ses -> failure(SesMailer.builder().region(SesStub.REGION)
                                .endpoint(ses.endpoint()).credentialsProvider(() -> {
                                    throw new IllegalStateException("the vault is sealed");
                                }))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void everyKindSesCanProduceIsProvokedThroughTheRealClient(Scenario scenario) throws Exception {
        MailException e = scenario.provoke().run(ses);

        assertThat(e).as("the send failed").isNotNull();
        assertThat(e.kind()).as(e.getMessage()).isEqualTo(scenario.kind());
        assertThat(e.hint()).contains(scenario.hintWords());
        assertThat(e.getMessage()).doesNotContain(SesStub.SECRET_ACCESS_KEY);
        PROVOKED.add(e.kind());
    }

    @AfterAll
    static void theScenariosProvokedExactlyTheKindsOfTheSesReasons() {
        Set<FailureKind> producible = Arrays.stream(SesReason.values()).map(SesReason::kind)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(FailureKind.class)));

        assertThat(PROVOKED).isEqualTo(producible);
    }

    private static MailException failure(SesMailer.Builder builder) {
        try (SesMailer mailer = builder.build()) {
            return catchThrowableOfType(MailException.class, () -> mailer.send(EMAIL));
        }
    }
}
