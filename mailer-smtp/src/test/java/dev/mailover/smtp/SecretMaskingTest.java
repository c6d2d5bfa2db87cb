package dev.mailover.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mailover.Email;
import dev.mailover.FailureKind;
import dev.mailover.HealthCheck;
import dev.mailover.MailException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** No password or token in any exception message, toString() or log line, even when the server echoes it. */
class SecretMaskingTest {

    private static final String PASSWORD = "Echoed-Passw0rd-4711";
    private static final String TOKEN = "ya29.Echoed-Token-0815";
    private static final Path LOG = Path.of("target/mailover-smtp-test.log");
    private static final Email EMAIL = Email.builder().from("sender@example.com").to("to@example.org")
            .subject("s").text("body").build();

    private static ScriptedSmtpServer echoingServer(String secret) throws Exception {
        return ScriptedSmtpServer.builder().startTls(TestCertificates.serverContext(TestCertificates.LOCALHOST))
                .capabilities("AUTH PLAIN LOGIN XOAUTH2")
                .on("AUTH", "535 5.7.8 Authentication failed for app-user with " + secret + " ("
                        + Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)) + ")")
                .start();
    }

    private static SmtpMailer.Builder mailer(ScriptedSmtpServer server) {
        return SmtpMailer.builder().host("localhost").port(server.port())
                .trustedCertificates(TestCertificates.CA.certificate()).readTimeout(Duration.ofSeconds(2));
    }

    @Test
    void passwordNeverAppearsInTheExceptionToStringHealthCheckOrLogs() throws Exception {
        try (ScriptedSmtpServer server = echoingServer(PASSWORD);
             SmtpMailer m = mailer(server).credentials("app-user", PASSWORD).build()) {
            MailException e = catchThrowableOfType(MailException.class, () -> m.send(EMAIL));
            HealthCheck check = m.check();

            assertThat(e.kind()).isEqualTo(FailureKind.AUTHENTICATION_FAILED);
            assertThat(server.commands()).anyMatch(c -> c.startsWith("AUTH")); // the password did travel, over TLS
            assertNoSecret(PASSWORD, e, check, m);
        }
    }

    @Test
    void oauth2TokenNeverAppearsInTheExceptionToStringHealthCheckOrLogs() throws Exception {
        try (ScriptedSmtpServer server = echoingServer(TOKEN);
             SmtpMailer m = mailer(server).oauth2("app-user", () -> TOKEN).build()) {
            MailException e = catchThrowableOfType(MailException.class, () -> m.send(EMAIL));
            HealthCheck check = m.check();

            assertThat(e.kind()).isEqualTo(FailureKind.AUTHENTICATION_FAILED);
            assertThat(server.commands()).anyMatch(c -> c.startsWith("AUTH XOAUTH2"));
            assertNoSecret(TOKEN, e, check, m);
        }
    }

    @Test
    void probePasswordNeverAppearsInItsToStringOrSettings() {
        SmtpProbe.Builder b = SmtpProbe.builder().host("localhost").credentials("app-user", PASSWORD);

        assertThat(b.build().toString()).contains("app-user").doesNotContain(PASSWORD);
        assertThat(b.settings().toString()).contains("app-user").contains("****").doesNotContain(PASSWORD);
    }

    private static void assertNoSecret(String secret, MailException e, HealthCheck check, SmtpMailer m) throws Exception {
        String base64 = Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8));
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        String[] texts = {e.getMessage(), e.toString(), e.detail(), e.hint(), check.toString(), check.detail(),
            m.toString(), Files.readString(LOG, StandardCharsets.UTF_8), trace.toString()};
        for (String text : texts) {
            assertThat(text).doesNotContain(secret).doesNotContain(base64);
        }
        assertThat(e.getMessage()).contains("****");
    }
}
