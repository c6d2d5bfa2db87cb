package dev.mailover.failover;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.mailover.failover.FailoverEndToEndTest.email;
import static dev.mailover.failover.FailoverMailerTest.chain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.mailover.Attempt;
import dev.mailover.Email;
import dev.mailover.SendResult;
import dev.mailover.http.SendGridMailer;
import dev.mailover.smtp.SmtpMailer;
import dev.mailover.smtp.SmtpSecurity;
import dev.mailover.testing.BlackholedPort;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link FailoverMailer} with every default (60 s deadline, 2 tries per transport, the default breaker
 * and probe) over real transports with their default timeouts (10 s connect, 30 s read), against
 * real peers: a blackholed port, the scripted SMTP server, GreenMail's SMTPS and SMTP servers, and
 * WireMock answering as SendGrid. These are the promises of the failover section of the design, at
 * their real scale, so each test takes up to about 45 s.
 */
class FailoverDefaultsEndToEndTest {

    private static final String SEND = "/v3/mail/send";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration DEFAULT_OPEN = Duration.ofSeconds(30);
    /** Room for a slow, shared machine on top of a timeout; never a bound on the fast path. */
    private static final Duration SLACK = Duration.ofSeconds(5);

    private WireMockServer sendgridApi;
    private final List<AutoCloseable> resources = new ArrayList<>();

    @BeforeEach
    void startSendGrid() {
        sendgridApi = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        sendgridApi.start();
        sendgridApi.stubFor(post(urlEqualTo(SEND)).willReturn(aResponse().withStatus(202).withHeader("X-Message-Id", "sg-accepted")));
    }

    @AfterEach
    void stopAll() throws Exception {
        for (AutoCloseable r : resources) {
            r.close();
        }
        sendgridApi.stop();
    }

    private <T extends AutoCloseable> T closeLater(T resource) {
        resources.add(resource);
        return resource;
    }

    private SendGridMailer sendgrid() {
        return SendGridMailer.builder().apiKey("SG.e2e-test-key").baseUrl("http://127.0.0.1:" + sendgridApi.port()).build();
    }

    @Test
    void blackholedPrimaryCostsOneConnectTimeoutOnceThenNothingAndTheProbeBringsItBack() throws Exception {
        BlackholedPort blackhole = BlackholedPort.open();
        int port = blackhole.port();
        SmtpMailer smtp = SmtpMailer.builder().host("127.0.0.1").port(port).security(SmtpSecurity.NONE).build();
        try (FailoverMailer mailer = FailoverMailer.builder().transport(smtp).transport(sendgrid()).build()) {
            SendResult first = mailer.send(email(1));

            assertThat(chain(first.attempts())).containsExactly("smtp FAILED CONNECTION_TIMEOUT", "sendgrid DELIVERED");
            assertThat(first.attempts().get(0).elapsed()).as("the blackholed primary costs one connect timeout")
                    .isBetween(CONNECT_TIMEOUT.minusSeconds(1), CONNECT_TIMEOUT.plus(SLACK));
            assertThat(first.elapsed()).as("send 1 pays one connect timeout, not two")
                    .isLessThan(CONNECT_TIMEOUT.multipliedBy(2));
            assertThat(mailer.circuitState("smtp")).as("a failed connection opens the breaker at once")
                    .isEqualTo(CircuitBreaker.State.OPEN);

            SendResult second = mailer.send(email(2));
            assertThat(chain(second.attempts())).containsExactly("smtp SKIPPED", "sendgrid DELIVERED");
            assertThat(second.elapsed()).as("send 2 pays nothing for the blackholed primary").isLessThan(SLACK);

            blackhole.close();
            ScriptedSmtpServer back = closeLater(ScriptedSmtpServer.start(port));
            List<SendResult> meanwhile = new ArrayList<>();
            AtomicInteger n = new AtomicInteger(3);
            await().atMost(DEFAULT_OPEN.plus(CONNECT_TIMEOUT).plus(SLACK).toSeconds(), TimeUnit.SECONDS)
                    .pollInterval(1, TimeUnit.SECONDS).until(() -> {
                        SendResult r = mailer.send(email(n.getAndIncrement()));
                        meanwhile.add(r);
                        return r.transport().equals("smtp");
                    });

            SendResult recovered = meanwhile.remove(meanwhile.size() - 1);
            assertThat(meanwhile).as("every send before the recovery skipped the primary at no cost").allSatisfy(r -> {
                assertThat(chain(r.attempts())).containsExactly("smtp SKIPPED", "sendgrid DELIVERED");
                assertThat(r.elapsed()).isLessThan(SLACK);
            });
            assertThat(chain(recovered.attempts())).as("the first send after the recovery goes to the primary")
                    .containsExactly("smtp DELIVERED");
            assertThat(recovered.elapsed()).isLessThan(SLACK);
            assertThat(mailer.circuitState("smtp")).isEqualTo(CircuitBreaker.State.CLOSED);
            List<String> commands = back.commands();
            assertThat(commands.subList(0, commands.indexOf("MAIL")))
                    .as("the half-open trial was the probe's check, before any user's message").contains("EHLO", "QUIT");
            assertThat(back.received()).hasSize(1);
            sendgridApi.verify(2 + meanwhile.size(), postRequestedFor(urlEqualTo(SEND)));
        }
    }

    @Test
    void starttlsPrimaryPointedAtAnImplicitTlsPortLeavesTheSecondaryTimeToDeliverWithinTheDeadline() throws Exception {
        GreenMail greenMail = new GreenMail(new ServerSetup[] {
            new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS).dynamicPort(),
            new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort()});
        greenMail.start();
        closeLater(greenMail::stop);
        SmtpMailer starttlsAtSmtps = SmtpMailer.builder().host("127.0.0.1").port(greenMail.getSmtps().getPort()).build();
        SmtpMailer plain = SmtpMailer.builder().host("127.0.0.1").port(greenMail.getSmtp().getPort())
                .security(SmtpSecurity.NONE).build();
        Email email = email(1);
        try (FailoverMailer mailer = FailoverMailer.builder().transport(starttlsAtSmtps).transport(plain).build()) {
            SendResult result = mailer.send(email);

            assertThat(chain(result.attempts())).as("the greeting that never comes is not retried")
                    .containsExactly("smtp FAILED CONNECTION_TIMEOUT", "smtp-2 DELIVERED");
            assertThat(result.transport()).isEqualTo("smtp-2");
            assertThat(result.elapsed()).as("within the 60 s deadline").isLessThan(Duration.ofSeconds(60));
            Attempt waited = result.attempts().get(0);
            assertThat(waited.elapsed()).as("one 30 s read timeout for the greeting")
                    .isBetween(Duration.ofSeconds(29), Duration.ofSeconds(30).plus(SLACK));
            assertThat(mailer.circuitState("smtp")).isEqualTo(CircuitBreaker.State.OPEN);
            assertThat(mailer.circuitState("smtp-2")).isEqualTo(CircuitBreaker.State.CLOSED);
            MimeMessage[] received = greenMail.getReceivedMessages();
            assertThat(received).singleElement().satisfies(m -> assertThat(m.getMessageID()).isEqualTo(email.messageId()));
        }
    }
}
