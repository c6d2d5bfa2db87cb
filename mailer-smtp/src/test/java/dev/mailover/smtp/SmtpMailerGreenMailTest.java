package dev.mailover.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import dev.mailover.Attachment;
import dev.mailover.Email;
import dev.mailover.FailureKind;
import dev.mailover.HealthCheck;
import dev.mailover.MailException;
import dev.mailover.SendResult;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SmtpMailerGreenMailTest {

    private static GreenMail greenMail;

    @BeforeAll
    static void startServer() {
        greenMail = GreenMailServers.start(0, 0);
    }

    @AfterAll
    static void stopServer() {
        greenMail.stop();
    }

    @BeforeEach
    void purge() throws Exception {
        greenMail.purgeEmailFromAllMailboxes();
    }

    private static SmtpMailer.Builder plain() {
        return SmtpMailer.builder().host("localhost").port(greenMail.getSmtp().getPort()).security(SmtpSecurity.NONE)
                .connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(5));
    }

    private static SmtpMailer.Builder smtps() {
        return SmtpMailer.builder().host("localhost").port(greenMail.getSmtps().getPort()).security(SmtpSecurity.SMTPS)
                .trustedCertificates(TestCertificates.CA.certificate())
                .connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(5));
    }

    private static Email.Builder email() {
        return Email.builder().from("Sender Name <sender@example.com>").to("to@localhost").subject("Grüße ✓");
    }

    @Test
    void sendsTextHtmlAndAttachmentsAsOneMimeMessageOverPlainSmtp() throws Exception {
        try (SmtpMailer mailer = plain().build()) {
            Email e = email().text("plain").html("<p>html <img src=\"cid:logo\"></p>").cc("cc@localhost")
                    .bcc("hidden@localhost").header("X-Campaign", "spring").tag("welcome").metadata("user", "42")
                    .attach(Attachment.inline("logo", "logo.png", "image/png", new byte[] {1, 2, 3}))
                    .attach(Attachment.of("notes.txt", "text/plain", "hello".getBytes(StandardCharsets.UTF_8)))
                    .build();

            SendResult result = mailer.send(e);

            assertThat(result.messageId()).isEqualTo(e.messageId());
            assertThat(result.transport()).isEqualTo("smtp");
            MimeMessage[] received = greenMail.getReceivedMessages();
            assertThat(received).hasSize(3); // one copy per envelope recipient, Bcc included
            MimeMessage m = received[0];
            assertThat(m.getMessageID()).isEqualTo(e.messageId());
            assertThat(m.getSubject()).isEqualTo("Grüße ✓");
            assertThat(m.getHeader("Bcc")).isNull();
            assertThat(m.getHeader("X-Mailover-Tag")).containsExactly("welcome");
            assertThat(m.getHeader("X-Mailover-Meta-user")).containsExactly("42");
            assertThat(m.getContentType()).startsWith("multipart/mixed");
            assertThat(((Multipart) m.getContent()).getCount()).isEqualTo(2);
            assertThat(greenMail.getReceivedMessagesForDomain("localhost")).hasSize(3);
            assertThat(Arrays.stream(received).map(this::firstTo)).containsOnly("to@localhost");
        }
    }

    @Test
    void sendingTheSameEmailAgainKeepsItsMessageId() throws Exception {
        try (SmtpMailer mailer = plain().build()) {
            Email e = email().text("twice").build();

            mailer.send(e);
            mailer.send(e);

            assertThat(greenMail.getReceivedMessages()).extracting(MimeMessage::getMessageID)
                    .containsExactly(e.messageId(), e.messageId());
        }
    }

    @Test
    void sendsOverSmtpsWithPasswordAuthAndAVerifiedCertificate() throws Exception {
        try (SmtpMailer mailer = smtps().credentials(GreenMailServers.USER, GreenMailServers.PASSWORD).build()) {
            mailer.send(email().text("over TLS").build());

            assertThat(greenMail.getReceivedMessages()).hasSize(1);
        }
    }

    @Test
    void sendsOverSmtpsWithXoauth2FetchingTheTokenPerConnection() throws Exception {
        int[] fetched = {0};
        try (SmtpMailer mailer = smtps().oauth2(GreenMailServers.USER, () -> {
            fetched[0]++;
            return GreenMailServers.PASSWORD;
        }).build()) {
            mailer.send(email().text("xoauth2").build());

            assertThat(greenMail.getReceivedMessages()).hasSize(1);
            assertThat(fetched[0]).isEqualTo(1);
            assertThat(mailer.toString()).contains("oauth2=****").doesNotContain(GreenMailServers.PASSWORD);
        }
    }

    @Test
    void wrongPasswordIsAuthenticationFailedWith535AndNothingSent() {
        try (SmtpMailer mailer = smtps().credentials(GreenMailServers.USER, "wrong-Passw0rd-xyz").build()) {
            MailException e = (MailException) catchThrowable(() -> mailer.send(email().text("x").build()));

            assertThat(e.kind()).isEqualTo(FailureKind.AUTHENTICATION_FAILED);
            assertThat(e.code()).hasValue(535);
            assertThat(e.hint()).contains("user name or password");
            assertThat(e.possiblyDelivered()).isFalse();
            assertThat(greenMail.getReceivedMessages()).isEmpty();
        }
    }

    @Test
    void checkAuthenticatesOverSmtpsWithoutSendingAnything() {
        try (SmtpMailer mailer = smtps().credentials(GreenMailServers.USER, GreenMailServers.PASSWORD).build()) {
            HealthCheck check = mailer.check();

            assertThat(check.healthy()).as(check.toString()).isTrue();
            assertThat(check.detail()).contains("SMTPS").contains("TLSv1.").contains("authenticated as app-user");
            assertThat(greenMail.getReceivedMessages()).isEmpty();
        }
    }

    @Test
    void checkWithAWrongPasswordReportsTheFailureInsteadOfThrowing() {
        try (SmtpMailer mailer = smtps().credentials(GreenMailServers.USER, "wrong-Passw0rd-xyz").build()) {
            HealthCheck check = mailer.check();

            assertThat(check.healthy()).isFalse();
            assertThat(check.failure()).contains(FailureKind.AUTHENTICATION_FAILED);
            assertThat(check.detail()).contains("535").doesNotContain("wrong-Passw0rd-xyz");
        }
    }

    @Test
    void sendingAfterCloseFailsClearly() {
        SmtpMailer mailer = plain().build();
        mailer.close();
        mailer.close();

        assertThatThrownBy(() -> mailer.send(email().text("x").build()))
                .isInstanceOf(MailException.class).hasMessageContaining("closed");
        assertThat(mailer.check().healthy()).isFalse();
        assertThat(mailer.check().detail()).contains("closed");
    }

    @Test
    void afterCloseEverySendFailsAsInvalidConfigurationSayingItIsClosedAndNothingReachesTheServer() throws Exception {
        SmtpMailer mailer = plain().build();
        mailer.send(email().text("before close").build());
        mailer.close();
        Email email = email().text("after close").build();

        MailException plainSend = (MailException) catchThrowable(() -> mailer.send(email));
        MailException limitedSend = (MailException) catchThrowable(() -> mailer.send(email, Duration.ofSeconds(5)));
        CompletableFuture<SendResult> async = mailer.sendAsync(email);
        Throwable asyncFailure = org.assertj.core.api.Assertions.catchThrowable(() -> async.get(10, TimeUnit.SECONDS));

        for (MailException e : List.of(plainSend, limitedSend)) {
            assertThat(e.kind()).isEqualTo(FailureKind.INVALID_CONFIGURATION);
            assertThat(e.detail()).isEqualTo("the mailer is closed");
            assertThat(e.hint()).contains("closed").contains("build a new SmtpMailer");
        }
        assertThat(asyncFailure).isInstanceOf(ExecutionException.class).cause().isInstanceOf(MailException.class);
        MailException asyncCause = (MailException) asyncFailure.getCause();
        assertThat(asyncCause.kind()).isEqualTo(FailureKind.INVALID_CONFIGURATION);
        assertThat(asyncCause.detail()).isEqualTo("the mailer is closed");
        assertThat(mailer.check().failure()).contains(FailureKind.INVALID_CONFIGURATION);
        assertThat(greenMail.getReceivedMessages()).hasSize(1);
    }

    private String firstTo(MimeMessage m) {
        try {
            return m.getRecipients(Message.RecipientType.TO)[0].toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Throwable catchThrowable(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(call);
        assertThat(t).isInstanceOf(MailException.class);
        return t;
    }
}
