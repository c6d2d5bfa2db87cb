package dev.mailover.smtp;

import static dev.mailover.smtp.ScriptedSends.failure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailover.FailureKind;
import dev.mailover.MailException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A sending quota is {@link FailureKind#RATE_LIMITED} wherever its reply comes and whatever its
 * class, and never taken for a recipient's full mailbox (nor the other way round).
 */
class SendingQuotaTest {

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "MAIL|550 5.4.5 Daily user sending limit exceeded. For more information on Gmail sending limits go to https://support.google.com/a/answer/166852",
            "RCPT|550 5.4.5 Daily user sending quota exceeded.",
            "DOT|550 5.4.5 Daily user sending limit exceeded.",
            "MAIL|454 Throttling failure: Daily message quota exceeded.",
            "DOT|454 Throttling failure: Daily message quota exceeded.",
            "DATA|451 4.4.5 Mail system congestion, slow down",
            "DOT|554 5.2.0 STOREDRV.Submission.Exception:SubmissionQuotaExceededException; Failed to process message"})
    void quotaRepliesAreRateLimitedWithAQuotaHint(String verb, String reply) throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().on(verb, reply).start()) {
            MailException e = failure(server);

            assertThat(e.kind()).as(e.getMessage()).isEqualTo(FailureKind.RATE_LIMITED);
            assertThat(e.code()).hasValue(Integer.parseInt(reply.substring(0, 3)));
            assertThat(e.hint()).contains("sending quota").contains("resets").contains("another transport");
            assertThat(e.rejectedRecipients()).isEmpty();
            assertThat(e.possiblyDelivered()).isFalse();
            assertThat(server.messages()).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "RCPT|452 4.2.2 <bob@example.org>: Recipient address rejected: Over quota|RECIPIENT_DEFERRED",
            "DOT|552 5.2.2 <bob@example.org>: user is over quota|RECIPIENT_REJECTED",
            "RCPT|550 5.2.2 The email account that you tried to reach is over quota|RECIPIENT_REJECTED"})
    void aFullMailboxIsTheRecipientsProblemNotTheSendersQuota(String verb, String reply, FailureKind kind) throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().on(verb, reply).start()) {
            MailException e = failure(server);

            assertThat(e.kind()).as(e.getMessage()).isEqualTo(kind);
            assertThat(e.hint()).contains("mailbox").contains("full");
        }
    }
}
