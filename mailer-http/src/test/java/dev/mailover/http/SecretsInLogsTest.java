package dev.mailover.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mailover.Email;
import dev.mailover.MailException;
import dev.mailover.Mailer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;

/**
 * Logs are written at debug to target/mailover-http-test.log (see simplelogger.properties): after
 * successful sends, classified failures and an unclassified one, no key appears there, in plain or
 * base64 form, nor in any exception message.
 */
class SecretsInLogsTest {

    private static final String SENDGRID_KEY = "SG.logcheck-sendgrid-9f8e7d";
    private static final String MAILGUN_KEY = "key-logcheck-mailgun-6c5b4a";
    private static final String POSTMARK_TOKEN = "logcheck-postmark-3d2e1f";

    @Test
    void keysNeverReachTheLogsOrExceptionMessages() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            String base = server.url("/").toString();
            Map<Mailer, String> mailers = new LinkedHashMap<>();
            mailers.put(SendGridMailer.builder().apiKey(SENDGRID_KEY).baseUrl(base).build(), SENDGRID_KEY);
            mailers.put(MailgunMailer.builder().apiKey(MAILGUN_KEY).domain("mg.example.com").baseUrl(base).build(), MAILGUN_KEY);
            mailers.put(PostmarkMailer.builder().serverToken(POSTMARK_TOKEN).baseUrl(base).build(), POSTMARK_TOKEN);
            StringBuilder messages = new StringBuilder();
            for (Map.Entry<Mailer, String> entry : mailers.entrySet()) {
                Mailer mailer = entry.getKey();
                String secret = entry.getValue(); // a server may echo the credential it was given
                Email email = TestEmails.simple();
                server.enqueue(new MockResponse.Builder().code(200).addHeader("X-Message-Id", "log-ok")
                        .body("{\"id\":\"<log-ok@mg.example.com>\",\"MessageID\":\"log-ok\",\"ErrorCode\":0}").build());
                mailer.send(email);
                server.enqueue(new MockResponse.Builder().code(401).body("bad key " + secret).build());
                messages.append(catchThrowableOfType(MailException.class, () -> mailer.send(email)).getMessage());
                server.enqueue(new MockResponse.Builder().code(299).body("odd " + secret).build()); // not the success shape
                messages.append(catchThrowableOfType(MailException.class, () -> mailer.send(email)).getMessage());
                server.enqueue(new MockResponse.Builder().code(600).body("unclassified").build());
                messages.append(catchThrowableOfType(MailException.class, () -> mailer.send(email)).getMessage());
                int checkCalls = mailer instanceof MailgunMailer ? 2 : 1; // Mailgun probes the key after a 401
                for (int i = 0; i < checkCalls; i++) {
                    server.enqueue(new MockResponse.Builder().code(401).body("{\"message\":\"no such key " + secret + "\"}").build());
                }
                messages.append(mailer.check()).append(mailer);
                mailer.close();
            }

            String log = Files.readString(Path.of("target/mailover-http-test.log"), StandardCharsets.UTF_8);
            assertThat(log).contains("accepted").contains("unclassified HTTP 600");
            for (String secret : List.of(SENDGRID_KEY, MAILGUN_KEY, POSTMARK_TOKEN)) {
                String base64 = Base64.getEncoder().encodeToString(("api:" + secret).getBytes(StandardCharsets.UTF_8));
                assertThat(log).doesNotContain(secret).doesNotContain(base64);
                assertThat(messages.toString()).doesNotContain(secret);
            }
        }
    }
}
