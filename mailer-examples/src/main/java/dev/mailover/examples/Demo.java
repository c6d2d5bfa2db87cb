package dev.mailover.examples;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.mailover.Attempt;
import dev.mailover.Dsn;
import dev.mailover.Email;
import dev.mailover.FailureKind;
import dev.mailover.MailException;
import dev.mailover.Mailer;
import dev.mailover.MailerListener;
import dev.mailover.Mailers;
import dev.mailover.SendResult;
import dev.mailover.failover.FailoverMailer;
import dev.mailover.http.SendGridMailer;
import dev.mailover.outbox.Outbox;
import dev.mailover.outbox.OutboxEntry;
import dev.mailover.outbox.OutboxListener;
import dev.mailover.outbox.OutboxStatus;
import dev.mailover.smtp.SmtpMailer;
import dev.mailover.smtp.SmtpSecurity;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * The demo behind the README's first command: failover from a blocked SMTP server to an HTTP API,
 * and back again once SMTP recovers. It needs nothing but a JDK: the SMTP server (GreenMail) and a
 * SendGrid-compatible endpoint (MockWebServer) run inside this process, on 127.0.0.1.
 *
 * <ol>
 *   <li>SMTP points at a port where nothing listens, as when a host blocks outbound SMTP: the send
 *       fails over to the API, and the attempts say why.</li>
 *   <li>The SMTP breaker is now open: the next send skips SMTP at once.</li>
 *   <li>SMTP recovers (GreenMail starts on that port); after the breaker's wait, the background
 *       probe's half-open trial (SMTP's check) passes, the breaker closes, and traffic returns to it.</li>
 *   <li>Every transport is down: sends into an {@link Outbox} (an embedded H2 database in a temporary folder)
 *       return at once, and its counts show them PENDING after the relay's first, failed attempt.</li>
 *   <li>SMTP comes back: the relay's next retry delivers them, and the counts show them SENT.</li>
 * </ol>
 *
 * <p>With {@code MAILER_DSN}, {@code MAIL_FROM} and {@code MAIL_TO} set, it sends one real email
 * through that configuration instead.
 */
public final class Demo {

    /** How long the demo's SMTP breaker stays open before it lets a trial through. Short, for a demo. */
    static final Duration WAIT_IN_OPEN_STATE = Duration.ofSeconds(2);

    /** How many emails the outbox step queues, and how long its relay waits between attempts. */
    static final int OUTBOX_EMAILS = 3;
    static final Duration OUTBOX_RETRY = Duration.ofSeconds(2);

    private static final String API_KEY = "SG.demo-key";
    /** MockWebServer logs every connection at INFO through java.util.logging; the demo's output is the story. */
    private static final Logger MOCK_WEB_SERVER_LOGGER = Logger.getLogger(MockWebServer.class.getName());
    private static final String FROM = "Mailover Demo <demo@mailover.test>";
    private static final String TO = "you@mailover.test";

    private final Function<String, String> environment;
    private final PrintWriter out;
    private final Function<String, Mailer> fromDsn;

    /**
     * A demo reading the given environment and printing to {@code out}; with {@code MAILER_DSN} set it
     * sends through the mailer {@code fromDsn} builds.
     */
    Demo(Function<String, String> environment, PrintWriter out, Function<String, Mailer> fromDsn) {
        this.environment = Objects.requireNonNull(environment, "environment");
        this.out = Objects.requireNonNull(out, "out");
        this.fromDsn = Objects.requireNonNull(fromDsn, "fromDsn");
    }

    /** Runs the demo and exits with 0 when it went as described, 1 otherwise, 2 for bad configuration. */
    public static void main(String[] args) {
        System.exit(new Demo(System::getenv, new PrintWriter(System.out, true), Mailers::fromDsn).run());
    }

    /** Runs the demo: the real send when {@code MAILER_DSN} is set, the embedded story otherwise. */
    int run() {
        String dsn = variable("MAILER_DSN");
        try {
            return dsn == null ? runEmbedded() : runWithDsn(dsn);
        } finally {
            out.flush();
        }
    }

