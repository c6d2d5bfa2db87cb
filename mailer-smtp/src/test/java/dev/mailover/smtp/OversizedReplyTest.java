package dev.mailover.smtp;

import static dev.mailover.smtp.ScriptedSmtpServer.FLOOD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mailover.Diagnosis;
import dev.mailover.Email;
import dev.mailover.FailureKind;
import dev.mailover.Finding;
import dev.mailover.MailException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Sizes are bounded in what the SMTP side produces: an endless reply line is cut off after 1 MiB
 * instead of filling memory, and a long one never becomes a long detail, hint, log line or finding.
 */
class OversizedReplyTest {

    private static final Email EMAIL = Email.builder().from("sender@example.com").to("to@example.org")
            .subject("s").text("body").build();
    private static final Path LOG = Path.of("target/mailover-smtp-test.log");
    /** A refusal with 300 000 characters of text: under the 1 MiB limit, far over any reasonable message. */
    private static final String LONG_REFUSAL = "550 5.1.1 <to@example.org>: Recipient address rejected: "
            + "y".repeat(300_000);

    private static SmtpMailer.Builder mailer(ScriptedSmtpServer server, SmtpSecurity security) {
        return SmtpMailer.builder().host("localhost").port(server.port()).security(security)
                .trustedCertificates(TestCertificates.CA.certificate())
                .connectTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofSeconds(2));
    }

    @Test
    void anEndlessGreetingLineIsCutOffAfterOneMebibyteInsteadOfFillingMemory() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().on("GREETING", "220" + FLOOD).start();
             SmtpMailer m = mailer(server, SmtpSecurity.NONE).build()) {
            MailException e = catchThrowableOfType(MailException.class, () -> m.send(EMAIL));

            assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION_LOST);
            assertThat(e.hint()).contains("sent more than any SMTP reply holds").contains("check the host and port");
            assertThat(e.detail()).contains("more than 1 MiB");
            assertThat(e.connectionFailed()).isTrue();
            assertThat(e.getMessage().length()).isLessThan(3 * MailException.MAX_DETAIL);
            // The socket buffers hold some more, but the server never got far into its 64 MiB.
            assertThat(server.flooded()).isLessThan(16L * 1024 * 1024);
        }
    }

    @Test
    void anEndlessReplyLineOverImplicitTlsIsCutOffToo() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                .implicitTls(TestCertificates.serverContext(TestCertificates.LOCALHOST))
                .on("GREETING", "220" + FLOOD).start();
             SmtpMailer m = mailer(server, SmtpSecurity.SMTPS).build()) {
            MailException e = catchThrowableOfType(MailException.class, () -> m.send(EMAIL));

            assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION_LOST);
            assertThat(e.hint()).contains("sent more than any SMTP reply holds");
            assertThat(server.flooded()).isLessThan(16L * 1024 * 1024);
        }
    }

    @Test
    void anEndlessEhloReplyAfterStartTlsIsCutOffToo() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                .startTls(TestCertificates.serverContext(TestCertificates.LOCALHOST))
                .on("EHLO", "250-scripted.test\r\n250-STARTTLS\r\n250 SIZE 100", "250" + FLOOD).start();
             SmtpMailer m = mailer(server, SmtpSecurity.STARTTLS).build()) {
            MailException e = catchThrowableOfType(MailException.class, () -> m.send(EMAIL));

            assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION_LOST);
            assertThat(e.hint()).contains("sent more than any SMTP reply holds");
            assertThat(server.commands()).contains("STARTTLS").noneMatch(c -> c.startsWith("MAIL"));
        }
    }

    @Test
    void aLongRefusalBecomesABoundedDetailHintAndLog() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().on("RCPT", LONG_REFUSAL).start();
             SmtpMailer m = mailer(server, SmtpSecurity.NONE).build()) {
            MailException e = catchThrowableOfType(MailException.class, () -> m.send(EMAIL));

            assertThat(e.kind()).isEqualTo(FailureKind.RECIPIENT_REJECTED);
            assertThat(e.detail().length()).isLessThanOrEqualTo(MailException.MAX_DETAIL + 40);
            assertThat(e.hint().length()).isLessThan(600);
            assertThat(e.getMessage().length()).isLessThan(2 * MailException.MAX_DETAIL);
            assertThat(Files.readAllLines(LOG, StandardCharsets.UTF_8))
                    .as("the dialogue log cuts long lines")
                    .allMatch(line -> line.length() < SmtpDialogueLog.MAX_LINE + 200)
                    .anyMatch(line -> line.contains("Recipient address rejected") && line.contains("line cut"));
        }
    }

    @Test
    void theDoctorsFindingsStayShortWhenTheGreetingIsLong() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                .on("GREETING", "220 " + "z".repeat(4000)).start()) {
            Diagnosis d = SmtpProbe.builder().host("localhost").ports(587).dial(587, server.port())
                    .timeout(Duration.ofSeconds(2)).build().run();

            Finding greeting = d.findings().stream().filter(f -> f.step().equals("greeting")).findFirst().orElseThrow();
            assertThat(greeting.detail()).startsWith("220 zzz").contains("more characters");
            assertThat(d.findings()).allMatch(f -> f.detail().length() <= MailException.MAX_DETAIL + 40
                    && f.hint().length() <= MailException.MAX_DETAIL + 40);
        }
    }
}
