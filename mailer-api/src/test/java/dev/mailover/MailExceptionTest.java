package dev.mailover;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class MailExceptionTest {

    @Test
    void messageNamesKindTransportReplyAndHint() {
        MailException e = MailException.builder(FailureKind.AUTHENTICATION_FAILED, "smtp")
                .code(534).detail("534-5.7.9 Application-specific password required")
                .hint("The provider requires an app password.").build();

        assertThat(e.getMessage()).isEqualTo("AUTHENTICATION_FAILED on smtp (534): "
                + "534-5.7.9 Application-specific password required. Hint: The provider requires an app password.");
        assertThat(e.code()).hasValue(534);
        assertThat(e.kind()).isEqualTo(FailureKind.AUTHENTICATION_FAILED);
        assertThat(e.transport()).isEqualTo("smtp");
    }

    @Test
    void usesTheKindsHintWhenNoneIsGiven() {
        MailException e = MailException.builder(FailureKind.DNS_FAILURE, "sendgrid").build();

        assertThat(e.hint()).isEqualTo(FailureKind.DNS_FAILURE.defaultHint());
        assertThat(e.code()).isEmpty();
        assertThat(e.retryAfter()).isEmpty();
        assertThat(e.possiblyDelivered()).isFalse();
    }

    @Test
    void masksSecretsPlainBase64AndPercentEncoded() {
        String secret = "hunter2/+?";
        String b64 = Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8));
        MailException e = MailException.builder(FailureKind.AUTHENTICATION_FAILED, "smtp")
                .secret(secret)
                .detail("server echoed " + secret + " and AUTH PLAIN " + b64 + " and hunter2%2F%2B%3F")
                .hint("do not use " + secret).build();

        assertThat(e.getMessage()).doesNotContain("hunter2").doesNotContain(b64).contains("****");
        assertThat(e.detail()).doesNotContain("hunter2");
        assertThat(e.hint()).doesNotContain("hunter2");
    }

    @Test
    void reportsPossibleDeliveryRetryAfterAndRefusedRecipients() {
        MailException e = MailException.builder(FailureKind.RECIPIENT_REJECTED, "smtp")
                .retryAfter(Duration.ofSeconds(3)).possiblyDelivered(true)
                .rejectedRecipients(List.of("nobody@example.org")).build();

        assertThat(e.retryAfter()).contains(Duration.ofSeconds(3));
        assertThat(e.getMessage()).contains("may have been delivered").contains("refused: nobody@example.org");
    }

    @Test
    void toBuilderKeepsEverythingAndAddsAttempts() {
        IllegalStateException cause = new IllegalStateException("root");
        MailException original = MailException.builder(FailureKind.RATE_LIMITED, "sendgrid")
                .code(429).retryAfter(Duration.ofSeconds(1)).detail("too many requests").cause(cause).build();
        List<Attempt> attempts = List.of(Attempt.failed("sendgrid", FailureKind.RATE_LIMITED, "429", Duration.ofMillis(5)));

        MailException copy = original.toBuilder().attempts(attempts).build();

        assertThat(copy.code()).hasValue(429);
        assertThat(copy.retryAfter()).contains(Duration.ofSeconds(1));
        assertThat(copy.getCause()).isSameAs(cause);
        assertThat(copy.attempts()).isEqualTo(attempts);
        assertThat(copy.getMessage()).isEqualTo(original.getMessage());
    }

    @Test
    void aCauseThatEchoesASecretIsReplacedByAMaskedCopyKeepingItsClassAndStack() {
        java.io.IOException root = new java.io.IOException("reset while sending s3cr3t-pass");
        IllegalStateException cause = new IllegalStateException("535 auth failed for s3cr3t-pass", root);

        MailException e = MailException.builder(FailureKind.AUTHENTICATION_FAILED, "smtp")
                .secret("s3cr3t-pass").cause(cause).build();

        java.io.StringWriter trace = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(trace));
        assertThat(trace.toString()).doesNotContain("s3cr3t-pass")
                .contains("java.lang.IllegalStateException: 535 auth failed for ****")
                .contains("java.io.IOException: reset while sending ****");
        assertThat(e.getCause().getStackTrace()).isEqualTo(cause.getStackTrace());
        assertThat(e.getCause().getCause().getStackTrace()).isEqualTo(root.getStackTrace());
    }

    @Test
    void aCauseWithoutSecretsIsKeptAsItIs() {
        IllegalStateException cause = new IllegalStateException("535 auth failed");

        MailException e = MailException.builder(FailureKind.AUTHENTICATION_FAILED, "smtp")
                .secret("s3cr3t-pass").cause(cause).build();

        assertThat(e.getCause()).isSameAs(cause);
    }
}