    /** One real send; prints the result or the classified failure (the writer is flushed by {@link #run()}). */
    private int runWithDsn(String dsn) {
        String from = variable("MAIL_FROM");
        String to = variable("MAIL_TO");
        if (from == null || to == null) {
            out.println("MAILER_DSN is set, so the demo sends one real email; it also needs MAIL_FROM and MAIL_TO.");
            out.println("  export MAIL_FROM='you@example.com' MAIL_TO='you@example.com'");
            return 2;
        }
        Dsn parsed = Dsn.parse(dsn);
        out.println("MAILER_DSN is set: sending one real email through " + parsed);
        Email email = Email.builder().from(from).to(to).subject("Hello from the Mailover demo")
                .text("This email was sent by the Mailover demo through " + parsed + ".").build();
        try (Mailer mailer = fromDsn.apply(dsn)) {
            out.print(TextReport.result(mailer.send(email)));
            return 0;
        } catch (MailException e) {
            out.print(TextReport.failure(e));
            return 1;
        }
    }

    private int runEmbedded() {
        quietMockWebServerLogging();
        int smtpPort = freeLoopbackPort();
        Listener listener = new Listener(out);
        try (SendGridEndpoint api = SendGridEndpoint.start();
             Mailer mailer = FailoverMailer.builder()
                     .transport(smtp(smtpPort))
                     .transport(SendGridMailer.builder().apiKey(API_KEY).baseUrl(api.baseUrl()).build())
                     .circuitBreaker(breaker())
                     .listener(listener)
                     .build()) {

            out.println("Mailover demo: failover from a blocked SMTP server to an HTTP API, and back.");
            out.println("Everything runs inside this process on 127.0.0.1; no mail leaves this machine.");
            out.println();
            out.println("  smtp      127.0.0.1:" + smtpPort + "  (nothing listens yet: like a host that blocks SMTP)");
            out.println("  sendgrid  " + api.baseUrl() + "  (a local SendGrid-compatible API: 202 + X-Message-Id)");
            out.println("  mailer    failover(smtp -> sendgrid), smtp's breaker opens after 1 failure and waits "
                    + WAIT_IN_OPEN_STATE.toSeconds() + " s");

            step(1, "Send while SMTP is blocked: the failure is classified and the API takes over.");
            SendResult first = send(mailer, 1);

            step(2, "Send again: smtp's breaker is open, so smtp is skipped at once.");
            SendResult second = send(mailer, 2);

            step(3, "SMTP recovers: an SMTP server (GreenMail) starts on 127.0.0.1:" + smtpPort + ".");
            GreenMail smtpServer = greenMail(smtpPort);
            try {
                smtpServer.start();
                out.println("   waiting for the background probe's half-open trial (smtp's check) ...");
                out.flush();
                listener.awaitClosed(WAIT_IN_OPEN_STATE.plusSeconds(5));

                step(4, "Send again: the probe's check passed and closed the breaker, so smtp takes the traffic back.");
                SendResult third = send(mailer, 3);
                int received = smtpServer.getReceivedMessages().length;
                out.println("   the SMTP server received " + received + " message(s)");

                step(5, "Send once more: traffic stays on smtp.");
                SendResult fourth = send(mailer, 4);

                boolean failedOver = "sendgrid".equals(first.transport()) && "sendgrid".equals(second.transport())
                        && "smtp".equals(third.transport()) && "smtp".equals(fourth.transport());
                boolean relayed = outboxStep();
                boolean asDescribed = failedOver && relayed;
                out.println();
                out.println(asDescribed
                        ? "Done: SMTP failed, the API delivered, and traffic returned to SMTP once it recovered;"
                                + " with every transport down, the outbox kept the emails and delivered them later."
                        : "Done, but not as described above: see the attempts and counts.");
                out.println("Next: mailover doctor smtp.example.com   (why does SMTP fail from this host?)");
                out.println("      mailover test --to you@example.com (with MAILER_DSN set: does my config work?)");
                return asDescribed ? 0 : 1;
            } finally {
                smtpServer.stop();
            }
        } catch (MailException e) {
            out.print(TextReport.failure(e));
            return 1;
        } catch (IOException e) {
            out.println("The demo could not create its outbox's temporary folder: " + e.getMessage());
            return 1;
        } finally {
            out.flush();
        }
    }

