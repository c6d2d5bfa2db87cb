package dev.mailover.oauth2;

import static dev.mailover.oauth2.TokenEndpointStub.CLIENT_ID;
import static dev.mailover.oauth2.TokenEndpointStub.CLIENT_SECRET;
import static dev.mailover.oauth2.TokenEndpointStub.TENANT;
import static dev.mailover.oauth2.TokenEndpointStub.rotated;
import static dev.mailover.oauth2.TokenEndpointStub.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.mailover.AccessTokenSupplier;
import dev.mailover.FailureKind;
import dev.mailover.MailException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OAuth2TokenSourceTest {

    private final MockWebServer server = new MockWebServer();
    private final TokenEndpointStub.MovableClock clock = new TokenEndpointStub.MovableClock();

    @BeforeEach
    void start() throws Exception {
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private OAuth2TokenSource clientCredentials() {
        return OAuth2TokenSource.builder().clock(clock)
                .clientCredentials(server.url("/oauth2/token").toString(), CLIENT_ID, CLIENT_SECRET, "smtp.send").build();
    }

    /** The endpoint holds every request until {@code release} opens, then answers with this token. */
    private void answersWhenReleased(CountDownLatch release, String accessToken) {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                release.await(10, TimeUnit.SECONDS);
                return token(accessToken, 3600);
            }
        });
    }

    private static String form(RecordedRequest r) {
        return r.getBody().utf8();
    }

    @Test
    void microsoft365AsksTheTenantsTokenEndpointForExchangeOnlinesSmtpScope() throws Exception {
        server.enqueue(token("eyJ0eXAi.ms-access-token", 3599));
        OAuth2TokenSource tokens = OAuth2TokenSource.builder().microsoftAuthority(server.url("/").toString())
                .microsoft365(TENANT, CLIENT_ID, CLIENT_SECRET).build();

        assertThat(tokens.get()).isEqualTo("eyJ0eXAi.ms-access-token");

        RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(r.getMethod()).isEqualTo("POST");
        assertThat(r.getUrl().encodedPath()).isEqualTo("/" + TENANT + "/oauth2/v2.0/token");
        assertThat(r.getHeaders().get("Content-Type")).startsWith("application/x-www-form-urlencoded");
        assertThat(form(r)).isEqualTo("grant_type=client_credentials"
                + "&scope=https%3A%2F%2Foutlook.office365.com%2F.default"
                + "&client_id=" + CLIENT_ID + "&client_secret=Cs8Q%7Eclient.secret-Value_0815");
    }

    @Test
    void theDefaultMicrosoftEndpointIsTheIdentityPlatformsV2TokenEndpoint() {
        OAuth2TokenSource tokens = OAuth2TokenSource.microsoft365(TENANT, CLIENT_ID, CLIENT_SECRET);

        assertThat(TokenGrant.microsoft365(TokenGrant.MICROSOFT_AUTHORITY, TENANT, CLIENT_ID, CLIENT_SECRET).endpoint())
                .isEqualTo("https://login.microsoftonline.com/contoso.example/oauth2/v2.0/token");
        assertThat(tokens.toString()).isEqualTo("OAuth2TokenSource{microsoft365 tenant=contoso.example client="
                + CLIENT_ID + " secret=**** token=none}");
    }

    @Test
    void aCachedTokenIsReusedWithoutAskingAgain() throws Exception {
        server.enqueue(token("access-1", 3600));
        OAuth2TokenSource tokens = clientCredentials();

        assertThat(tokens.get()).isEqualTo("access-1");
        clock.advance(Duration.ofMinutes(50));
        assertThat(tokens.get()).isEqualTo("access-1");
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(tokens.toString()).endsWith("token=cached}");
    }

    /** Five minutes before the expiry, or at half the lifetime of a token that lives shorter than ten. */
    @ParameterizedTest(name = "a token valid for {0} s is replaced after {1} s")
    @CsvSource({"3600, 3300", "120, 60"})
    void aTokenIsReplacedBeforeItExpires(long expiresIn, long replacedAfter) throws Exception {
        server.enqueue(token("access-1", expiresIn));
        server.enqueue(token("access-2", expiresIn));
        OAuth2TokenSource tokens = clientCredentials();

        assertThat(tokens.get()).isEqualTo("access-1");
        clock.advance(Duration.ofSeconds(replacedAfter - 1));
        assertThat(tokens.get()).isEqualTo("access-1");
        clock.advance(Duration.ofSeconds(1));
        assertThat(tokens.get()).isEqualTo("access-2");
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void invalidateDropsTheCachedTokenAndTheNextGetFetchesAFreshOne() throws Exception {
        server.enqueue(token("access-1", 3600));
        server.enqueue(token("access-2", 3600));
        OAuth2TokenSource tokens = clientCredentials();

        assertThat(tokens.get()).isEqualTo("access-1");
        tokens.invalidate();
        assertThat(tokens.toString()).endsWith("token=none}");
        assertThat(tokens.get()).isEqualTo("access-2");
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void sixteenThreadsNeedingATokenAtOnceCauseOneRequest() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        answersWhenReleased(release, "shared-token");
        OAuth2TokenSource tokens = clientCredentials();
        ConcurrentLinkedQueue<String> got = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            Thread t = new Thread(() -> got.add(tokens.get()), "needs-a-token-" + i);
            threads.add(t);
            t.start();
        }
        // One request is in progress, and all sixteen threads wait for it, not for a request of their own.
        await().atMost(Duration.ofSeconds(10)).until(() -> server.getRequestCount() == 1
                && threads.stream().filter(t -> t.getState() == Thread.State.TIMED_WAITING).count() == 16);
        release.countDown();
        for (Thread t : threads) {
            t.join(10_000);
        }

        assertThat(got).hasSize(16).containsOnly("shared-token");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aThreadWaitsNoLongerThanItsTimeLimitAndTheLateTokenIsKeptForTheNextCall() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        answersWhenReleased(release, "late-token");
        OAuth2TokenSource tokens = clientCredentials();

        MailException e = catchThrowableOfType(MailException.class, () -> tokens.get(Duration.ofMillis(300)));
        release.countDown();

        assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION_TIMEOUT);
        assertThat(e.hint()).contains("in the 300 ms this call could wait").contains("kept for the next send");
        await().atMost(Duration.ofSeconds(10)).until(() -> tokens.toString().endsWith("token=cached}"));
        assertThat(tokens.get(Duration.ZERO)).isEqualTo("late-token");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aRotatedRefreshTokenIsUsedFromThenOnAndHandedToTheListener() throws Exception {
        server.enqueue(rotated("ya29.access-1", "1//refresh-2"));
        server.enqueue(token("ya29.access-2", 3599));
        List<String> stored = new ArrayList<>();
        OAuth2TokenSource tokens = OAuth2TokenSource.builder().clock(clock).onRefreshTokenRotated(stored::add)
                .refreshToken(server.url("/token").toString(), "client.apps.googleusercontent.com", "GOCSPX-secret",
                        "1//refresh-1").build();

        assertThat(tokens.get()).isEqualTo("ya29.access-1");
        tokens.invalidate();
        assertThat(tokens.get()).isEqualTo("ya29.access-2");

        assertThat(form(server.takeRequest(5, TimeUnit.SECONDS)))
                .startsWith("grant_type=refresh_token&refresh_token=1%2F%2Frefresh-1&client_id=");
        assertThat(form(server.takeRequest(5, TimeUnit.SECONDS))).contains("refresh_token=1%2F%2Frefresh-2");
        assertThat(stored).containsExactly("1//refresh-2");
        assertThat(tokens.toString()).contains("refresh_token=****").doesNotContain("refresh-1").doesNotContain("refresh-2");
    }

    @Test
    void aRefreshTokenTheEndpointDoesNotRotateStaysInUse() throws Exception {
        server.enqueue(token("ya29.access-1", 3599));
        server.enqueue(token("ya29.access-2", 3599));
        OAuth2TokenSource tokens = OAuth2TokenSource.refreshToken(server.url("/token").toString(), "client", "secret",
                "1//refresh-1");

        tokens.get();
        tokens.invalidate();
        tokens.get();

        server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(form(server.takeRequest(5, TimeUnit.SECONDS))).contains("refresh_token=1%2F%2Frefresh-1");
    }

    @Test
    void aRedirectIsNeverFollowedSoTheSecretStaysWithTheConfiguredEndpoint() throws Exception {
        server.enqueue(new MockResponse.Builder().code(302).addHeader("Location", server.url("/elsewhere")).build());
        OAuth2TokenSource tokens = clientCredentials();

        assertThatThrownBy(tokens::get).isInstanceOf(dev.mailover.MailException.class)
                .hasMessageContaining("HTTP 302");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void anApplicationsHttpClientIsUsedWithRedirectsTurnedOffAndACallTimeout() {
        okhttp3.OkHttpClient app = new okhttp3.OkHttpClient.Builder().build();
        OAuth2TokenSource.Builder b = OAuth2TokenSource.builder().httpClient(app)
                .clientCredentials(server.url("/token").toString(), CLIENT_ID, CLIENT_SECRET, "s");

        okhttp3.OkHttpClient used = b.client();
        assertThat(used.followRedirects()).isFalse();
        assertThat(used.followSslRedirects()).isFalse();
        assertThat(used.callTimeoutMillis()).isEqualTo(30_000);
        assertThat(used.connectionPool()).isSameAs(app.connectionPool());
    }

    @Test
    void theDefaultClientHasFiniteTimeoutsAndNoRedirects() {
        okhttp3.OkHttpClient c = OAuth2TokenSource.builder()
                .clientCredentials("https://idp.example/token", CLIENT_ID, CLIENT_SECRET, "s").client();

        assertThat(c.connectTimeoutMillis()).isEqualTo(10_000);
        assertThat(c.readTimeoutMillis()).isEqualTo(10_000);
        assertThat(c.writeTimeoutMillis()).isEqualTo(10_000);
        assertThat(c.callTimeoutMillis()).isEqualTo(30_000);
        assertThat(c.followRedirects()).isFalse();
    }

    @Test
    void aTokenEndpointOverPlainHttpElsewhereThanThisMachineIsRefused() {
        assertThatThrownBy(() -> OAuth2TokenSource.clientCredentials("http://idp.example/token", CLIENT_ID,
                CLIENT_SECRET, "s")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tokenUri: 'http://idp.example/token' must use https");
    }

    @Test
    void aTenantThatIsNeitherAnIdNorADomainIsRefusedBeforeItReachesTheUrl() {
        assertThatThrownBy(() -> OAuth2TokenSource.microsoft365("contoso/../common", CLIENT_ID, CLIENT_SECRET))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("tenantId:");
    }

    @Test
    void itIsAnAccessTokenSupplierAndAPlainSupplier() {
        Object tokens = OAuth2TokenSource.microsoft365(TENANT, CLIENT_ID, CLIENT_SECRET);

        assertThat(tokens).isInstanceOf(AccessTokenSupplier.class).isInstanceOf(Supplier.class);
    }

    @Test
    void builderAndSourceNeverShowTheSecrets() {
        OAuth2TokenSource.Builder b = OAuth2TokenSource.builder()
                .refreshToken(HttpUrl.get("https://oauth2.googleapis.com/token").toString(), "client", CLIENT_SECRET, "1//rt");

        assertThat(b.toString()).doesNotContain(CLIENT_SECRET).doesNotContain("1//rt").contains("secret=****");
        assertThat(b.build().toString()).doesNotContain(CLIENT_SECRET).doesNotContain("1//rt")
                .contains("refresh-token https://oauth2.googleapis.com/token client=client");
    }
}
