package dev.mailover.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailover.FailureKind;
import dev.mailover.MailException;
import dev.mailover.internal.Rule;
import dev.mailover.internal.TimeLimit;
import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The classifier's rules one by one, on the exception shapes Angus produces (see REFERENCE.md). */
class SmtpFailureClassifierTest {

    private static SmtpSettings settings(int port, SmtpSecurity security) {
        return SmtpMailer.builder().host("smtp.example.com").port(port).security(security).settings();
    }

    private static SmtpFailure failure(Exception e, SmtpPhase phase, int port, SmtpSecurity security) {
        return SmtpFailureClassifier.classify(e, phase, TimeLimit.none(), false, settings(port, security), Conversation.NONE);
    }

    private static MailException classify(Exception e, SmtpPhase phase, int port, SmtpSecurity security) {
        return failure(e, phase, port, security).toException(SmtpMailer.NAME, List.of("pw"), e);
    }

    private static SMTPSendFailedException reply(String command, int code, String text) {
        return new SMTPSendFailedException(command, code, text, null, new Address[0], new Address[0], new Address[0]);
    }

    @Test
    void everyRuleHasAName() {
        assertThat(SmtpFailureClassifier.RULES).allSatisfy(r -> assertThat(r.name()).isNotBlank());
        assertThat(SmtpFailureClassifier.RULES).extracting(Rule::name).doesNotHaveDuplicates();
    }

    @Test
    void sesThrottlingAtMailFromIsRateLimitedEvenWithoutAnEnhancedCode() {
        MailException e = classify(reply("MAIL FROM:<a@b.c>", 454, "454 Throttling failure: Daily message quota exceeded."),
                SmtpPhase.MAIL, 587, SmtpSecurity.STARTTLS);

        assertThat(e.kind()).isEqualTo(FailureKind.RATE_LIMITED);
        assertThat(e.code()).hasValue(454);
    }

    @Test
    void appPasswordRuleWinsOverTheGenericCredentialsRule() {
        MailException e = classify(new AuthenticationFailedException("534-5.7.9 Application-specific password required.\n"
                + "534 5.7.9 Learn more at https://support.google.com/mail/?p=InvalidSecondFactor"), SmtpPhase.AUTH, 587, SmtpSecurity.STARTTLS);

        assertThat(e.kind()).isEqualTo(FailureKind.AUTHENTICATION_FAILED);
        assertThat(e.code()).hasValue(534);
        assertThat(e.hint()).startsWith("the provider requires an app password");
    }

    @Test
    void greetingTimeoutIsATlsMismatchOnlyOn465WithoutSmtps() {
        MessagingException timeout = new MessagingException("Exception reading response", new SocketTimeoutException("Read timed out"));

        assertThat(classify(timeout, SmtpPhase.GREETING, 465, SmtpSecurity.STARTTLS).kind()).isEqualTo(FailureKind.TLS_FAILURE);
        assertThat(classify(timeout, SmtpPhase.GREETING, 587, SmtpSecurity.STARTTLS).kind()).isEqualTo(FailureKind.CONNECTION_TIMEOUT);
        assertThat(classify(timeout, SmtpPhase.GREETING, 25, SmtpSecurity.NONE).hint()).contains("port 25 is commonly blocked");
    }

    @Test
    void eofAfterTheDotIsPossiblyDeliveredButAReplyAfterTheDotIsNot() {
        MailException eof = classify(reply(".", -1, "[EOF]"), SmtpPhase.DOT, 587, SmtpSecurity.STARTTLS);
        MailException refused = classify(reply(".", 554, "554 5.7.1 spam"), SmtpPhase.DOT, 587, SmtpSecurity.STARTTLS);

        assertThat(eof.kind()).isEqualTo(FailureKind.CONNECTION_LOST);
        assertThat(eof.possiblyDelivered()).isTrue();
        assertThat(refused.kind()).isEqualTo(FailureKind.MESSAGE_REJECTED);
        assertThat(refused.possiblyDelivered()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "421 4.7.28 Rate limited, please try again in 5 minutes|RATE_LIMITED|PT5M",
            "451 4.3.0 Temporary failure, please try again in 30 seconds|SERVICE_UNAVAILABLE|PT30S"})
    void aWaitNamedInATemporaryReplyIsTheRetryAfterOfAnyRetryableKind(String reply, FailureKind kind, Duration wait) {
        MailException e = classify(reply("MAIL FROM:<a@b.c>", Integer.parseInt(reply.substring(0, 3)), reply),
                SmtpPhase.MAIL, 587, SmtpSecurity.STARTTLS);

        assertThat(e.kind()).isEqualTo(kind);
        assertThat(e.retryAfter()).contains(wait);
    }

    @Test
    void registeredSecretsAreMaskedInDetailAndHint() {
        MailException e = classify(new AuthenticationFailedException("535 5.7.8 bad password pw"), SmtpPhase.AUTH,
                587, SmtpSecurity.STARTTLS);

        assertThat(e.detail()).endsWith("bad password ****");
    }

    @Test
    void anUnmatchedFailureIsUnknownAndKeepsItsCause() {
        IllegalStateException odd = new IllegalStateException("something new");

        MailException e = classify(odd, SmtpPhase.IDLE, 587, SmtpSecurity.STARTTLS);

        assertThat(e.kind()).isEqualTo(FailureKind.UNKNOWN);
        assertThat(e.getCause()).isSameAs(odd);
    }

