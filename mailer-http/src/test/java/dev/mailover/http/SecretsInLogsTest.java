package dev.mailover.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mailover.Email;
import dev.mailover.MailException;
import dev.mailover.Mailer;
import dev.mailover.SendResult;
import dev.mailover.testing.TestEmails;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Logs are written at TRACE to target/mailover-http-test.log (see simplelogger.properties): after
 * successful sends, classified failures and an unclassified one, no key appears there, in plain or
 * base64 form, nor in any exception message, detail, {@code toString()} or health check.
 */
class SecretsInLogsTest {

    /** Each way a credential travels, and the form a server echoing it back would show. */
    enum SecretForm {
        BEARER(HttpMailers.SENDGRID) {
            @Override
            String echoed() {
                return "Authorization: Bearer " + provider.secret();
            }
        },
        BASIC(HttpMailers.MAILGUN) {
            @Override
            String echoed() {
                return "Authorization: Basic " + Base64.getEncoder().encodeToString(("api:" + provider.secret())
                        .getBytes(StandardCharsets.UTF_8));
            }
        },
        SERVER_TOKEN(HttpMailers.POSTMARK) {
            @Override
            String echoed() {
                return "X-Postmark-Server-Token: " + provider.secret();
            }
        },
        RESEND_BEARER(HttpMailers.RESEND) {
            @Override
            String echoed() {
                return "Authorization: Bearer " + provider.secret();
            }
        },
        API_KEY_HEADER(HttpMailers.BREVO) {
            @Override
            String echoed() {
                return "api-key: " + provider.secret();
            }
        };

        final HttpMailers provider;

        SecretForm(HttpMailers provider) {
            this.provider = provider;
        }

        /** The credential as the request carried it, which a server may echo in its answer. */
        abstract String echoed();

        /** Every text that would reveal the credential. */
        List<String> revealing() {
            String basic = Base64.getEncoder().encodeToString(("api:" + provider.secret()).getBytes(StandardCharsets.UTF_8));
            return List.of(provider.secret(), basic, basic.substring(4, 20));
        }
    }

    @ParameterizedTest
    @EnumSource(SecretForm.class)
    void echoedCredentialIsMaskedInTheExceptionToStringAndTheTraceLog(SecretForm form) throws Exception {
        String name = "secret-" + form.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        String echo = form.echoed().replace("\"", "'");
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            server.enqueue(new MockResponse.Builder(form.provider.accepted("echo-1")).addHeader("X-Echo", echo).build());
            server.enqueue(HttpMailers.json(403, "{\"message\":\"refused " + echo + "\",\"Message\":\"refused " + echo
                    + "\",\"errors\":[{\"message\":\"refused " + echo + "\"}]}").newBuilder().addHeader("X-Echo", echo).build());
            server.enqueue(HttpMailers.json(401, "{\"message\":\"no such key " + echo + "\"}"));
            server.enqueue(HttpMailers.json(401, "{\"message\":\"no such key " + echo + "\"}")); // Mailgun probes twice
            StringBuilder seen = new StringBuilder();
            try (Mailer mailer = form.provider.create(server.url("/").toString(), java.time.Duration.ofSeconds(10), name)) {
                SendResult delivered = mailer.send(TestEmails.simple());
                MailException refused = catchThrowableOfType(MailException.class, () -> mailer.send(TestEmails.simple()));
                seen.append(delivered.attempts()).append('\n').append(refused.getMessage()).append('\n')
                        .append(refused.detail()).append('\n').append(refused.hint()).append('\n')
                        .append(mailer).append('\n').append(mailer.check()).append('\n');
                for (Throwable t = refused.getCause(); t != null; t = t.getCause()) {
                    seen.append(t).append('\n');
                }
                assertThat(refused.getMessage()).contains("****");
            }
            String log = Files.readString(Path.of("target/mailover-http-test.log"), StandardCharsets.UTF_8);
            String ours = log.lines().filter(l -> l.contains(name + ":")).reduce("", (a, b) -> a + b + "\n");
            assertThat(ours).as("the mailer logged").contains(name + ": ");
            assertThat(ours).as("the exchange log ran at TRACE").contains("TRACE", name + ": --> POST", "X-Echo: ");
            for (String secret : form.revealing()) {
                assertThat(seen.toString()).doesNotContain(secret);
                assertThat(log).doesNotContain(secret);
            }
        }
    }

    @Test
    void keysNeverReachTheLogsOrExceptionMessages() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            String base = server.url("/").toString();
            StringBuilder messages = new StringBuilder();
            for (HttpMailers provider : HttpMailers.values()) {
                String secret = provider.secret(); // a server may echo the credential it was given
                Mailer mailer = provider.create(base, java.time.Duration.ofSeconds(10));
                Email email = TestEmails.simple();
                server.enqueue(provider.accepted("log-ok"));
                mailer.send(email);
                server.enqueue(new MockResponse.Builder().code(401).body("bad key " + secret).build());
                messages.append(catchThrowableOfType(MailException.class, () -> mailer.send(email)).getMessage());
                server.enqueue(new MockResponse.Builder().code(299).body("odd " + secret).build()); // not the success shape
                messages.append(catchThrowableOfType(MailException.class, () -> mailer.send(email)).getMessage());
                server.enqueue(new MockResponse.Builder().code(600).body("unclassified").build());
                messages.append(catchThrowableOfType(MailException.class, () -> mailer.send(email)).getMessage());
                int checkCalls = provider == HttpMailers.MAILGUN ? 2 : 1; // Mailgun probes the key after a 401
                for (int i = 0; i < checkCalls; i++) {
                    server.enqueue(new MockResponse.Builder().code(401).body("{\"message\":\"no such key " + secret + "\"}").build());
                }
                messages.append(mailer.check()).append(mailer);
                mailer.close();
            }

            String log = Files.readString(Path.of("target/mailover-http-test.log"), StandardCharsets.UTF_8);
            assertThat(log).contains("accepted").contains("unclassified HTTP 600");
            for (HttpMailers provider : HttpMailers.values()) {
                String base64 = Base64.getEncoder().encodeToString(("api:" + provider.secret()).getBytes(StandardCharsets.UTF_8));
                assertThat(log).doesNotContain(provider.secret()).doesNotContain(base64);
                assertThat(messages.toString()).doesNotContain(provider.secret());
            }
        }
    }
}