    /**
     * Steps 6 and 7: an outbox in front of a failover whose every transport is down keeps the emails, and its relay
     * delivers them once SMTP is back. Returns true when every email ended SENT and reached the SMTP server.
     */
    private boolean outboxStep() throws IOException {
        int smtpPort = freeLoopbackPort();
        int apiPort = freeLoopbackPort();
        Path folder = Files.createTempDirectory("mailover-demo-outbox");
        OutboxProgress progress = new OutboxProgress();
        try (Outbox outbox = Outbox.builder().embedded(folder)
                .mailer(FailoverMailer.builder()
                        .transport(smtp(smtpPort))
                        .transport(SendGridMailer.builder().apiKey(API_KEY).baseUrl("http://127.0.0.1:" + apiPort).build())
                        .circuitBreaker(breaker())
                        .build())
                .workers(1).retry(OUTBOX_RETRY, OUTBOX_RETRY).pollInterval(Duration.ofMillis(100))
                .listener(progress).build()) {

            step(6, "Every transport down: smtp (127.0.0.1:" + smtpPort + ") and sendgrid (127.0.0.1:" + apiPort
                    + ") refuse connections. Send into an outbox (H2 in " + folder + ").");
            long began = System.nanoTime();
            for (int n = 1; n <= OUTBOX_EMAILS; n++) {
                SendResult stored = outbox.send(email("Outbox message " + n, "Message " + n + " of the demo's outbox step."));
                out.println("   => stored by " + stored.transport() + ", message id " + stored.messageId());
            }
            out.println("   " + OUTBOX_EMAILS + " sends returned in " + (System.nanoTime() - began) / 1_000_000
                    + " ms, though nothing could be delivered");
            boolean triedOnce = progress.failedAttempts.await(30, TimeUnit.SECONDS);
            out.println("   the relay tried each once (" + progress.failure + "); it retries every "
                    + OUTBOX_RETRY.toSeconds() + " s");
            out.println("   outbox: " + OutboxReport.countsLine(outbox.counts()));

            step(7, "SMTP comes back: an SMTP server (GreenMail) starts on 127.0.0.1:" + smtpPort
                    + "; once smtp's breaker lets it through again, the relay's next retry delivers.");
            GreenMail smtpServer = greenMail(smtpPort);
            try {
                smtpServer.start();
                out.flush();
                boolean delivered = progress.sent.await(30, TimeUnit.SECONDS);
                Map<OutboxStatus, Long> counts = outbox.counts();
                int received = smtpServer.getReceivedMessages().length;
                out.println("   outbox: " + OutboxReport.countsLine(counts));
                out.println("   the SMTP server received " + received + " message(s)");
                return triedOnce && delivered && counts.get(OutboxStatus.SENT) == OUTBOX_EMAILS && received == OUTBOX_EMAILS;
            } finally {
                smtpServer.stop();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            deleteRecursively(folder);
        }
    }

    /** Opens after 1 failure and lets the background probe try again after {@link #WAIT_IN_OPEN_STATE}: short, for a demo. */
    private static CircuitBreakerConfig breaker() {
        return CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(2)
                .minimumNumberOfCalls(1)
                .failureRateThreshold(50)
                .waitDurationInOpenState(WAIT_IN_OPEN_STATE)
                .permittedNumberOfCallsInHalfOpenState(1)
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .build();
    }

    private static SmtpMailer smtp(int port) {
        return SmtpMailer.builder()
                .host("127.0.0.1").port(port).security(SmtpSecurity.NONE)
                .connectTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofSeconds(5))
                .build();
    }

    private static GreenMail greenMail(int port) {
        ServerSetup setup = new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        setup.setServerStartupTimeout(15_000);
        return new GreenMail(setup);
    }

