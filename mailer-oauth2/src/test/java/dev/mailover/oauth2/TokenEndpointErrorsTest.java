package dev.mailover.oauth2;

import static dev.mailover.oauth2.TokenEndpointStub.CLIENT_ID;
import static dev.mailover.oauth2.TokenEndpointStub.CLIENT_SECRET;
import static dev.mailover.oauth2.TokenEndpointStub.TENANT;
import static dev.mailover.oauth2.TokenEndpointStub.error;
import static dev.mailover.oauth2.TokenEndpointStub.microsoftError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mailover.FailureKind;
import dev.mailover.MailException;
import dev.mailover.testing.BlackholedPort;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each refusal of the token endpoint, and each way of not reaching it, gives its kind and a hint that says what to fix. */
class TokenEndpointErrorsTest {

    private final MockWebServer server = new MockWebServer();

    @BeforeEach
    void start() throws Exception {
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private MailException microsoftFails(MockResponse answer) {
        server.enqueue(answer);
        OAuth2TokenSource tokens = OAuth2TokenSource.builder().microsoftAuthority(server.url("/").toString())
                .microsoft365(TENANT, CLIENT_ID, CLIENT_SECRET).build();
        return fails(tokens);
    }

    private MailException endpointFails(MockResponse answer) {
        server.enqueue(answer);
        return fails(OAuth2TokenSource.clientCredentials(server.url("/token").toString(), CLIENT_ID, CLIENT_SECRET,
                "api://mail/.default"));
    }

    private static MailException fails(OAuth2TokenSource tokens) {
        MailException e = catchThrowableOfType(MailException.class, tokens::get);
        assertThat(e.getMessage()).doesNotContain(CLIENT_SECRET);
        assertThat(e.transport()).isEqualTo("oauth2");
        PROVOKED.add(e.kind());
        return e;
    }

    /** The kinds the tests of this class provoked, for {@link #theTestsProvokedEveryKindATokenSourceCanFailWith()}. */
    private static final Set<FailureKind> PROVOKED = java.util.Collections.synchronizedSet(EnumSet.noneOf(FailureKind.class));

    @AfterAll
    static void theTestsProvokedEveryKindATokenSourceCanFailWith() {
        Set<FailureKind> producible = Arrays.stream(TokenReason.values()).map(TokenReason::kind)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(FailureKind.class)));

