package dev.mailover.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The tool's {@code test} and {@code doctor} take the XOAUTH2 DSN: the token comes from a token
 * endpoint (MockWebServer) and signs in to GreenMail, which takes the user's password as its token.
 */
class Xoauth2DsnTest {

    private static final String USER = "ops@contoso.example";
    private static final String TOKEN = "eyJ0eXAiOiJKV1Qi.cli-access-token";
    private static final String SECRET = "Cli~Client.Secret-0815";

    private final SmtpServers smtp = new SmtpServers();
    private final MockWebServer endpoint = new MockWebServer();

    @BeforeEach
    void start() throws Exception {
        smtp.greenMail().setUser(USER, USER, TOKEN);
        endpoint.start();
    }

    @AfterEach
    void stop() {
        endpoint.close();
        smtp.close();
    }

    private String dsn() {
        return "smtp://ops%40contoso.example@127.0.0.1:" + smtp.plainPort() + "?security=none&allow_plaintext_auth=true"
                + "&auth=xoauth2&token_uri=" + endpoint.url("/oauth2/v2.0/token") + "&client_id=app-id&client_secret="
                + SECRET + "&scope=https://outlook.office365.com/.default";
    }

    private void answerWithAToken() {
        endpoint.enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json")
                .body("{\"token_type\":\"Bearer\",\"expires_in\":3599,\"access_token\":\"" + TOKEN + "\"}").build());
    }

    @Test
    void testSendsWithATokenFromTheDsnsTokenEndpoint() throws Exception {
        answerWithAToken();

        CommandRun run = CommandRun.run("test", "--dsn", dsn(), "--from", USER, "--to", "me@example.org");

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(smtp.greenMail().getReceivedMessages()).hasSize(1);
        assertThat(endpoint.takeRequest(5, TimeUnit.SECONDS).getBody().utf8()).contains("grant_type=client_credentials");
        assertThat(run.all()).doesNotContain(SECRET).doesNotContain(TOKEN);
    }

    @Test
    void doctorChecksTheXoauth2TransportSigningInWithAToken() {
        answerWithAToken();

        CommandRun run = CommandRun.run("doctor", "--dsn", dsn());

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(endpoint.getRequestCount()).isEqualTo(1);
        assertThat(run.all()).contains("authenticated as " + USER).doesNotContain(SECRET).doesNotContain(TOKEN);
    }

    @Test
    void aRefusedClientIsReportedWithTheTokenEndpointsHint() {
        endpoint.enqueue(new MockResponse.Builder().code(401).addHeader("Content-Type", "application/json")
                .body("{\"error\":\"invalid_client\",\"error_description\":\"bad secret\"}").build());

        CommandRun run = CommandRun.run("test", "--dsn", dsn(), "--from", USER, "--to", "me@example.org");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("Not sent: AUTHENTICATION_FAILED on smtp").contains("refused client app-id")
                .doesNotContain(SECRET);
    }
}
