package dev.mailover.smtp;

import static dev.mailover.smtp.ScriptedSends.failure;
import static dev.mailover.smtp.ScriptedSends.mailer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailover.Email;
import dev.mailover.FailureKind;
import dev.mailover.MailException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A 4xx reply to RCPT TO defers that recipient (greylisting, a full mailbox, an address the server
 * cannot verify yet): {@link FailureKind#RECIPIENT_DEFERRED}, which never counts toward a breaker but
 * fails over. Nothing is half-sent: a send with a deferred recipient delivers to nobody.
 */
class RecipientDeferralTest {

    private static final Email TWO = Email.builder().from("orders@shop.example")
            .to("bob@example.org", "greylisted@example.org").subject("s").text("body").build();

    @Test
    void postfixGreylistingIsARecipientDeferralNamingTheAddress() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().on("RCPT", "450 4.2.0 <bob@example.org>: "
                + "Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/example.org.html").start()) {
            MailException e = failure(server);

            assertThat(e.kind()).isEqualTo(FailureKind.RECIPIENT_DEFERRED);
            assertThat(e.kind().transportFault()).as("never counts toward a breaker").isFalse();
            assertThat(e.kind().failsOver()).isTrue();
            assertThat(e.kind().retryable()).isTrue();
            assertThat(e.code()).hasValue(450);
            assertThat(e.rejectedRecipients()).containsExactly("bob@example.org");
            assertThat(e.detail()).contains("bob@example.org").contains("Greylisted");
            assertThat(e.hint()).contains("deferred bob@example.org").contains("greylisting")
                    .contains("API provider, which queues and retries");
            assertThat(e.connectionFailed()).isFalse();
            assertThat(server.commands()).noneMatch(c -> c.startsWith("DATA"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "452 4.2.2 mailbox full|mailbox of bob@example.org is full",
            "450 4.1.1 <bob@example.org>: Recipient address rejected: unverified address: host mx.example.org said: 450 try later|deferred bob@example.org",
            "451 4.7.1 Greylisting in action, please come back later|deferred bob@example.org",
            "451 4.3.0 <bob@example.org>: Temporary lookup failure|deferred bob@example.org",
            "552 5.2.2 <bob@example.org>: Recipient address rejected: Mailbox quota exceeded|mailbox of bob@example.org is full",
            "450 4.2.1 The user you are trying to contact is receiving mail too quickly|deferred bob@example.org"})
    void perRecipientTemporaryRepliesAreDeferralsAndTheDetailNamesTheAddress(String reply, String hintWords)
            throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().on("RCPT", reply).start()) {
            MailException e = failure(server);

            assertThat(e.kind()).as(e.getMessage()).isEqualTo(FailureKind.RECIPIENT_DEFERRED);
            assertThat(e.code()).hasValue(Integer.parseInt(reply.substring(0, 3)));
            assertThat(e.rejectedRecipients()).containsExactly("bob@example.org");
            assertThat(e.detail()).contains("bob@example.org");
            assertThat(e.hint()).contains(hintWords);
            assertThat(e.retryAfter()).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "450 4.7.1 Error: too much mail from 127.0.0.1|RATE_LIMITED",
            "451 4.7.1 Please try again later|RATE_LIMITED",
            "452 4.5.3 Error: too many recipients|SERVICE_UNAVAILABLE",
            "421 4.3.2 Service shutting down, closing transmission channel|SERVICE_UNAVAILABLE",
            "421 4.7.0 Too many connections, try again later|RATE_LIMITED"})
    void throttlingAndClosingRepliesAtRcptAreNotRecipientDeferrals(String reply, FailureKind kind) throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().on("RCPT", reply).start()) {
            MailException e = failure(server);

            assertThat(e.kind()).as(e.getMessage()).isEqualTo(kind);
            assertThat(e.kind().transportFault()).isTrue();
            assertThat(e.rejectedRecipients()).isEmpty();
        }
    }

    @Test
    void oneDeferredRecipientAmongAcceptedOnesDeliversToNobody() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().on("RCPT", "250 2.1.5 Ok",
                "450 4.2.0 <greylisted@example.org>: Recipient address rejected: Greylisted").start()) {
            MailException e = failure(mailer(server), TWO);

            assertThat(e.kind()).isEqualTo(FailureKind.RECIPIENT_DEFERRED);
            assertThat(e.rejectedRecipients()).containsExactly("greylisted@example.org");
            assertThat(server.commands()).filteredOn(c -> c.startsWith("RCPT")).hasSize(2);
            assertThat(server.commands()).noneMatch(c -> c.startsWith("DATA"));
            assertThat(server.messages()).isEmpty();
        }
    }

    @Test
    void aPermanentRefusalDecidesOverADeferralAndBothAreInTheDetail() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().on("RCPT",
                "550 5.1.1 <bob@example.org>: Recipient address rejected: User unknown in local recipient table",
                "450 4.2.0 <greylisted@example.org>: Recipient address rejected: Greylisted").start()) {
            MailException e = failure(mailer(server), TWO);

            assertThat(e.kind()).isEqualTo(FailureKind.RECIPIENT_REJECTED);
            assertThat(e.code()).hasValue(550);
            assertThat(e.rejectedRecipients()).containsExactly("bob@example.org");
            assertThat(e.detail()).contains("<bob@example.org>").contains("User unknown")
                    .contains("<greylisted@example.org>").contains("Greylisted");
            assertThat(server.messages()).isEmpty();
        }
    }

    @Test
    void aReplyAboutThePathDecidesOverRecipientReplies() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().on("RCPT",
                "450 4.2.0 <bob@example.org>: Recipient address rejected: Greylisted",
                "554 5.7.1 <greylisted@example.org>: Relay access denied").start()) {
            MailException e = failure(mailer(server), TWO);

            assertThat(e.kind()).isEqualTo(FailureKind.AUTHENTICATION_FAILED);
            assertThat(e.code()).hasValue(554);
            assertThat(e.hint()).contains("submission port (587)");
            assertThat(e.rejectedRecipients()).isEmpty();
        }
    }
}
