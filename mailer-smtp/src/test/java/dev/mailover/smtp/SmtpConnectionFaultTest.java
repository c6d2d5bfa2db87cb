package dev.mailover.smtp;

import static dev.mailover.smtp.ScriptedSmtpServer.DROP;
import static dev.mailover.smtp.ScriptedSmtpServer.HANG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mailover.Email;
import dev.mailover.FailureKind;
import dev.mailover.MailException;
import dev.mailover.testing.BlackholedPort;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Faults of the connection itself, provoked for real: closed and blackholed ports, silent servers, drops. */
class SmtpConnectionFaultTest {

    private static final Email EMAIL = Email.builder().from("sender@example.com").to("to@example.org")
            .subject("s").text("body").build();

    private static SmtpMailer.Builder mailer(int port, SmtpSecurity security) {
        return SmtpMailer.builder().host("localhost").port(port).security(security)
                .trustedCertificates(TestCertificates.CA.certificate())
                .connectTimeout(Duration.ofSeconds(1)).readTimeout(Duration.ofSeconds(1));
    }

    private static MailException sendFails(SmtpMailer.Builder builder) {
        try (SmtpMailer m = builder.build()) {
            return catchThrowableOfType(MailException.class, () -> m.send(EMAIL));
        }
    }

    @Test
    void closedPortIsConnectionRefused() {
        int port = GreenMailServers.freePort();

        MailException e = sendFails(mailer(port, SmtpSecurity.NONE));

        assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION_REFUSED);
        assertThat(e.code()).isEmpty();
        assertThat(e.hint()).contains("nothing accepts connections on localhost:" + port);
        assertThat(e.possiblyDelivered()).isFalse();
    }

    @Test
    void blackholedPortTimesOutWithinTheConnectTimeout() throws Exception {
        try (BlackholedPort hole = new BlackholedPort()) {
            long start = System.nanoTime();

            MailException e = sendFails(mailer(hole.port(), SmtpSecurity.STARTTLS));

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION_TIMEOUT);
            assertThat(e.code()).isEmpty();
            assertThat(e.hint()).contains("within 1 s").contains("587 with STARTTLS").contains("HTTP API");
            assertThat(e.possiblyDelivered()).isFalse();
        }
    }

    @Test
    void blackholedPortCostsOneConnectTimeoutNotTwo() throws Exception {
        // Angus retries a failed connect with a plain socket unless socketFactory.fallback is off,
        // which doubled every connect timeout: a 4 s timeout took 8 s.
        try (BlackholedPort hole = new BlackholedPort()) {
            long start = System.nanoTime();

            MailException e = sendFails(mailer(hole.port(), SmtpSecurity.STARTTLS).connectTimeout(Duration.ofSeconds(4)));

            assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION_TIMEOUT);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(7));
        }
    }

    @Test
    void blackholedPort25PointsAtHostingProvidersBlockingIt() throws Exception {
        try (BlackholedPort hole = new BlackholedPort()) {
            MailException e = sendFails(mailer(25, SmtpSecurity.NONE).dialPort(hole.port()));

            assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION_TIMEOUT);

            assertThat(e.possiblyDelivered()).isFalse();

            assertThat(e.code()).isEmpty();
            assertThat(e.hint()).isEqualTo("port 25 is commonly blocked by hosting providers; "
                    + "use 587 with STARTTLS, 465 with SMTPS, or an HTTP API transport");
        }
    }

    @Test
    void unknownHostIsDnsFailure() {
        MailException e = sendFails(SmtpMailer.builder().host("no-such-host.invalid").port(587)
                .connectTimeout(Duration.ofSeconds(1)).readTimeout(Duration.ofSeconds(1)));

        assertThat(e.kind()).isEqualTo(FailureKind.DNS_FAILURE);

        assertThat(e.code()).isEmpty();
        assertThat(e.hint()).contains("no-such-host.invalid").contains("does not resolve");
        assertThat(e.possiblyDelivered()).isFalse();
    }

    @Test
    void serverThatNeverGreetsIsAGreetingTimeout() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().on("GREETING", HANG).start()) {
            MailException e = sendFails(mailer(2525, SmtpSecurity.STARTTLS).dialPort(server.port()));

            assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION_TIMEOUT);

            assertThat(e.code()).isEmpty();
            assertThat(e.detail()).contains("waiting for the greeting");
            assertThat(e.hint()).contains("sent no greeting within 1 s");
            assertThat(e.possiblyDelivered()).isFalse();
        }
    }

    @Test
    void startTlsAgainstAnImplicitTlsServerOn465SaysThePortExpectsSmtps() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                .implicitTls(TestCertificates.serverContext(TestCertificates.LOCALHOST)).start()) {
            MailException e = sendFails(mailer(465, SmtpSecurity.STARTTLS).dialPort(server.port()));

            assertThat(e.kind()).isEqualTo(FailureKind.TLS_FAILURE);

            assertThat(e.code()).isEmpty();
            assertThat(e.hint()).isEqualTo("port 465 expects implicit TLS (SMTPS); use security(SmtpSecurity.SMTPS)");
            assertThat(e.possiblyDelivered()).isFalse();
        }
    }

    @Test
    void smtpsAgainstAPlaintextServerOn587SaysThePortExpectsStartTls() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().start()) {
            MailException e = sendFails(mailer(587, SmtpSecurity.SMTPS).dialPort(server.port()));

            assertThat(e.kind()).isEqualTo(FailureKind.TLS_FAILURE);

            assertThat(e.possiblyDelivered()).isFalse();

            assertThat(e.code()).isEmpty();
            assertThat(e.hint()).contains("port 587 expects STARTTLS, not implicit TLS");
        }
    }

    @Test
    void greeting421IsServiceUnavailableWithItsCode() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                .on("GREETING", "421 4.3.2 Service not available, closing transmission channel").start()) {
            MailException e = sendFails(mailer(server.port(), SmtpSecurity.NONE));

            assertThat(e.kind()).isEqualTo(FailureKind.SERVICE_UNAVAILABLE);

            assertThat(e.possiblyDelivered()).isFalse();
            assertThat(e.code()).hasValue(421);
            assertThat(e.hint()).contains("refuses new connections for now");
            assertThat(e.kind().retryable()).isTrue();
        }
    }

    @Test
    void greeting554MeansThisHostIsRefused() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                .on("GREETING", "554 5.7.1 Service unavailable; client host blocked using zen.spamhaus.org").start()) {
            MailException e = sendFails(mailer(server.port(), SmtpSecurity.NONE));

            assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION_REFUSED);

            assertThat(e.possiblyDelivered()).isFalse();
            assertThat(e.code()).hasValue(554);
            assertThat(e.hint()).contains("blocklisted");
        }
    }

    @Test
    void readTimeoutAtRcptIsATimeoutAndNothingWasDelivered() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().on("RCPT", HANG).start()) {
            MailException e = sendFails(mailer(server.port(), SmtpSecurity.NONE));

            assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION_TIMEOUT);

            assertThat(e.code()).isEmpty();
            assertThat(e.detail()).contains("at RCPT TO");
            assertThat(e.hint()).contains("did not answer within 1 s").contains("nothing was delivered");
            assertThat(e.possiblyDelivered()).isFalse();
        }
    }

    @Test
    void dropBeforeTheFinalDotIsConnectionLostAndNotDelivered() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().on("DATA", DROP).start()) {
            MailException e = sendFails(mailer(server.port(), SmtpSecurity.NONE));

            assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION_LOST);
            assertThat(e.code()).isEmpty();
            assertThat(e.hint()).contains("nothing was delivered");
            assertThat(e.possiblyDelivered()).isFalse();
        }
    }

    @Test
    void dropAfterTheFinalDotIsConnectionLostAndPossiblyDelivered() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().on("DOT", DROP).start()) {
            MailException e = sendFails(mailer(server.port(), SmtpSecurity.NONE));

            assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION_LOST);

            assertThat(e.code()).isEmpty();
            assertThat(e.detail()).contains("after the final dot");
            assertThat(e.hint()).contains("may have been delivered");
            assertThat(e.possiblyDelivered()).isTrue();
        }
    }

    @Test
    void silenceAfterTheFinalDotIsATimeoutAndPossiblyDelivered() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().on("DOT", HANG).start()) {
            MailException e = sendFails(mailer(server.port(), SmtpSecurity.NONE));

            assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION_TIMEOUT);

            assertThat(e.code()).isEmpty();
            assertThat(e.hint()).contains("may have been delivered");
            assertThat(e.possiblyDelivered()).isTrue();
        }
    }

    @Test
    void timeLimitBreaksASendThatWouldOutlastItsDeadline() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().on("DATA", HANG).start();
             SmtpMailer m = mailer(server.port(), SmtpSecurity.NONE).readTimeout(Duration.ofSeconds(30)).build()) {
            long start = System.nanoTime();

            MailException e = catchThrowableOfType(MailException.class, () -> m.send(EMAIL, Duration.ofMillis(700)));

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION_TIMEOUT);
            assertThat(e.code()).isEmpty();
            assertThat(e.hint()).contains("time limit of 700 ms");
            assertThat(e.possiblyDelivered()).isFalse();
        }
    }

    @Test
    void timeLimitAlsoBoundsAPooledConnection() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().on("DOT", "250 2.0.0 OK", HANG).start();
             SmtpMailer m = mailer(server.port(), SmtpSecurity.NONE).readTimeout(Duration.ofSeconds(30)).build()) {
            m.send(EMAIL, Duration.ofSeconds(5));
            long start = System.nanoTime();

            MailException e = catchThrowableOfType(MailException.class, () -> m.send(EMAIL, Duration.ofMillis(700)));

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            assertThat(server.connections()).isEqualTo(1);
            assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION_TIMEOUT);
            assertThat(e.code()).isEmpty();
            assertThat(e.possiblyDelivered()).isTrue();
            assertThat(e.hint()).contains("time limit of 700 ms").contains("may have been delivered");
        }
    }

    @Test
    void timeLimitAlsoBoundsTheWaitForABusyPool() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().on("DATA", HANG).start();
             SmtpMailer m = mailer(server.port(), SmtpSecurity.NONE).poolSize(1).readTimeout(Duration.ofSeconds(5)).build()) {
            Thread holder = new Thread(() -> catchThrowableOfType(MailException.class, () -> m.send(EMAIL)), "pool-holder");
            holder.start();
            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> server.commands().contains("DATA"));

            MailException e = catchThrowableOfType(MailException.class, () -> m.send(EMAIL, Duration.ofMillis(300)));

            assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION_TIMEOUT);
            assertThat(e.code()).isEmpty();
            assertThat(e.detail()).contains("pooled connections stayed busy");
            assertThat(e.hint()).contains("time limit of 300 ms").contains("nothing was delivered");
            assertThat(e.possiblyDelivered()).isFalse();
            server.close();
            holder.join(10_000);
        }
    }

    @Test
    void withoutATimeLimitTheWaitForABusyPoolIsBoundedByTheTimeouts() throws Exception {
        // A server that trickles an endless multi-line greeting keeps the only connection busy far
        // longer than its read timeout; a second send must not wait for it forever.
        try (ServerSocket trickler = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             SmtpMailer m = mailer(trickler.getLocalPort(), SmtpSecurity.NONE).poolSize(1).build()) {
            CountDownLatch accepted = new CountDownLatch(1);
            Thread server = new Thread(() -> trickleGreeting(trickler, accepted), "trickling-smtp");
            server.setDaemon(true);
            server.start();
            Thread holder = new Thread(() -> catchThrowableOfType(MailException.class, () -> m.send(EMAIL)), "pool-holder");
            holder.start();
            assertThat(accepted.await(10, TimeUnit.SECONDS)).isTrue();

            MailException e = catchThrowableOfType(MailException.class, () -> m.send(EMAIL));

            assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION_TIMEOUT);
            assertThat(e.code()).isEmpty();
            assertThat(e.detail()).contains("pooled connections stayed busy for 2 s");
            assertThat(e.hint()).contains("connect and read timeouts").contains("nothing was delivered");
            assertThat(e.possiblyDelivered()).isFalse();
            trickler.close();
            holder.join(10_000);
        }
    }

    private static void trickleGreeting(ServerSocket server, CountDownLatch accepted) {
        try (Socket s = server.accept()) {
            accepted.countDown();
            OutputStream out = s.getOutputStream();
            while (!server.isClosed()) {
                out.write("220-still greeting\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                // Pacing below the client's 1 s read timeout, so its connection stays busy.
                Thread.sleep(200);
            }
        } catch (IOException | InterruptedException e) {
            // the test closed the server socket: the client's connection ends here
        }
    }

    @Test
    void closingTheMailerDuringASendFailsThatSendAsClosedNotAsAnUnknownFailure() throws Exception {
        // The server holds back its 354 until the mailer is closed; the message is written afterwards,
        // when the timer thread that enforces the write timeout is already stopped.
        CountDownLatch atData = new CountDownLatch(1);
        CountDownLatch proceed = new CountDownLatch(1);
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread peer = new Thread(() -> answerHoldingData(server, atData, proceed), "held-data-smtp");
            peer.setDaemon(true);
            peer.start();
            SmtpMailer m = mailer(server.getLocalPort(), SmtpSecurity.NONE).readTimeout(Duration.ofSeconds(5)).build();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread sender = new Thread(() -> failure.set(catchThrowable(() -> m.send(EMAIL))), "sender");
            sender.start();
            assertThat(atData.await(10, TimeUnit.SECONDS)).isTrue();

            m.close();
            proceed.countDown();
            sender.join(10_000);

            assertThat(failure.get()).isInstanceOf(MailException.class);
            MailException e = (MailException) failure.get();
            assertThat(e.kind()).isEqualTo(FailureKind.INVALID_CONFIGURATION);
            assertThat(e.detail()).contains("closed while this send was in progress");
            assertThat(e.possiblyDelivered()).isFalse();
            assertThat(e.code()).isEmpty();
        }
    }

    private static void answerHoldingData(ServerSocket server, CountDownLatch atData, CountDownLatch proceed) {
        try (Socket s = server.accept()) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = s.getOutputStream();
            out.write("220 ready\r\n".getBytes(StandardCharsets.US_ASCII));
            boolean inData = false;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String reply = null;
                if (inData) {
                    if (line.equals(".")) {
                        inData = false;
                        reply = "250 2.0.0 OK";
                    }
                } else if (line.startsWith("EHLO")) {
                    reply = "250-localhost\r\n250 8BITMIME";
                } else if (line.startsWith("DATA")) {
                    atData.countDown();
                    proceed.await(10, TimeUnit.SECONDS);
                    inData = true;
                    reply = "354 go ahead";
                } else if (line.startsWith("QUIT")) {
                    out.write("221 bye\r\n".getBytes(StandardCharsets.US_ASCII));
                    return;
                } else {
                    reply = "250 OK";
                }
                if (reply != null) {
                    out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            }
        } catch (IOException | InterruptedException e) {
            // the client went away: nothing left to answer
        }
    }

    @Test
    void aServerThatStopsReadingIsAWriteTimeoutOverStartTls() throws Exception {
        // Larger than the loopback socket buffers on both sides, so the client's writes must block.
        Email big = Email.builder().from("sender@example.com").to("to@example.org").subject("s").text("body")
                .attach(dev.mailover.Attachment.of("big.bin", "application/octet-stream", new byte[24 * 1024 * 1024]))
                .build();
        // The server announces no SIZE: a SIZE smaller than the message would refuse it before DATA.
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().capabilities("AUTH PLAIN LOGIN")
                .startTls(TestCertificates.serverContext(TestCertificates.LOCALHOST))
                .on("DATA", "354 go ahead" + ScriptedSmtpServer.THEN_HANG).start();
             SmtpMailer m = mailer(server.port(), SmtpSecurity.STARTTLS).build()) {

            MailException e = catchThrowableOfType(MailException.class, () -> m.send(big));

            assertThat(e).as("a send that would block forever").isNotNull();
            assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION_TIMEOUT);
            assertThat(e.code()).isEmpty();
            assertThat(e.hint()).contains("within 1 s (the write timeout)").contains("nothing was delivered");
            assertThat(e.possiblyDelivered()).isFalse();
        }
    }

    @Test
    void anEnormousTimeLimitSendsNormallyInsteadOfOverflowing() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().start();
             SmtpMailer m = mailer(server.port(), SmtpSecurity.NONE).build()) {

            m.send(EMAIL, Duration.ofSeconds(Long.MAX_VALUE));

            assertThat(server.messageIds()).containsExactly(EMAIL.messageId());
        }
    }
}
