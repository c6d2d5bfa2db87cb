package dev.mailover.smtp;

import static dev.mailover.smtp.ScriptedSends.authenticated;
import static dev.mailover.smtp.ScriptedSends.failure;
import static dev.mailover.smtp.ScriptedSends.mailer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailover.FailureKind;
import dev.mailover.MailException;
import dev.mailover.testing.BlackholedPort;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every {@link FailureKind} that SMTP can produce (the kinds of the {@link SmtpReason} constants) is
 * provoked here by a real peer: a resolver, a closed port, a blackholed port, a scripted server
 * answering the exact lines Postfix sends (REFERENCE.md). After the scenarios ran, the kinds they
 * produced must be exactly the kinds SMTP can produce: a new kind of reason needs a scenario.
 */
class EveryFailureKindTest {

    private static final Set<FailureKind> PROVOKED = EnumSet.noneOf(FailureKind.class);

    /** Provokes one failure against a real peer and returns it. */
    @FunctionalInterface
    interface Provocation {
        MailException run() throws Exception;
    }

    /** One failure: what happens, the kind it must have, and words of its reason's hint. */
    record Scenario(String name, FailureKind kind, String hintWords, Provocation provoke) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Provocation replying(String verb, String reply) {
        return () -> {
            try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().on(verb, reply).start()) {
                return failure(server);
            }
        };
    }

    static Stream<Scenario> scenarios() {
        return Stream.of(
                new Scenario("a host name that does not resolve is DNS_FAILURE", FailureKind.DNS_FAILURE, "does not resolve",
                        () -> failure(SmtpMailer.builder().host("no-such-host.invalid").security(SmtpSecurity.NONE)
                                .connectTimeout(Duration.ofSeconds(2)), ScriptedSends.EMAIL)),
                new Scenario("a port nothing listens on is CONNECTION_REFUSED", FailureKind.CONNECTION_REFUSED,
                        "nothing accepts connections", () -> failure(SmtpMailer.builder().host("localhost")
                                .port(GreenMailServers.freePort()).security(SmtpSecurity.NONE), ScriptedSends.EMAIL)),
                new Scenario("a blackholed port is CONNECTION_TIMEOUT", FailureKind.CONNECTION_TIMEOUT, "nothing answered",
                        () -> {
                            try (BlackholedPort hole = new BlackholedPort()) {
                                return failure(SmtpMailer.builder().host("localhost").port(hole.port())
                                        .security(SmtpSecurity.NONE).connectTimeout(Duration.ofSeconds(1)), ScriptedSends.EMAIL);
                            }
                        }),
                new Scenario("a certificate of an unknown issuer is TLS_FAILURE", FailureKind.TLS_FAILURE,
                        "not issued by a trusted authority", () -> {
                            try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                                    .startTls(TestCertificates.serverContext(TestCertificates.UNKNOWN_ISSUER)).start()) {
                                return failure(mailer(server).security(SmtpSecurity.STARTTLS)
                                        .trustedCertificates(TestCertificates.CA.certificate()), ScriptedSends.EMAIL);
                            }
                        }),
                new Scenario("Dovecot's 535 5.7.8 is AUTHENTICATION_FAILED", FailureKind.AUTHENTICATION_FAILED,
                        "refused the user name or password", () -> {
                            try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                                    .on("AUTH", "535 5.7.8 Error: authentication failed: (reason unavailable)").start()) {
                                return failure(authenticated(server), ScriptedSends.EMAIL);
                            }
                        }),
                new Scenario("Postfix's 'Sender address rejected: not owned by user' at RCPT is SENDER_REJECTED",
                        FailureKind.SENDER_REJECTED, "only from addresses it owns", () -> {
                            try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().on("RCPT", "553 5.7.1 "
                                    + "<orders@shop.example>: Sender address rejected: not owned by user alice@example.test")
                                    .start()) {
                                return failure(authenticated(server), ScriptedSends.EMAIL);
                            }
                        }),
                new Scenario("Postfix's 'too much mail' at MAIL FROM is RATE_LIMITED", FailureKind.RATE_LIMITED,
                        "throttling this sender", replying("MAIL", "450 4.7.1 Error: too much mail from 127.0.0.1")),
                new Scenario("a 451 after the final dot is SERVICE_UNAVAILABLE", FailureKind.SERVICE_UNAVAILABLE,
                        "temporary problem", replying("DOT", "451 4.3.0 Error: queue file write error")),
                new Scenario("a connection dropped at RCPT TO is CONNECTION_LOST", FailureKind.CONNECTION_LOST,
                        "connection dropped at RCPT TO", replying("RCPT", ScriptedSmtpServer.DROP)),
                new Scenario("Postfix's 'User unknown' is RECIPIENT_REJECTED", FailureKind.RECIPIENT_REJECTED,
                        "refused bob@example.org", replying("RCPT", "550 5.1.1 <bob@example.org>: Recipient address "
                                + "rejected: User unknown in relay recipient table")),
                new Scenario("Postfix's greylisting is RECIPIENT_DEFERRED", FailureKind.RECIPIENT_DEFERRED,
                        "deferred bob@example.org", replying("RCPT", "450 4.2.0 <bob@example.org>: Recipient address "
                                + "rejected: Greylisted, see http://postgrey.schweikert.ch/help/example.org.html")),
                new Scenario("Postfix's 'message file too big' is MESSAGE_REJECTED", FailureKind.MESSAGE_REJECTED,
                        "larger than the server accepts", replying("DOT", "552 5.3.4 Error: message file too big")),
                new Scenario("an EHLO and HELO name refused as not fully qualified is INVALID_CONFIGURATION",
                        FailureKind.INVALID_CONFIGURATION, "refused the name this client gives in EHLO", () -> {
                            String refusal = "504 5.5.2 <localhost>: Helo command rejected: need fully-qualified hostname";
                            try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().on("EHLO", refusal)
                                    .on("HELO", refusal).start()) {
                                return failure(mailer(server).localHost("localhost"), ScriptedSends.EMAIL);
                            }
                        }),
                new Scenario("a server answering DATA with 250 instead of 354 breaks SMTP: UNKNOWN, a gap logged",
                        FailureKind.UNKNOWN, "unclassified failure", replying("DATA", "250 2.0.0 OK")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void everyKindSmtpCanProduceIsProvokedByARealPeer(Scenario scenario) throws Exception {
        MailException e = scenario.provoke().run();

        assertThat(e).as("the send failed").isNotNull();
        assertThat(e.kind()).as(e.getMessage()).isEqualTo(scenario.kind());
        assertThat(e.hint()).contains(scenario.hintWords());
        PROVOKED.add(e.kind());
    }

    @AfterAll
    static void theScenariosProvokedExactlyTheKindsOfTheSmtpReasons() {
        Set<FailureKind> producible = Arrays.stream(SmtpReason.values()).map(SmtpReason::kind)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(FailureKind.class)));

        assertThat(PROVOKED).isEqualTo(producible);
    }
}