    private static void deleteRecursively(Path folder) throws IOException {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static Email email(String subject, String text) {
        return Email.builder().from(FROM).to(TO).subject(subject).text(text).build();
    }

    private SendResult send(Mailer mailer, int n) {
        SendResult result = mailer.send(email("Demo message " + n, "Message " + n + " of the Mailover failover demo."));
        out.print(indent(TextReport.attempts(result.attempts())));
        out.println("   => delivered by " + result.transport() + ", message id " + result.messageId());
        out.flush();
        return result;
    }

    private void step(int n, String what) {
        out.println();
        out.println(n + ") " + what);
        out.flush();
    }

    private String variable(String name) {
        String v = environment.apply(name);
        return v == null || v.isBlank() ? null : v;
    }

    private static String indent(String text) {
        return text.replaceAll("(?m)^(?=.)", "   ");
    }

    /** A port on 127.0.0.1 that nothing listens on, so connecting to it is refused. */
    private static int freeLoopbackPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("could not find a free port on 127.0.0.1", e);
        }
    }

    private static void quietMockWebServerLogging() {
        MOCK_WEB_SERVER_LOGGER.setLevel(Level.WARNING);
    }

    /** Narrates failovers and breaker changes as they happen, and lets the demo wait for the recovery. */
    private static final class Listener implements MailerListener {
        private final PrintWriter out;
        private final CountDownLatch closed = new CountDownLatch(1);

        Listener(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void onFailover(String fromTransport, String toTransport, FailureKind reason) {
            out.println("   failover: " + fromTransport + " -> " + toTransport + " because of " + reason);
        }

        @Override
        public void onCircuitStateChange(String transport, String state) {
            out.println("   breaker:  " + transport + " is now " + state);
            if ("smtp".equals(transport) && state.equals("CLOSED")) {
                closed.countDown();
            }
        }

        /** Waits until the background probe's trial closed smtp's breaker, at most {@code limit}. */
        void awaitClosed(Duration limit) {
            try {
                closed.await(limit.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Lets the outbox step wait for the relay's first, failed attempts and for the deliveries. */
    private static final class OutboxProgress implements OutboxListener {
        final CountDownLatch failedAttempts = new CountDownLatch(OUTBOX_EMAILS);
        final CountDownLatch sent = new CountDownLatch(OUTBOX_EMAILS);
        volatile FailureKind failure;

        @Override
        public void onAttempted(OutboxEntry entry, Attempt attempt) {
            if (attempt.outcome() == Attempt.Outcome.FAILED) {
                failure = attempt.failure().orElse(null);
                failedAttempts.countDown();
            }
        }

        @Override
        public void onSent(OutboxEntry entry) {
            sent.countDown();
        }
    }

    /** A local endpoint that answers like SendGrid's v3 API: 202 with X-Message-Id for every valid send. */
    private static final class SendGridEndpoint implements AutoCloseable {
        private final MockWebServer server = new MockWebServer();
        private final AtomicInteger ids = new AtomicInteger();

        static SendGridEndpoint start() {
            SendGridEndpoint e = new SendGridEndpoint();
            e.server.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    return e.answer(request);
                }
            });
            try {
                e.server.start(InetAddress.getLoopbackAddress(), 0);
            } catch (IOException ex) {
                throw new UncheckedIOException("could not start the local SendGrid endpoint", ex);
            }
            return e;
        }

        String baseUrl() {
            return "http://127.0.0.1:" + server.getPort();
        }

        private MockResponse answer(RecordedRequest request) {
            String path = request.getUrl().encodedPath();
            if (!("Bearer " + API_KEY).equals(request.getHeaders().get("Authorization"))) {
                return json(401, "{\"errors\":[{\"field\":null,\"message\":\"The provided authorization grant is invalid, expired, or revoked\"}]}");
            }
            if ("POST".equals(request.getMethod()) && path.equals("/v3/mail/send")) {
                return new MockResponse.Builder().code(202)
                        .addHeader("X-Message-Id", String.format("demo-%04d.sendgrid.local", ids.incrementAndGet()))
                        .build();
            }
            if ("GET".equals(request.getMethod()) && path.equals("/v3/scopes")) {
                return json(200, "{\"scopes\":[\"mail.send\"]}");
            }
            return json(404, "{\"errors\":[{\"field\":null,\"message\":\"resource not found\"}]}");
        }

        private static MockResponse json(int code, String body) {
            return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
        }

        @Override
        public void close() {
            server.close();
        }
    }
}
