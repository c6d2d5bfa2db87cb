package dev.mailover.oauth2;

import static dev.mailover.oauth2.TokenEndpointStub.CLIENT_ID;
import static dev.mailover.oauth2.TokenEndpointStub.rotated;
import static dev.mailover.oauth2.TokenEndpointStub.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.mailover.Email;
import dev.mailover.HealthCheck;
import dev.mailover.MailException;
import dev.mailover.smtp.SmtpMailer;
import dev.mailover.smtp.SmtpSecurity;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;

/**
 * Everything is logged at TRACE to target/mailover-oauth2-test.log (see simplelogger.properties).
 * After tokens were fetched, a refresh token rotated, a token refused by the SMTP server and the
 * token endpoint echoing the secrets in its error, no client secret, refresh token or access token
 * appears there (as written or in base64), nor in any exception message, stack trace, health check
 * or {@code toString()}.
 */
class SecretsInOutputTest {

    private static final Path LOG = Path.of("target/mailover-oauth2-test.log");
    private static final String SECRET = "GOCSPX-Client-Secret-4711";
    private static final String REFRESH_1 = "1//0gFirst-Refresh-Token-0815";
    private static final String REFRESH_2 = "1//0gRotated-Refresh-Token-4242";
    private static final String REFUSED_TOKEN = "ya29.Refused-Access-Token-1234";
    private static final String GOOD_TOKEN = "ya29.Good-Access-Token-5678";
    private static final String USER = "sender@gmail.example";

    @Test
    void noSecretAppearsInAnyOutputEvenAtTrace() throws Exception {
        List<String> outputs = new ArrayList<>();
        GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        smtp.withConfiguration(GreenMailConfiguration.aConfig().withUser(USER, USER, GOOD_TOKEN));
        smtp.start();
        try (MockWebServer endpoint = new MockWebServer()) {
            endpoint.start();
            endpoint.enqueue(rotated(REFUSED_TOKEN, REFRESH_2));
            endpoint.enqueue(token(GOOD_TOKEN, 3599));
            for (int i = 0; i < 2; i++) { // the check, then the last get()
                endpoint.enqueue(TokenEndpointStub.json(400, "{\"error\":\"invalid_grant\",\"error_description\":"
                        + "\"refresh token " + REFRESH_2 + " of client " + CLIENT_ID + " with secret " + SECRET
                        + " was revoked\"}"));
            }
            OAuth2TokenSource tokens = OAuth2TokenSource.builder()
                    .refreshToken(endpoint.url("/token").toString(), CLIENT_ID, SECRET, REFRESH_1).build();
            try (SmtpMailer m = SmtpMailer.builder().host("127.0.0.1").port(smtp.getSmtp().getPort())
                    .security(SmtpSecurity.NONE).allowPlaintextAuth(true).readTimeout(Duration.ofSeconds(5))
                    .oauth2(USER, tokens).build()) {
                m.send(Email.builder().from(USER).to("to@example.org").subject("s").text("body").build());
                tokens.invalidate();
                HealthCheck check = m.check();
                MailException e = catchThrowableOfType(MailException.class, tokens::get);

                assertThat(smtp.getReceivedMessages()).hasSize(1);
                assertThat(check.failure()).hasValue(dev.mailover.FailureKind.AUTHENTICATION_FAILED);
                assertThat(e.detail()).contains("of client " + CLIENT_ID + " with secret **** was revoked");
                StringWriter trace = new StringWriter();
                e.printStackTrace(new PrintWriter(trace));
                outputs.addAll(List.of(e.getMessage(), e.detail(), e.hint(), trace.toString(), check.toString(),
                        check.detail(), tokens.toString(), m.toString()));
            }
        } finally {
            smtp.stop();
        }
        outputs.add(Files.readString(LOG, StandardCharsets.UTF_8));

        assertThat(outputs.get(outputs.size() - 1)).contains("requesting an OAuth2 access token")
                .contains("rotated the refresh token").contains("AUTH XOAUTH2");
        for (String secret : List.of(SECRET, REFRESH_1, REFRESH_2, REFUSED_TOKEN, GOOD_TOKEN)) {
            String base64 = Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8));
            for (String out : outputs) {
                assertThat(out).doesNotContain(secret).doesNotContain(base64);
            }
        }
    }
}