        assertThat(PROVOKED).isEqualTo(producible);
    }

    @Test
    void anInvalidClientSecretSaysToUseTheSecretsValueNotItsId() {
        MailException e = microsoftFails(microsoftError(401, "invalid_client", 7000215, "Invalid client secret provided."
                + " Ensure the secret being sent in the request is the client secret value, not the client secret ID,"
                + " for a secret added to app '" + CLIENT_ID + "'."));

        assertThat(e.kind()).isEqualTo(FailureKind.AUTHENTICATION_FAILED);
        assertThat(e.code()).hasValue(401);
        assertThat(e.detail()).contains("invalid_client: AADSTS7000215: Invalid client secret provided.")
                .contains("tenant=" + TENANT).doesNotContain("Trace ID");
        assertThat(e.hint()).contains("Value, not its Secret ID").contains(CLIENT_ID);
    }

    @Test
    void anExpiredClientSecretSaysToCreateANewOneNamingAppAndTenant() {
        MailException e = microsoftFails(microsoftError(401, "invalid_client", 7000222, "The provided client secret keys"
                + " for app '" + CLIENT_ID + "' are expired. Visit the Azure portal to create new keys for your app."));

        assertThat(e.kind()).isEqualTo(FailureKind.AUTHENTICATION_FAILED);
        assertThat(e.hint()).contains("has expired").contains("Certificates & secrets").contains(CLIENT_ID).contains(TENANT);
    }

    @Test
    void anApplicationMissingFromTheTenantNamesBothIds() {
        MailException e = microsoftFails(microsoftError(400, "unauthorized_client", 700016, "Application with identifier '"
                + CLIENT_ID + "' was not found in the directory 'Contoso'. This can happen if the application has not been"
                + " installed by the administrator of the tenant or consented to by any user in the tenant."));

        assertThat(e.kind()).isEqualTo(FailureKind.AUTHENTICATION_FAILED);
        assertThat(e.hint()).contains("no application with the client ID " + CLIENT_ID + " exists in tenant " + TENANT);
    }

    @Test
    void missingConsentSaysAnAdministratorMustGrantIt() {
        MailException e = microsoftFails(microsoftError(400, "invalid_grant", 65001, "The user or administrator has not"
                + " consented to use the application with ID '" + CLIENT_ID + "'."));

        assertThat(e.kind()).isEqualTo(FailureKind.AUTHENTICATION_FAILED);
        assertThat(e.hint()).contains("admin consent").contains(TENANT);
    }

    @Test
    void anUnknownTenantIsAConfigurationError() {
        MailException e = microsoftFails(microsoftError(400, "invalid_request", 90002, "Tenant '" + TENANT + "' not found."
                + " Check to make sure you have the correct tenant ID and are signing into the correct cloud."));

        assertThat(e.kind()).isEqualTo(FailureKind.INVALID_CONFIGURATION);
        assertThat(e.hint()).contains("tenant " + TENANT + " does not exist").contains("Directory (tenant) ID");
    }

    @Test
    void aScopeWithoutDefaultSaysWhichScopeToUse() {
        MailException e = microsoftFails(microsoftError(400, "invalid_scope", 1002012, "The provided value for scope"
                + " https://outlook.office365.com/SMTP.Send is not valid. Client credential flows must have a scope value"
                + " with /.default suffixed to the resource identifier (application ID URI)."));

        assertThat(e.kind()).isEqualTo(FailureKind.AUTHENTICATION_FAILED);
        assertThat(e.hint()).contains("https://outlook.office365.com/.default");
    }

    @Test
    void invalidScopeNamesTheScope() {
        MailException e = endpointFails(error(400, "invalid_scope"));

        assertThat(e.kind()).isEqualTo(FailureKind.AUTHENTICATION_FAILED);
        assertThat(e.hint()).contains("scope api://mail/.default is not valid for client " + CLIENT_ID);
    }

    @Test
    void invalidClientNamesTheClientAndTheEndpoint() {
        MailException e = endpointFails(error(401, "invalid_client"));

        assertThat(e.kind()).isEqualTo(FailureKind.AUTHENTICATION_FAILED);
        assertThat(e.hint()).contains("refused client " + CLIENT_ID).contains(server.url("/token").toString())
                .contains("wrong or expired");
    }

    @Test
    void unauthorizedClientNamesThePermissionAndTheConsent() {
        MailException e = endpointFails(error(400, "unauthorized_client"));

        assertThat(e.kind()).isEqualTo(FailureKind.AUTHENTICATION_FAILED);
        assertThat(e.hint()).contains("SMTP.SendAsApp").contains("admin consent");
    }

    @Test
    void aRevokedRefreshTokenSaysToSignTheUserInAgain() {
        server.enqueue(TokenEndpointStub.json(400, "{\"error\":\"invalid_grant\",\"error_description\":\"Token has been"
                + " expired or revoked.\"}"));
        MailException e = fails(OAuth2TokenSource.refreshToken(server.url("/token").toString(), CLIENT_ID, CLIENT_SECRET,
                "1//revoked-refresh-token"));

        assertThat(e.kind()).isEqualTo(FailureKind.AUTHENTICATION_FAILED);
        assertThat(e.detail()).contains("invalid_grant: Token has been expired or revoked.");
        assertThat(e.hint()).contains("sign the user in again");
        assertThat(e.getMessage()).doesNotContain("revoked-refresh-token");
    }

    @Test
    void throttlingIsRateLimitedWithTheEndpointsRetryAfter() {
        MailException e = endpointFails(new MockResponse.Builder().code(429).addHeader("Retry-After", "7")
                .body("{\"error\":\"temporarily_unavailable\"}").build());

        assertThat(e.kind()).isEqualTo(FailureKind.RATE_LIMITED);
        assertThat(e.retryAfter()).hasValue(Duration.ofSeconds(7));
        assertThat(e.kind().failsOver()).isTrue();
    }

    @Test
    void aServiceUnavailableEndpointIsATransientTransportFault() {
        MailException e = endpointFails(new MockResponse.Builder().code(503).body("<html>Service Unavailable</html>").build());

        assertThat(e.kind()).isEqualTo(FailureKind.SERVICE_UNAVAILABLE);
        assertThat(e.kind().transportFault()).isTrue();
        assertThat(e.hint()).contains("temporary problem (HTTP 503)");
    }

    @Test
    void aServerErrorIsServiceUnavailable() {
        MailException e = endpointFails(error(500, "server_error"));

        assertThat(e.kind()).isEqualTo(FailureKind.SERVICE_UNAVAILABLE);
    }

    @Test
    void a200WithoutAnAccessTokenIsNoToken() {
        MailException e = endpointFails(new MockResponse.Builder().code(200)
                .body("<html><body>Sign in to the guest Wi-Fi</body></html>").build());

        assertThat(e.kind()).isEqualTo(FailureKind.INVALID_CONFIGURATION);
        assertThat(e.detail()).contains("HTTP 200 with an answer that is not a token response");
        assertThat(e.hint()).contains("did not answer like an OAuth2 token endpoint");
    }

    @Test
    void aTenMegabyteAnswerIsReadOnlyAsFarAsTheCap() {
        MailException e = endpointFails(new MockResponse.Builder().code(400).body("x".repeat(10 * 1024 * 1024)).build());

        assertThat(e.kind()).isEqualTo(FailureKind.INVALID_CONFIGURATION);
    }

    @Test
    void anEndpointNobodyListensOnIsConnectionRefused() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        MailException e = fails(OAuth2TokenSource.clientCredentials("http://127.0.0.1:" + port + "/token", CLIENT_ID,
                CLIENT_SECRET, "s"));

        assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION_REFUSED);
        assertThat(e.connectionFailed()).isTrue();
        assertThat(e.hint()).contains("nothing accepts connections at http://127.0.0.1:" + port + "/token");
    }

    @Test
    void aHostThatDoesNotResolveIsADnsFailure() {
        MailException e = fails(OAuth2TokenSource.clientCredentials("https://login.no-such-host.invalid/token", CLIENT_ID,
                CLIENT_SECRET, "s"));

        assertThat(e.kind()).isEqualTo(FailureKind.DNS_FAILURE);
        assertThat(e.hint()).contains("login.no-such-host.invalid does not resolve");
    }

    @Test
    void anEndpointThatNeverAnswersTimesOutWithinTheCallTimeout() {
        server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
        OAuth2TokenSource tokens = OAuth2TokenSource.builder().timeout(Duration.ofMillis(800))
                .clientCredentials(server.url("/token").toString(), CLIENT_ID, CLIENT_SECRET, "s").build();
        long start = System.nanoTime();

        MailException e = fails(tokens);

        assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION_TIMEOUT);
        assertThat(e.hint()).contains("did not answer in time (read timeout 10 s, whole request 800 ms)");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
    }

    @Test
    void aBlackholedEndpointTimesOutWithinTheConnectTimeout() throws Exception {
        try (BlackholedPort port = BlackholedPort.open()) {
            OAuth2TokenSource tokens = OAuth2TokenSource.builder().connectTimeout(Duration.ofMillis(500))
                    .clientCredentials("http://127.0.0.1:" + port.port() + "/token", CLIENT_ID, CLIENT_SECRET, "s").build();

            MailException e = fails(tokens);

            assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION_TIMEOUT);
            assertThat(e.connectionFailed()).isTrue();
        }
    }

    @Test
    void httpsAgainstAPlainHttpEndpointIsATlsFailure() throws Exception {
        try (SpeakingPeer plain = SpeakingPeer.saying("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")) {
            MailException e = fails(OAuth2TokenSource.clientCredentials("https://localhost:" + plain.port() + "/token",
                    CLIENT_ID, CLIENT_SECRET, "s"));

            assertThat(e.kind()).isEqualTo(FailureKind.TLS_FAILURE);
            assertThat(e.hint()).contains("TLS with https://localhost:" + plain.port() + "/token failed");
        }
    }

    @Test
    void anSmtpServerOnTheTokenEndpointsPortIsNotHttp() throws Exception {
        try (SpeakingPeer smtp = SpeakingPeer.saying("220 mail.example.org ESMTP Postfix\r\n")) {
            MailException e = fails(OAuth2TokenSource.clientCredentials("http://127.0.0.1:" + smtp.port() + "/token",
                    CLIENT_ID, CLIENT_SECRET, "s"));

            assertThat(e.kind()).isEqualTo(FailureKind.INVALID_CONFIGURATION);
            assertThat(e.hint()).contains("did not answer with HTTP");
        }
    }

    @Test
    void aConnectionDroppedBeforeTheAnswerIsConnectionLost() {
        MailException e = endpointFails(new MockResponse.Builder()
                .onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build());

        assertThat(e.kind()).isIn(FailureKind.CONNECTION_LOST);
        assertThat(e.hint()).contains("dropped before it answered");
    }

    @Test
    void everyReasonHasAHintWithEveryValueFilledIn() {
        TokenGrant grant = TokenGrant.microsoft365(TokenGrant.MICROSOFT_AUTHORITY, TENANT, CLIENT_ID, CLIENT_SECRET);

        java.util.Map<TokenReason, String> hints = TokenEndpointFailures.hints(grant,
                new TokenEndpoint(OAuth2TokenSource.builder().microsoft365(TENANT, CLIENT_ID, CLIENT_SECRET).client())
                        .timeouts());

        assertThat(hints.keySet()).containsExactlyInAnyOrder(TokenReason.values());
        assertThat(hints.values()).allSatisfy(h -> assertThat(h).isNotBlank().doesNotContain("{").doesNotContain("}")
                .doesNotContain(CLIENT_SECRET));
    }

    @Test
    void anErrorCodeNoRuleKnowsIsUnknownAndSaysSo() {
        MailException e = endpointFails(error(400, "access_denied"));

        assertThat(e.kind()).isEqualTo(FailureKind.UNKNOWN);
        assertThat(e.hint()).contains("(access_denied)").contains("please report");
    }
}
