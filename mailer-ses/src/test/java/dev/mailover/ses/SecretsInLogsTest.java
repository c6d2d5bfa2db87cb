package dev.mailover.ses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mailover.MailException;
import dev.mailover.Mailer;
import dev.mailover.SendResult;
import dev.mailover.testing.TestEmails;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Logs are written at TRACE to target/mailover-ses-test.log (see simplelogger.properties): after a
 * successful send and a refused one whose answer echoes the credentials, neither the access key id nor
 * the secret access key appears there, nor in any exception message, detail, {@code toString()} or
 * health check.
 */
class SecretsInLogsTest {

    @RegisterExtension
    final MockSes ses = new MockSes();

    @Test
    void echoedCredentialsAreMaskedInTheExceptionToStringAndTheLog() throws Exception {
        String name = "secret-ses";
        String echo = "credentials " + MockSes.ACCESS_KEY_ID + "/" + MockSes.SECRET;
        ses.server().enqueue(MockSes.accepted("echo-1").newBuilder().addHeader("X-Echo", echo).build());
        ses.server().enqueue(MockSes.error(403, "AccessDeniedException", "refused " + echo).newBuilder()
                .addHeader("X-Echo", echo).build());
        ses.server().enqueue(MockSes.error(403, "UnrecognizedClientException", "no such key " + echo));
        StringBuilder seen = new StringBuilder();
        try (Mailer mailer = ses.mailer(Duration.ofSeconds(10), name)) {
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
        String log = Files.readString(Path.of("target/mailover-ses-test.log"), StandardCharsets.UTF_8);
        String ours = log.lines().filter(l -> l.contains(name + ":")).reduce("", (a, b) -> a + b + "\n");
        assertThat(ours).as("the mailer logged").contains(name + ": ");
        for (String secret : List.of(MockSes.SECRET, MockSes.ACCESS_KEY_ID)) {
            assertThat(seen.toString()).doesNotContain(secret);
            assertThat(log).doesNotContain(secret);
        }
    }
}
