package dev.mailover.smtp;

import static dev.mailover.smtp.ScriptedSends.EMAIL;
import static dev.mailover.smtp.ScriptedSends.authenticated;
import static dev.mailover.smtp.ScriptedSends.failure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailover.FailureKind;
import dev.mailover.MailException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * A reply is classified by what it says, not only by the command it answers: Postfix with
 * {@code smtpd_delay_reject=yes} (its default) answers RCPT TO with what it decided about the client,
 * the HELO name and the sender. The lines are Postfix's own (REFERENCE.md), Exim's, Microsoft's and
 * Gmail's.
 */
class SmtpReplyWordsTest {

    @Test
    void postfixSenderNotOwnedAtRcptIsASenderProblemNotARecipientOne() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().on("RCPT",
                "553 5.7.1 <orders@shop.example>: Sender address rejected: not owned by user alice@example.test").start()) {
            MailException e = failure(authenticated(server), EMAIL);

            assertThat(e.kind()).isEqualTo(FailureKind.SENDER_REJECTED);
            assertThat(e.code()).hasValue(553);
            assertThat(e.rejectedRecipients()).isEmpty();
            assertThat(e.hint()).contains("only from addresses it owns").contains("orders@shop.example")
                    .contains("alice@example.test").doesNotContain("check the address");
            assertThat(e.detail()).contains("at RCPT TO").contains("Sender address rejected");
            assertThat(server.commands()).noneMatch(c -> c.startsWith("DATA"));
            assertThat(server.messages()).isEmpty();
        }
    }

    @Test
    void aRcptReplyThatNamesTheSenderIsASenderProblemEvenWithoutTheWords() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                .on("RCPT", "550 5.7.1 <orders@shop.example>: Access denied").start()) {
            MailException e = failure(server);

            assertThat(e.kind()).isEqualTo(FailureKind.SENDER_REJECTED);
            assertThat(e.hint()).contains("from-address");
            assertThat(e.rejectedRecipients()).isEmpty();
        }
    }

    @Test
    void postfixRelayAccessDeniedAtRcptMeansAuthenticateOrUseTheSubmissionPort() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                .on("RCPT", "554 5.7.1 <bob@example.org>: Relay access denied").start()) {
            MailException e = failure(server);

            assertThat(e.kind()).isEqualTo(FailureKind.AUTHENTICATION_FAILED);
            assertThat(e.kind().transportFault()).as("counts toward the breaker").isTrue();
            assertThat(e.kind().failsOver()).isTrue();
            assertThat(e.code()).hasValue(554);
            assertThat(e.hint()).contains("authenticate or use the submission port (587)");
            assertThat(e.rejectedRecipients()).as("not a recipient problem").isEmpty();
            assertThat(server.commands()).noneMatch(c -> c.startsWith("DATA"));
        }
    }

    @Test
    void relayDeniedAfterAuthenticatingNamesTheUser() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                .on("RCPT", "550 relay not permitted").start()) {
            MailException e = failure(authenticated(server), EMAIL);

            assertThat(e.kind()).isEqualTo(FailureKind.AUTHENTICATION_FAILED);
            assertThat(e.hint()).contains("authenticate or use the submission port (587)").contains("alice@example.test");
        }
    }

    @Test
    void postfixRecipientUnknownInTheRelayRecipientTableIsStillARecipientProblem() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().on("RCPT",
                "550 5.1.1 <bob@example.org>: Recipient address rejected: User unknown in relay recipient table").start()) {
            MailException e = failure(server);

            assertThat(e.kind()).isEqualTo(FailureKind.RECIPIENT_REJECTED);
            assertThat(e.rejectedRecipients()).containsExactly("bob@example.org");
            assertThat(e.hint()).contains("bob@example.org");
        }
    }

    @Test
    void postfixClientHostRejectedIsATransportFaultAboutThisHostsAddress() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                .on("RCPT", "554 5.7.1 <unknown[192.0.2.7]>: Client host rejected: Access denied").start()) {
            MailException e = failure(server);

            assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION_REFUSED);
            assertThat(e.kind().transportFault()).isTrue();
            assertThat(e.connectionFailed()).as("the connection itself worked").isFalse();
            assertThat(e.hint()).contains("this host's address").contains("blocklist");
            assertThat(e.rejectedRecipients()).isEmpty();
        }
    }

    @Test
    void postfixHeloRejectedAtRcptAsksForAFullyQualifiedEhloName() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                .on("RCPT", "504 5.5.2 <localhost>: Helo command rejected: need fully-qualified hostname").start()) {
            MailException e = failure(server);

            assertThat(e.kind()).isEqualTo(FailureKind.INVALID_CONFIGURATION);
            assertThat(e.hint()).contains("localHost(").contains("fully-qualified");
        }
    }

    static Stream<Arguments> repliesOfOtherServers() {
        return Stream.of(
                Arguments.of("RCPT", "550 5.7.54 SMTP; Unable to relay recipient in non-accepted domain",
                        FailureKind.AUTHENTICATION_FAILED, "submission port (587)"),
                Arguments.of("RCPT", "550 5.7.1 Unable to relay", FailureKind.AUTHENTICATION_FAILED, "submission port (587)"),
                Arguments.of("RCPT", "550 5.7.1 <bob@example.org>... Relaying denied", FailureKind.AUTHENTICATION_FAILED,
                        "submission port (587)"),
                Arguments.of("RCPT", "553 sorry, that domain isn't in my list of allowed rcpthosts (#5.7.1)",
                        FailureKind.AUTHENTICATION_FAILED, "submission port (587)"),
                Arguments.of("RCPT", "454 4.7.1 <bob@example.org>: Relay access denied", FailureKind.AUTHENTICATION_FAILED,
                        "submission port (587)"),
                Arguments.of("MAIL", "550 5.7.60 SMTP; Client does not have permissions to send as this sender",
                        FailureKind.SENDER_REJECTED, "from-address"),
                Arguments.of("RCPT", "550 Sender verify failed", FailureKind.SENDER_REJECTED, "from-address"),
                Arguments.of("RCPT", "553 5.1.8 <orders@shop.example>... Domain of sender address orders@shop.example does not exist",
                        FailureKind.SENDER_REJECTED, "from-address"),
                Arguments.of("DOT", "554 Message rejected: Email address is not verified. The following identities failed "
                        + "the check in region US-EAST-1: orders@shop.example", FailureKind.SENDER_REJECTED, "from-address"),
                Arguments.of("DOT", "550 The from address does not match a verified Sender Identity.",
                        FailureKind.SENDER_REJECTED, "from-address"),
                Arguments.of("RCPT", "450 4.1.8 <orders@shop.example>: Sender address rejected: Domain not found",
                        FailureKind.SERVICE_UNAVAILABLE, "retry later"),
                Arguments.of("DOT", "550-5.7.26 Unauthenticated email from shop.example is not accepted due to domain's\r\n"
                        + "550 5.7.26 DMARC policy.", FailureKind.SENDER_REJECTED, "SPF and DKIM"),
                Arguments.of("MAIL", "550-5.7.25 [192.0.2.7] The IP address sending this message does not have a PTR\r\n"
                        + "550 5.7.25 record setup.", FailureKind.CONNECTION_REFUSED, "this host's address"),
                Arguments.of("RCPT", "550 5.7.606 Access denied, banned sending IP [192.0.2.7]",
                        FailureKind.CONNECTION_REFUSED, "blocklist"),
                Arguments.of("RCPT", "554 5.7.1 Service unavailable; Client host [192.0.2.7] blocked using zen.spamhaus.org",
                        FailureKind.CONNECTION_REFUSED, "blocklist"),
                Arguments.of("RCPT", "450 4.7.1 Client host rejected: cannot find your hostname, [192.0.2.7]",
                        FailureKind.SERVICE_UNAVAILABLE, "PTR"),
                Arguments.of("MAIL", "550 5.7.1 Client was not authenticated", FailureKind.AUTHENTICATION_FAILED,
                        "requires authentication"),
                Arguments.of("RCPT", "550 5.1.1 The email account that you tried to reach does not exist.",
                        FailureKind.RECIPIENT_REJECTED, "bob@example.org"),
                Arguments.of("RCPT", "554 5.7.1 <bob@example.org>: Recipient address rejected: Access denied",
                        FailureKind.RECIPIENT_REJECTED, "bob@example.org"),
                Arguments.of("RCPT", "553 5.7.1 <orders@shop.example>: Sender address rejected: not logged in",
                        FailureKind.SENDER_REJECTED, "authenticate as the owner of orders@shop.example"),
                Arguments.of("MAIL", "550 5.7.1 [192.0.2.7] Messages from 192.0.2.7 are not accepted",
                        FailureKind.CONNECTION_REFUSED, "this host's address"),
                Arguments.of("MAIL", "550 5.7.0 Mail from your IP is rejected", FailureKind.CONNECTION_REFUSED,
                        "this host's address"),
                Arguments.of("DOT", "554 5.7.9 Message not accepted for policy reasons. See https://help.yahoo.com/kb/postmaster/SLN7253.html",
                        FailureKind.MESSAGE_REJECTED, "refused the message"),
                Arguments.of("DOT", "550 5.7.515 Access denied, sending domain shop.example doesn't meet the required "
                        + "authentication level.", FailureKind.SENDER_REJECTED, "SPF and DKIM"),
                Arguments.of("RCPT", "451 4.3.5 Server configuration problem", FailureKind.SERVICE_UNAVAILABLE,
                        "temporary problem"),
                Arguments.of("RCPT", "452 4.3.1 Insufficient system storage", FailureKind.SERVICE_UNAVAILABLE,
                        "temporary problem"),
                Arguments.of("DOT", "421 4.7.0 [TSS04] Messages from 192.0.2.7 temporarily deferred due to unexpected "
                        + "volume or user complaints", FailureKind.RATE_LIMITED, "throttling"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("repliesOfOtherServers")
    void theWordsOfTheReplyDecideWhatWasRefused(String verb, String reply, FailureKind kind, String hintWords)
            throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().on(verb, reply).start()) {
            MailException e = failure(server);

            assertThat(e.kind()).as(e.getMessage()).isEqualTo(kind);
            assertThat(e.code()).hasValue(Integer.parseInt(reply.substring(0, 3)));
            assertThat(e.hint()).contains(hintWords);
            assertThat(server.messages()).isEmpty();
        }
    }
}