    @Test
    void anAddressInsideTheReplyIsNotTakenForAnEnhancedStatusCode() {
        MailException e = classify(reply("RCPT TO:<a@b.c>", 554, "554 Service unavailable; Client host [2.3.4.5] blocked"),
                SmtpPhase.RCPT, 587, SmtpSecurity.STARTTLS);

        assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION_REFUSED);
        assertThat(e.hint()).contains("(554)");
    }

    @Test
    void aCodeAtTheStartOfAPlainMessagingExceptionIsRead() {
        MailException e = classify(new MessagingException("454 4.7.0 TLS not available due to local problem"),
                SmtpPhase.STARTTLS, 587, SmtpSecurity.STARTTLS);

        assertThat(e.kind()).isEqualTo(FailureKind.TLS_FAILURE);
        assertThat(e.code()).hasValue(454);
    }

    @Test
    void aBadGreetingTakesTheServersWordsFromTheConversation() {
        MessagingException bad = new MessagingException("Got bad greeting from SMTP host: smtp.example.com, port: 587, response: 554");

        MailException e = SmtpFailureClassifier.classify(bad, SmtpPhase.GREETING, TimeLimit.none(), false,
                settings(587, SmtpSecurity.STARTTLS), new Conversation(null, 554, "554 5.7.1 go away, spammer"))
                .toException(SmtpMailer.NAME, List.of(), bad);

        assertThat(e.code()).hasValue(554);
        assertThat(e.detail()).endsWith("waiting for the greeting: 554 5.7.1 go away, spammer");
    }

    @Test
    void reasonsAreEnumConstantsThatFixTheKind() {
        SmtpFailure f = failure(new AuthenticationFailedException("534-5.7.9 Application-specific password required.\n"
                + "534 5.7.9 Learn more"), SmtpPhase.AUTH, 587, SmtpSecurity.STARTTLS);

        assertThat(f.reason()).isEqualTo(SmtpReason.APP_PASSWORD);
        assertThat(f.kind()).isEqualTo(SmtpReason.APP_PASSWORD.kind()).isEqualTo(FailureKind.AUTHENTICATION_FAILED);
    }

    @Test
    void aGreetingTimeoutOn465WithoutSmtpsIsItsOwnReason() {
        MessagingException timeout = new MessagingException("Exception reading response", new SocketTimeoutException("Read timed out"));

        assertThat(failure(timeout, SmtpPhase.GREETING, 465, SmtpSecurity.STARTTLS).reason())
                .isEqualTo(SmtpReason.IMPLICIT_TLS_EXPECTED);
        assertThat(failure(timeout, SmtpPhase.GREETING, 587, SmtpSecurity.STARTTLS).reason())
                .isEqualTo(SmtpReason.GREETING_TIMEOUT);
    }

    @Test
    void aPermanentReplyThatNamesAWaitHasNoRetryAfter() {
        MailException e = classify(reply(".", 554, "554 5.7.1 Message refused as spam; do not try again in 5 minutes"),
                SmtpPhase.DOT, 587, SmtpSecurity.STARTTLS);

        assertThat(e.kind()).isEqualTo(FailureKind.MESSAGE_REJECTED);
        assertThat(e.retryAfter()).isEmpty();
    }

    @Test
    void theDoctorsObservationOfAReplyIsClassifiedLikeTheMailersException() {
        SmtpSettings settings = settings(587, SmtpSecurity.STARTTLS);
        String reply = "534-5.7.9 Application-specific password required.\n534 5.7.9 Learn more";

        SmtpFailure observed = SmtpFailureClassifier.classify(new SmtpObservation(SmtpPhase.AUTH, 534, reply, settings));
        SmtpFailure thrown = failure(new AuthenticationFailedException(reply), SmtpPhase.AUTH, 587, SmtpSecurity.STARTTLS);

        assertThat(observed.reason()).isEqualTo(SmtpReason.APP_PASSWORD).isEqualTo(thrown.reason());
        assertThat(observed.classification().code()).isEqualTo(534);
        assertThat(observed.hint()).isEqualTo(thrown.hint());
        assertThat(observed.classification().detail()).isEqualTo(thrown.classification().detail())
                .isEqualTo("534-5.7.9 Application-specific password required. 534 5.7.9 Learn more");
    }

    @Test
    void aReplyOtherThan235WhereAuthShouldHaveSucceededIsRefusedCredentials() {
        SmtpFailure f = SmtpFailureClassifier.classify(new SmtpObservation(SmtpPhase.AUTH, 334, "334 UGFzc3dvcmQ6",
                settings(587, SmtpSecurity.STARTTLS)));

        assertThat(f.reason()).isEqualTo(SmtpReason.BAD_CREDENTIALS);
    }

    @Test
    void aRefusingGreetingObservedByTheDoctorIsAFailedConnection() {
        SmtpFailure f = SmtpFailureClassifier.classify(new SmtpObservation(SmtpPhase.GREETING, 554,
                "554 5.7.1 go away, spammer", settings(587, SmtpSecurity.STARTTLS)));

        assertThat(f.reason()).isEqualTo(SmtpReason.GREETING_5XX);
        assertThat(f.classification().connectionFailed()).isTrue();
        assertThat(f.hint()).contains("(554 5.7.1 in its greeting)");
    }
}
