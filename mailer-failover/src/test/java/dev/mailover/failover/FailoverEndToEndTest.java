package dev.mailover.failover;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.mailover.failover.FailoverMailerTest.chain;
import static dev.mailover.failover.FailoverMailerTest.opensAfterOneFault;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.mailover.Attachment;
import dev.mailover.Attempt;
import dev.mailover.Email;
import dev.mailover.FailureKind;
import dev.mailover.HealthCheck;
import dev.mailover.MailException;
import dev.mailover.Mailer;
import dev.mailover.Mailers;
import dev.mailover.SendResult;
import dev.mailover.failover.ScriptedSmtpServer.Fault;
import dev.mailover.http.SendGridMailer;
import dev.mailover.smtp.SmtpMailer;
import dev.mailover.smtp.SmtpSecurity;
import dev.mailover.testing.BlackholedPort;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The failover engine end to end, over the real transports: {@link SmtpMailer} against real sockets
 * (a closed port, a blackholed port, a scripted SMTP server) and {@link SendGridMailer} against
 * WireMock answering as SendGrid does.
 */
class FailoverEndToEndTest {

    private static final String SEND = "/v3/mail/send";
    private static final ObjectMapper JSON = new ObjectMapper();

    private WireMockServer sendgridApi;
    private final List<AutoCloseable> resources = new ArrayList<>();

