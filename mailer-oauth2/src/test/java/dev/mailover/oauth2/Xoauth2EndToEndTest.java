package dev.mailover.oauth2;

import static dev.mailover.oauth2.TokenEndpointStub.CLIENT_ID;
import static dev.mailover.oauth2.TokenEndpointStub.CLIENT_SECRET;
import static dev.mailover.oauth2.TokenEndpointStub.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.mailover.Email;
import dev.mailover.FailureKind;
import dev.mailover.MailException;
import dev.mailover.Mailer;
import dev.mailover.Mailers;
import dev.mailover.smtp.SmtpMailer;
import dev.mailover.smtp.SmtpSecurity;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real SmtpMailer signs in to GreenMail (which speaks XOAUTH2, taking the user's password as the
 * only valid token) with tokens from an OAuth2TokenSource whose endpoint is a MockWebServer.
 */
class Xoauth2EndToEndTest {

    static final String USER = "sender@contoso.example";
    static final String GOOD_TOKEN = "eyJ0eXAiOiJKV1QiLCJub25jZSI6.good-access-token";
    private static final Email EMAIL = Email.builder().from(USER).to("to@example.org").subject("xoauth2").text("body").build();

    private final MockWebServer endpoint = new MockWebServer();
    private GreenMail smtp;

    @BeforeEach
    void start() throws Exception {
        endpoint.start();
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        smtp.withConfiguration(GreenMailConfiguration.aConfig().withUser(USER, USER, GOOD_TOKEN));
        smtp.start();
    }

    @AfterEach
    void stop() {
        smtp.stop();
        endpoint.close();
    }

    private SmtpMailer mailer(OAuth2TokenSource tokens) {
        return SmtpMailer.builder().host("127.0.0.1").port(smtp.getSmtp().getPort()).security(SmtpSecurity.NONE)
                .allowPlaintextAuth(true).readTimeout(Duration.ofSeconds(5)).oauth2(USER, tokens).build();
    }

    private OAuth2TokenSource tokens() {
        return OAuth2TokenSource.clientCredentials(endpoint.url("/token").toString(), CLIENT_ID, CLIENT_SECRET,
                "https://outlook.office365.com/.default");
    }

    @Test
    void aTokenFromTheSourceSignsInAndTheMessageIsDelivered() throws Exception {
        endpoint.enqueue(token(GOOD_TOKEN, 3599));
        try (SmtpMailer m = mailer(tokens())) {
            m.send(EMAIL);
            m.send(EMAIL);
        }

        assertThat(smtp.getReceivedMessages()).hasSize(2);
        assertThat(endpoint.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aRefusedTokenLeadsToExactlyOneRefreshAndADeliveredSend() throws Exception {
        endpoint.enqueue(token("revoked-access-token", 3599));
        endpoint.enqueue(token(GOOD_TOKEN, 3599));
        try (SmtpMailer m = mailer(tokens())) {
            m.send(EMAIL);
        }

        assertThat(smtp.getReceivedMessages()).hasSize(1);
        assertThat(endpoint.getRequestCount()).isEqualTo(2);
    }

    @Test
    void aTokenRefusedTwiceIsAuthenticationFailedAfterOneRefresh() {
        endpoint.enqueue(token("revoked-access-token", 3599));
        endpoint.enqueue(token("another-bad-token", 3599));
        try (SmtpMailer m = mailer(tokens())) {
            MailException e = catchThrowableOfType(MailException.class, () -> m.send(EMAIL));

            assertThat(e.kind()).isEqualTo(FailureKind.AUTHENTICATION_FAILED);
            assertThat(e.hint()).contains("SMTP.SendAsApp");
            assertThat(e.getMessage()).doesNotContain("revoked-access-token").doesNotContain("another-bad-token");
        }
        assertThat(endpoint.getRequestCount()).isEqualTo(2);
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }

    @Test
    void aTokenEndpointThatRefusesTheClientFailsTheSendWithItsKindAndHint() {
        endpoint.enqueue(TokenEndpointStub.error(401, "invalid_client"));
        try (SmtpMailer m = mailer(tokens())) {
            MailException e = catchThrowableOfType(MailException.class, () -> m.send(EMAIL));

            assertThat(e.kind()).isEqualTo(FailureKind.AUTHENTICATION_FAILED);
            assertThat(e.transport()).isEqualTo("smtp");
            assertThat(e.hint()).contains("refused client " + CLIENT_ID);
            assertThat(e.getMessage()).doesNotContain(CLIENT_SECRET);
        }
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }

    @Test
    void aTokenEndpointThatIsDownIsServiceUnavailableSoFailoverMovesOn() {
        endpoint.enqueue(TokenEndpointStub.json(503, "{\"error\":\"temporarily_unavailable\"}"));
        try (SmtpMailer m = mailer(tokens())) {
            MailException e = catchThrowableOfType(MailException.class, () -> m.send(EMAIL));

            assertThat(e.kind()).isEqualTo(FailureKind.SERVICE_UNAVAILABLE);
            assertThat(e.kind().failsOver()).isTrue();
        }
    }

    @Test
    void aSendWithATimeLimitWaitsForASlowTokenEndpointNoLongerThanItsLimit() throws Exception {
        endpoint.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
        // Through Mailer: SmtpMailer's private overloads name internal types this test cannot see.
        try (Mailer m = mailer(tokens())) {
            long start = System.nanoTime();
            MailException e = catchThrowableOfType(MailException.class, () -> m.send(EMAIL, Duration.ofSeconds(1)));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION_TIMEOUT);
            assertThat(e.transport()).isEqualTo("smtp");
            assertThat(e.hint()).contains("this call could wait");
            assertThat(took).isLessThan(Duration.ofSeconds(10)); // the token request's own bound is 30 s
        }
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }

    @Test
    void aDsnWithAuthXoauth2AndATokenUriSendsThroughTheSameTokenSource() throws Exception {
        endpoint.enqueue(token(GOOD_TOKEN, 3599));
        String dsn = "smtp://" + URLEncoder.encode(USER, StandardCharsets.UTF_8) + "@127.0.0.1:" + smtp.getSmtp().getPort()
                + "?security=none&allow_plaintext_auth=true&auth=xoauth2&token_uri=" + endpoint.url("/token")
                + "&client_id=" + CLIENT_ID + "&client_secret=" + CLIENT_SECRET
                + "&scope=https://outlook.office365.com/.default";
        try (Mailer m = Mailers.fromDsn(dsn)) {
            m.send(EMAIL);

            assertThat(m.toString()).contains("user=" + USER + " oauth2=****").doesNotContain(CLIENT_SECRET);
        }

        assertThat(smtp.getReceivedMessages()).hasSize(1);
        assertThat(endpoint.takeRequest().getBody().utf8()).contains("client_id=" + CLIENT_ID);
    }
}
