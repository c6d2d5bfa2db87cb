package dev.mailover.smtp;

import static dev.mailover.smtp.ScriptedSmtpServer.ECHO;
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
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A server that echoes the client's AUTH argument back in its refusal reveals nothing, in any secret
 * form: AUTH PLAIN (user names of every length modulo 3, which put the password at every base64
 * alignment: it follows two copies of the user), AUTH LOGIN and XOAUTH2; not in the exception, not in toString(), not in the health
 * check, and not in the dialogue log at TRACE.
 */
class EchoedCredentialsTest {

    private static final Path LOG = Path.of("target/mailover-smtp-test.log");
    private static final Email EMAIL = Email.builder().from("sender@example.com").to("to@example.org")
            .subject("s").text("body").build();
    private static final Pattern BASE64_WORD = Pattern.compile("[A-Za-z0-9+/=_-]{6,}");

    private static ScriptedSmtpServer echoing(String capabilities) throws Exception {
        return ScriptedSmtpServer.builder().startTls(TestCertificates.serverContext(TestCertificates.LOCALHOST))
                .capabilities(capabilities)
                .on("AUTH", "535 5.7.8 Authentication failed, you sent: " + ECHO).start();
    }

    private static SmtpMailer.Builder mailer(ScriptedSmtpServer server) {
        return SmtpMailer.builder().host("localhost").port(server.port())
                .trustedCertificates(TestCertificates.CA.certificate()).readTimeout(Duration.ofSeconds(2));
    }

    @ParameterizedTest(name = "user name of length {0}")
    @ValueSource(strings = {"ops", "ops1", "ops12"})
    void anEchoedAuthPlainBlobRevealsNeitherPasswordNorBlob(String user) throws Exception {
        String password = "Plain-Echo-Passw0rd-" + user.length();
        try (ScriptedSmtpServer server = echoing("AUTH PLAIN");
             SmtpMailer m = mailer(server).credentials(user, password).build()) {
            MailException e = catchThrowableOfType(MailException.class, () -> m.send(EMAIL));
            HealthCheck check = m.check();

            assertThat(e.kind()).isEqualTo(FailureKind.AUTHENTICATION_FAILED);
            // Angus sends the user as the authorization id too: user NUL user NUL password.
            String blob = Base64.getEncoder().encodeToString((user + "\0" + user + "\0" + password)
                    .getBytes(StandardCharsets.UTF_8));
            assertThat(server.commands()).as("the server did get the blob, and echoed it")
                    .anyMatch(c -> c.contains(blob));
            assertThat(e.getMessage()).contains("you sent: AUTH PLAIN ****");
            assertNothingReveals(password, blob, server, e, check, m);
        }
    }

    @Test
    void anEchoedAuthLoginPasswordLineRevealsNothing() throws Exception {
        String password = "Login-Echo-Passw0rd";
        try (ScriptedSmtpServer server = echoing("AUTH LOGIN");
             SmtpMailer m = mailer(server).credentials("login-user", password).build()) {
            MailException e = catchThrowableOfType(MailException.class, () -> m.send(EMAIL));
            HealthCheck check = m.check();

            assertThat(e.kind()).isEqualTo(FailureKind.AUTHENTICATION_FAILED);
            String line = Base64.getEncoder().encodeToString(password.getBytes(StandardCharsets.UTF_8));
            assertThat(server.commands()).as("AUTH LOGIN was used").contains("AUTH LOGIN");
            assertThat(e.getMessage()).contains("you sent: ****");
            assertNothingReveals(password, line, server, e, check, m);
        }
    }

    @ParameterizedTest(name = "user name of length {0}")
    @ValueSource(strings = {"me@a.io", "me@ab.io", "me@abc.io"})
    void anEchoedXoauth2StringRevealsNeitherTokenNorString(String user) throws Exception {
        String token = "ya29.Echoed-Xoauth2-Token-" + user.length();
        try (ScriptedSmtpServer server = echoing("AUTH XOAUTH2");
             SmtpMailer m = mailer(server).oauth2(user, () -> token).build()) {
            MailException e = catchThrowableOfType(MailException.class, () -> m.send(EMAIL));
            HealthCheck check = m.check();

            assertThat(e.kind()).isEqualTo(FailureKind.AUTHENTICATION_FAILED);
            String blob = Base64.getEncoder().encodeToString(("user=" + user + "\u0001auth=Bearer " + token + "\u0001\u0001")
                    .getBytes(StandardCharsets.UTF_8));
            assertThat(server.commands()).anyMatch(c -> c.startsWith("AUTH XOAUTH2"));
            assertNothingReveals(token, blob, server, e, check, m);
        }
    }

    private static void assertNothingReveals(String secret, String blob, ScriptedSmtpServer server, MailException e,
                                             HealthCheck check, SmtpMailer m) throws Exception {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        List<String> log = linesAbout(server);
        assertThat(log).as("the dialogue is logged at TRACE").anyMatch(l -> l.contains("TRACE"));
        assertThat(log).as("the echo was logged, masked").anyMatch(l -> l.contains("you sent: ") && l.contains("****"));
        List<String> texts = new ArrayList<>(List.of(e.getMessage(), e.toString(), e.detail(), e.hint(), trace.toString(),
                check.toString(), check.detail(), check.hint(), m.toString()));
        texts.addAll(log);
        for (String text : texts) {
            assertThat(text).doesNotContain(secret).doesNotContain(blob);
            assertThat(decodable(text)).as("base64 in: %s", text).noneMatch(d -> d.contains(secret));
        }
    }

    /** The log lines of this server's connections. */
    private static List<String> linesAbout(ScriptedSmtpServer server) throws Exception {
        String endpoint = "[localhost:" + server.port() + "]";
        return Files.readAllLines(LOG, StandardCharsets.UTF_8).stream().filter(l -> l.contains(endpoint)).toList();
    }

    /** Everything a base64 word of the text decodes to, at every alignment: what a reader could recover. */
    private static List<String> decodable(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = BASE64_WORD.matcher(text);
        while (m.find()) {
            String word = m.group().replace('-', '+').replace('_', '/').replace("=", "");
            for (int start = 0; start < 4 && start < word.length(); start++) {
                String aligned = word.substring(start);
                aligned = aligned.substring(0, aligned.length() - aligned.length() % 4);
                try {
                    out.add(new String(Base64.getDecoder().decode(aligned), StandardCharsets.ISO_8859_1));
                } catch (IllegalArgumentException notBase64) {
                    // not decodable at this alignment
                }
            }
        }
        return out;
    }
}