    @BeforeEach
    void startSendGrid() {
        sendgridApi = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort()
                .containerThreads(20).asynchronousResponseEnabled(false));
        sendgridApi.start();
        sendgridApi.stubFor(post(urlEqualTo(SEND)).willReturn(accepted()));
        sendgridApi.stubFor(get(urlEqualTo("/v3/scopes")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"scopes\":[\"mail.send\"]}")));
    }

    @AfterEach
    void stopAll() throws Exception {
        for (AutoCloseable r : resources) {
            r.close();
        }
        sendgridApi.stop();
    }

    static Email email(int n) {
        return Email.builder().from("app@sender.example").to("bob@rcpt.example")
                .subject("Order " + n).text("Your order " + n + " has shipped.").build();
    }

    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder accepted() {
        return aResponse().withStatus(202).withHeader("X-Message-Id", "sg-accepted");
    }

    private <T extends AutoCloseable> T closeLater(T resource) {
        resources.add(resource);
        return resource;
    }

    private SmtpMailer smtp(int port, Duration connectTimeout) {
        return SmtpMailer.builder().host("127.0.0.1").port(port).security(SmtpSecurity.NONE)
                .connectTimeout(connectTimeout).readTimeout(Duration.ofSeconds(5)).localHost("client.test").build();
    }

    private SendGridMailer sendgrid() {
        return SendGridMailer.builder().apiKey("SG.e2e-test-key").baseUrl("http://127.0.0.1:" + sendgridApi.port())
                .timeout(Duration.ofSeconds(10)).build();
    }

    private static int closedPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many requests carried each Message-ID, read from the JSON bodies SendGrid received. */
    private Map<String, Integer> sendgridMessageIds() {
        Map<String, Integer> ids = new HashMap<>();
        for (ServeEvent e : sendgridApi.getAllServeEvents()) {
            if (e.getRequest().getUrl().equals(SEND) && e.getResponse().getStatus() == 202) {
                try {
                    JsonNode id = JSON.readTree(e.getRequest().getBodyAsString()).path("headers").path("Message-ID");
                    ids.merge(id.asText(), 1, Integer::sum);
                } catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
            }
        }
        return ids;
    }

    @Test
    void closedSmtpPortIsDeliveredBySendGrid() {
        try (FailoverMailer mailer = FailoverMailer.builder()
                .transport(smtp(closedPort(), Duration.ofSeconds(2))).transport(sendgrid()).build()) {
            SendResult result = mailer.send(email(1));

            assertThat(chain(result.attempts())).containsExactly("smtp FAILED CONNECTION_REFUSED", "sendgrid DELIVERED");
            assertThat(result.transport()).isEqualTo("sendgrid");
            assertThat(result.messageId()).isEqualTo("sg-accepted");
            sendgridApi.verify(1, postRequestedFor(urlEqualTo(SEND)));
        }
    }

    @Test
    void failoverDsnBuildsTheRealTransportsAndFailsOverBetweenThem() {
        String dsn = "failover(smtp://127.0.0.1:" + closedPort() + "?security=none&connect_timeout=2s"
                + " sendgrid+api://SG.e2e-test-key@127.0.0.1:" + sendgridApi.port() + ")?deadline=20s&retries=0";
        try (Mailer mailer = Mailers.fromDsn(dsn)) {
            SendResult result = mailer.send(email(1));

            assertThat(mailer.name()).isEqualTo("failover");
            assertThat(mailer.toString()).doesNotContain("SG.e2e-test-key");
            assertThat(chain(result.attempts())).containsExactly("smtp FAILED CONNECTION_REFUSED", "sendgrid DELIVERED");
        }
    }

    @Test
    void twoSmtpTransportsFromOneDsnKeepDistinctNames() throws IOException {
        ScriptedSmtpServer backup = closeLater(ScriptedSmtpServer.start());
        Email email = email(1);
        String dsn = "failover(smtp://127.0.0.1:" + closedPort() + "?security=none&connect_timeout=2s"
                + " smtp://127.0.0.1:" + backup.port() + "?security=none)";
        try (Mailer mailer = Mailers.fromDsn(dsn)) {
            SendResult result = mailer.send(email);

            assertThat(chain(result.attempts())).containsExactly("smtp FAILED CONNECTION_REFUSED", "smtp-2 DELIVERED");
            assertThat(result.transport()).isEqualTo("smtp-2");
            assertThat(((FailoverMailer) mailer).circuitState("smtp")).isEqualTo(CircuitBreaker.State.OPEN);
            assertThat(((FailoverMailer) mailer).circuitState("smtp-2")).isEqualTo(CircuitBreaker.State.CLOSED);
            assertThat(backup.received(email.messageId())).isEqualTo(1);
        }
    }

    @Test
    void anEmailTheSmtpTransportCannotExpressIsAMessageRejectionThatLeavesItsBreakerClosed(@TempDir Path dir)
            throws IOException {
        ScriptedSmtpServer server = closeLater(ScriptedSmtpServer.start());
        Path invoice = Files.writeString(dir.resolve("order id.pdf"), "%PDF-1.7");
        Email unexpressible = Email.builder().from("app@sender.example").to("bob@rcpt.example")
                .subject("Order 1").text("Shipped.").attach(Attachment.of("invoice.pdf", "application/pdf", invoice))
                .build();
        Files.delete(invoice);
        try (FailoverMailer mailer = FailoverMailer.builder()
                .transport(smtp(server.port(), Duration.ofSeconds(2))).transport(sendgrid()).build()) {
            for (int i = 0; i < 4; i++) {
                MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(unexpressible));

                assertThat(e.kind()).isEqualTo(FailureKind.MESSAGE_REJECTED);
                assertThat(e.getMessage()).contains("order id");
                assertThat(chain(e.attempts())).containsExactly("smtp FAILED MESSAGE_REJECTED");
            }
            assertThat(mailer.circuitState("smtp")).isEqualTo(CircuitBreaker.State.CLOSED);
            assertThat(server.transactions()).isZero();
            sendgridApi.verify(0, postRequestedFor(urlEqualTo(SEND)));
            Email fine = email(2);
            assertThat(mailer.send(fine).transport()).isEqualTo("smtp");
            assertThat(server.received(fine.messageId())).isEqualTo(1);
        }
    }

    @Test
    void aClosedFailoverOverRealTransportsFailsSendAndSendAsyncAsClosed() {
        Mailer mailer = Mailers.fromDsn("failover(smtp://127.0.0.1:" + closedPort() + "?security=none"
                + " sendgrid+api://SG.e2e-test-key@127.0.0.1:" + sendgridApi.port() + ")");
        mailer.close();

        MailException sent = catchThrowableOfType(MailException.class, () -> mailer.send(email(1)));
        Throwable async = catchThrowableOfType(java.util.concurrent.ExecutionException.class,
                () -> mailer.sendAsync(email(2)).get(5, TimeUnit.SECONDS)).getCause();

        assertThat(sent.kind()).isEqualTo(FailureKind.INVALID_CONFIGURATION);
        assertThat(sent.getMessage()).contains("closed");
        assertThat(async).isInstanceOfSatisfying(MailException.class, e -> {
            assertThat(e.kind()).isEqualTo(FailureKind.INVALID_CONFIGURATION);
            assertThat(e.getMessage()).contains("closed");
        });
        assertThat(mailer.check().failure()).hasValue(FailureKind.INVALID_CONFIGURATION);
        sendgridApi.verify(0, postRequestedFor(urlEqualTo(SEND)));
    }

    @Test
    void blackholedSmtpIsPaidOnceAndThenSkipped() throws IOException {
        BlackholedPort blackhole = closeLater(BlackholedPort.open());
        Duration connectTimeout = Duration.ofSeconds(2);
        try (FailoverMailer mailer = FailoverMailer.builder()
                .transport(smtp(blackhole.port(), connectTimeout)).transport(sendgrid())
                .retry(1, Duration.ofMillis(100), Duration.ofSeconds(1))
                .circuitBreaker(opensAfterOneFault(Duration.ofMinutes(5))).build()) {
            SendResult first = mailer.send(email(0));
            assertThat(chain(first.attempts())).containsExactly("smtp FAILED CONNECTION_TIMEOUT", "sendgrid DELIVERED");
            assertThat(first.attempts().get(0).elapsed()).as("the first send pays the connect timeout")
                    .isGreaterThanOrEqualTo(connectTimeout.minusMillis(200));

            long start = System.nanoTime();
            List<SendResult> next = new ArrayList<>();
            for (int i = 1; i <= 20; i++) {
                next.add(mailer.send(email(i)));
            }
            Duration twenty = Duration.ofNanos(System.nanoTime() - start);

            assertThat(next).allSatisfy(r -> assertThat(chain(r.attempts())).containsExactly("smtp SKIPPED", "sendgrid DELIVERED"));
            assertThat(twenty).as("20 sends that skip the blackholed SMTP (paying its timeout would take 40 s)")
                    .isLessThan(connectTimeout.multipliedBy(5));
            sendgridApi.verify(21, postRequestedFor(urlEqualTo(SEND)));
        }
    }

    @Test
    void recipientRejectedBySmtpStopsWithoutCallingTheApiOrOpeningTheBreaker() throws IOException {
        ScriptedSmtpServer server = closeLater(ScriptedSmtpServer.start().always(Fault.REJECT_RECIPIENT));
        try (FailoverMailer mailer = FailoverMailer.builder()
                .transport(smtp(server.port(), Duration.ofSeconds(2))).transport(sendgrid())
                .circuitBreaker(opensAfterOneFault(Duration.ofMinutes(5))).build()) {
            for (int i = 0; i < 3; i++) {
                MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(email(1)));

                assertThat(e.kind()).isEqualTo(FailureKind.RECIPIENT_REJECTED);
                assertThat(e.getMessage()).contains("5.1.1");
                assertThat(chain(e.attempts())).containsExactly("smtp FAILED RECIPIENT_REJECTED");
            }
            sendgridApi.verify(0, postRequestedFor(urlEqualTo(SEND)));
            assertThat(mailer.circuitState("smtp")).isEqualTo(CircuitBreaker.State.CLOSED);
        }
    }

    @Test
    void aGreylistedRecipientMovesOnToTheApiWithoutOpeningTheSmtpBreaker() throws IOException {
        ScriptedSmtpServer server = closeLater(ScriptedSmtpServer.start().always(Fault.GREYLIST_RECIPIENT));
        try (FailoverMailer mailer = FailoverMailer.builder()
                .transport(smtp(server.port(), Duration.ofSeconds(2))).transport(sendgrid())
                .circuitBreaker(opensAfterOneFault(Duration.ofMinutes(5))).build()) {
            for (int i = 1; i <= 3; i++) {
                SendResult result = mailer.send(email(i));

                assertThat(result.transport()).isEqualTo("sendgrid");
                assertThat(chain(result.attempts())).containsExactly("smtp FAILED RECIPIENT_DEFERRED", "sendgrid DELIVERED");
                assertThat(result.attempts().get(0).hint()).contains("deferred");
            }
            assertThat(mailer.circuitState("smtp")).as("a deferral says nothing about the path").isEqualTo(CircuitBreaker.State.CLOSED);
            assertThat(server.commands()).doesNotContain("DATA");
            sendgridApi.verify(3, postRequestedFor(urlEqualTo(SEND)));
        }
    }

    @Test
    void aGreylistedRecipientWithNoTransportLeftFailsAsRetryable() throws IOException {
        ScriptedSmtpServer server = closeLater(ScriptedSmtpServer.start().always(Fault.GREYLIST_RECIPIENT));
        try (FailoverMailer mailer = FailoverMailer.builder()
                .transport(smtp(server.port(), Duration.ofSeconds(2)))
                .circuitBreaker(opensAfterOneFault(Duration.ofMinutes(5))).build()) {
            Email email = email(1);
            MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(email));

            assertThat(e.kind()).isEqualTo(FailureKind.RECIPIENT_DEFERRED);
            assertThat(e.kind().retryable()).isTrue();
            assertThat(e.getMessage()).contains("Greylisted");
            assertThat(mailer.circuitState("smtp")).isEqualTo(CircuitBreaker.State.CLOSED);
            assertThat(server.received(email.messageId())).isZero();
        }
    }

    private void throttleFirstCall(int retryAfterSeconds) {
        sendgridApi.resetAll();
        sendgridApi.stubFor(post(urlEqualTo(SEND)).inScenario("throttle").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", String.valueOf(retryAfterSeconds))
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"errors\":[{\"message\":\"too many requests\",\"field\":null,\"help\":null}]}"))
                .willSetStateTo("open"));
        sendgridApi.stubFor(post(urlEqualTo(SEND)).inScenario("throttle").whenScenarioStateIs("open")
                .willReturn(accepted()));
    }

    @Test
    void rateLimitedApiIsWaitedOnWhenTheDeadlineAllows() throws IOException {
        throttleFirstCall(1);
        ScriptedSmtpServer server = closeLater(ScriptedSmtpServer.start());
        try (FailoverMailer mailer = FailoverMailer.builder().transport(sendgrid())
                .transport(smtp(server.port(), Duration.ofSeconds(2))).deadline(Duration.ofSeconds(20)).build()) {
            SendResult result = mailer.send(email(1));

            assertThat(chain(result.attempts())).containsExactly("sendgrid FAILED RATE_LIMITED", "sendgrid DELIVERED");
            assertThat(result.elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(900));
            assertThat(server.transactions()).isZero();
        }
    }

    @Test
    void rateLimitedApiFailsOverWhenTheRetryAfterExceedsTheDeadline() throws IOException {
        // a retry-after far beyond a deadline that leaves room for a slow machine
        throttleFirstCall(60);
        ScriptedSmtpServer server = closeLater(ScriptedSmtpServer.start());
        Email email = email(1);
        try (FailoverMailer mailer = FailoverMailer.builder().transport(sendgrid())
                .transport(smtp(server.port(), Duration.ofSeconds(2))).deadline(Duration.ofSeconds(10)).build()) {
            SendResult result = mailer.send(email);

            assertThat(chain(result.attempts())).containsExactly("sendgrid FAILED RATE_LIMITED", "smtp DELIVERED");
            assertThat(server.received(email.messageId())).isEqualTo(1);
        }
    }

    @Test
    void allTransportsDownGiveOneExceptionListingEveryAttempt() {
        sendgridApi.resetAll();
        sendgridApi.stubFor(post(urlEqualTo(SEND)).willReturn(aResponse().withStatus(503).withBody("Service Unavailable")));
        try (FailoverMailer mailer = FailoverMailer.builder()
                .transport(smtp(closedPort(), Duration.ofSeconds(2))).transport(sendgrid())
                .retry(2, Duration.ofMillis(50), Duration.ofMillis(200)).deadline(Duration.ofSeconds(10)).build()) {
            MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(email(1)));

            assertThat(e.kind()).isEqualTo(FailureKind.SERVICE_UNAVAILABLE);
            assertThat(e.transport()).isEqualTo("failover");
            assertThat(e.code()).hasValue(503);
            assertThat(e.hint()).contains("Tried: smtp (CONNECTION_REFUSED), sendgrid (SERVICE_UNAVAILABLE)");
            assertThat(chain(e.attempts())).containsExactly("smtp FAILED CONNECTION_REFUSED",
                    "sendgrid FAILED SERVICE_UNAVAILABLE", "sendgrid FAILED SERVICE_UNAVAILABLE");
        }
    }

    @Test
    void allTransportsHangingEndWithinTheDeadline() throws IOException {
        BlackholedPort blackhole = closeLater(BlackholedPort.open());
        sendgridApi.resetAll();
        sendgridApi.stubFor(post(urlEqualTo(SEND)).willReturn(accepted().withFixedDelay(30_000)));
        Duration deadline = Duration.ofSeconds(3);
        try (FailoverMailer mailer = FailoverMailer.builder()
                .transport(smtp(blackhole.port(), Duration.ofMillis(1500))).transport(sendgrid())
                .retry(1, Duration.ofMillis(50), Duration.ofMillis(50)).deadline(deadline).build()) {
            long start = System.nanoTime();
            MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(email(1)));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(took).as("%s", e).isLessThan(deadline.plusSeconds(5));
            assertThat(e.kind().transportFault()).isTrue();
            assertThat(e.attempts()).as("%s", e.attempts()).isNotEmpty()
                    .allSatisfy(a -> assertThat(a.outcome()).isEqualTo(Attempt.Outcome.FAILED));
            assertThat(chain(e.attempts()).get(0)).isEqualTo("smtp FAILED CONNECTION_TIMEOUT");
        }
    }

    @Test
    void breakerRecoversThroughHalfOpenOnceThePrimaryIsBack() throws IOException {
        ScriptedSmtpServer server = ScriptedSmtpServer.start();
        int port = server.port();
        try (FailoverMailer mailer = FailoverMailer.builder()
                .transport(smtp(port, Duration.ofSeconds(2))).transport(sendgrid())
                .retry(1, Duration.ofMillis(50), Duration.ofMillis(50))
                .circuitBreaker(opensAfterOneFault(Duration.ofMillis(500))).build()) {
            assertThat(mailer.send(email(1)).transport()).isEqualTo("smtp");

            server.close();
            assertThat(mailer.send(email(2)).transport()).isEqualTo("sendgrid");
            assertThat(mailer.circuitState("smtp")).isEqualTo(CircuitBreaker.State.OPEN);
            assertThat(chain(mailer.send(email(3)).attempts())).containsExactly("smtp SKIPPED", "sendgrid DELIVERED");

            ScriptedSmtpServer back = closeLater(ScriptedSmtpServer.start(port));
            await().atMost(10, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(100))
                    .until(() -> mailer.send(email(4)).transport().equals("smtp"));
            assertThat(mailer.circuitState("smtp")).isEqualTo(CircuitBreaker.State.CLOSED);
            assertThat(back.received()).isNotEmpty();
        }
    }

    @Test
    void startupProbeOpensTheBreakerOfADownSmtpAndTheBackgroundProbeClosesItOnceItIsBack() throws IOException {
        ScriptedSmtpServer reserved = ScriptedSmtpServer.start();
        int port = reserved.port();
        reserved.close();
        try (FailoverMailer mailer = FailoverMailer.builder()
                .transport(smtp(port, Duration.ofSeconds(2))).transport(sendgrid())
                .circuitBreaker(opensAfterOneFault(Duration.ofMillis(500)))
                .probeOnStartup(true).probeInterval(Duration.ofMillis(100)).build()) {
            assertThat(mailer.circuitState("smtp")).isEqualTo(CircuitBreaker.State.OPEN);
            assertThat(chain(mailer.send(email(1)).attempts())).containsExactly("smtp SKIPPED", "sendgrid DELIVERED");

            ScriptedSmtpServer back = closeLater(ScriptedSmtpServer.start(port));
            await().atMost(10, TimeUnit.SECONDS).until(() -> mailer.circuitState("smtp") == CircuitBreaker.State.CLOSED);
            assertThat(back.commands()).as("the probe's check made the trial").contains("EHLO", "QUIT").doesNotContain("MAIL");
            Email email = email(2);
            assertThat(chain(mailer.send(email).attempts())).containsExactly("smtp DELIVERED");
            assertThat(back.received(email.messageId())).isEqualTo(1);
        }
    }

    @Test
    void checkReportsEachRealTransport() {
        try (FailoverMailer mailer = FailoverMailer.builder()
                .transport(smtp(closedPort(), Duration.ofSeconds(2))).transport(sendgrid()).build()) {
            HealthCheck check = mailer.check();

            assertThat(check.healthy()).as("%s", check).isTrue();
            assertThat(check.components()).extracting(HealthCheck::transport).containsExactly("smtp", "sendgrid");
            assertThat(check.components().get(0).failure()).hasValue(FailureKind.CONNECTION_REFUSED);
            assertThat(check.components().get(1).healthy()).isTrue();
        }
    }

    @Test
    void dropAfterTheFinalDotStopsTheSendUnderFail() throws IOException {
        ScriptedSmtpServer server = closeLater(ScriptedSmtpServer.start().always(Fault.DROP_AFTER_DOT));
        Email email = email(1);
        try (FailoverMailer mailer = FailoverMailer.builder()
                .transport(smtp(server.port(), Duration.ofSeconds(2))).transport(sendgrid())
                .ambiguity(AmbiguityPolicy.FAIL).build()) {
            MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(email));

            assertThat(e.possiblyDelivered()).isTrue();
            assertThat(e.kind().transportFault()).isTrue();
            assertThat(e.attempts()).extracting(Attempt::transport).containsExactly("smtp");
            assertThat(server.received(email.messageId())).isEqualTo(1);
            sendgridApi.verify(0, postRequestedFor(urlEqualTo(SEND)));
        }
    }

    @Test
    void dropAfterTheFinalDotFailsOverUnderFailoverWithTheSameMessageId() throws IOException {
        ScriptedSmtpServer server = closeLater(ScriptedSmtpServer.start().always(Fault.DROP_AFTER_DOT));
        Email email = email(1);
        try (FailoverMailer mailer = FailoverMailer.builder()
                .transport(smtp(server.port(), Duration.ofSeconds(2))).transport(sendgrid())
                .retry(1, Duration.ofMillis(50), Duration.ofMillis(50)).ambiguity(AmbiguityPolicy.FAILOVER).build()) {
            SendResult result = mailer.send(email);

            assertThat(result.transport()).isEqualTo("sendgrid");
            assertThat(result.attempts()).extracting(Attempt::transport).containsExactly("smtp", "sendgrid");
            assertThat(server.received(email.messageId())).isEqualTo(1);
            assertThat(sendgridMessageIds()).containsEntry(email.messageId(), 1);
        }
    }

    @Test
    void concurrentSendsWithRandomFaultsDeliverEveryMessage() throws Exception {
        Random random = new Random(20261129L);
        Fault[] faults = {Fault.UNAVAILABLE_AT_MAIL, Fault.DROP_AT_MAIL, Fault.TEMPORARY_FAILURE_AT_DOT, Fault.DROP_AFTER_DOT};
        ScriptedSmtpServer server = closeLater(ScriptedSmtpServer.start().faults(() -> {
            synchronized (random) {
                return random.nextInt(10) < 3 ? faults[random.nextInt(faults.length)] : Fault.NONE;
            }
        }));
        SmtpMailer smtp = SmtpMailer.builder().host("127.0.0.1").port(server.port()).security(SmtpSecurity.NONE)
                .connectTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofSeconds(10)).poolSize(4)
                .localHost("client.test").build();
        int threads = 4;
        int perThread = 500;
        List<Email> emails = new ArrayList<>();
        for (int i = 0; i < threads * perThread; i++) {
            emails.add(email(i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (FailoverMailer mailer = FailoverMailer.builder().transport(smtp).transport(sendgrid())
                .strategy(Strategy.ROUND_ROBIN)
                .retry(2, Duration.ofMillis(5), Duration.ofMillis(50))
                .circuitBreaker(opensAfterOneFault(Duration.ofMillis(100)))
                .deadline(Duration.ofSeconds(30)).build()) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                List<Email> mine = emails.subList(t * perThread, (t + 1) * perThread);
                done.add(pool.submit(() -> mine.forEach(mailer::send)));
            }
            for (Future<?> f : done) {
                f.get(150, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        Map<String, Integer> viaApi = sendgridMessageIds();
        assertThat(server.droppedAfterDot()).as("the run injected drops after the final dot").isNotEmpty();
        for (Email e : emails) {
            int copies = server.received(e.messageId()) + viaApi.getOrDefault(e.messageId(), 0);
            assertThat(copies).as("copies of %s", e.messageId()).isGreaterThanOrEqualTo(1);
            if (copies > 1) {
                assertThat(server.droppedAfterDot()).as("a duplicate of %s follows a possibly-delivered attempt", e.messageId())
                        .contains(e.messageId());
            }
        }
        assertThat(server.received().size() + viaApi.size()).isGreaterThanOrEqualTo(emails.size());
    }
}
