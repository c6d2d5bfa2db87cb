package dev.mailover.smtp;

import static dev.mailover.smtp.ScriptedSmtpServer.HANG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mailover.Email;
import dev.mailover.FailureKind;
import dev.mailover.MailException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * One Jakarta Mail session serves all of a mailer's connections: each connection still gets its own
 * sockets for the deadline watchdog, and a time limit longer than the connect timeout (which the
 * shared session does not cap) still bounds the send.
 */
class TransportSessionsTest {

    private static final Email EMAIL = Email.builder().from("sender@example.com").to("to@example.org")
            .subject("s").text("body").build();

    private static SmtpMailer.Builder mailer(ScriptedSmtpServer server, SmtpSecurity security) {
        return SmtpMailer.builder().host("localhost").port(server.port()).security(security)
                .trustedCertificates(TestCertificates.CA.certificate())
                .connectTimeout(Duration.ofSeconds(1)).readTimeout(Duration.ofSeconds(30));
    }

    private static void assertBrokenByTheTimeLimit(SmtpMailer m, Duration limit, String human) {
        long start = System.nanoTime();

        MailException e = catchThrowableOfType(MailException.class, () -> m.send(EMAIL, limit));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
        assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION_TIMEOUT);
        assertThat(e.hint()).contains("time limit of " + human);
        assertThat(e.possiblyDelivered()).isFalse();
    }

    @Test
    void timeLimitLongerThanTheConnectTimeoutBreaksAHungStartTlsSend() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                .startTls(TestCertificates.serverContext(TestCertificates.LOCALHOST)).on("DATA", HANG).start();
             SmtpMailer m = mailer(server, SmtpSecurity.STARTTLS).build()) {
            assertBrokenByTheTimeLimit(m, Duration.ofSeconds(2), "2 s");
            assertThat(server.commands()).contains("STARTTLS");
        }
    }

    @Test
    void timeLimitLongerThanTheConnectTimeoutBreaksAHungSmtpsSend() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                .implicitTls(TestCertificates.serverContext(TestCertificates.LOCALHOST)).on("DATA", HANG).start();
             SmtpMailer m = mailer(server, SmtpSecurity.SMTPS).build()) {
            assertBrokenByTheTimeLimit(m, Duration.ofSeconds(2), "2 s");
        }
    }

    @Test
    void connectionsOpenedAtOnceEachGiveTheWatchdogTheirOwnSockets() throws Exception {
        int threads = 4;
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                .startTls(TestCertificates.serverContext(TestCertificates.LOCALHOST)).on("DATA", HANG).start();
             SmtpMailer m = mailer(server, SmtpSecurity.STARTTLS).poolSize(threads).build()) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> sends = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    sends.add(pool.submit(() -> assertBrokenByTheTimeLimit(m, Duration.ofSeconds(3), "3 s")));
                }
                for (Future<?> f : sends) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(server.connections()).isEqualTo(threads);
        }
    }

    @Test
    void everyConnectionSaysTheSameEhloName() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().start();
             SmtpMailer m = mailer(server, SmtpSecurity.NONE).maxMessagesPerConnection(1).build()) {
            m.send(EMAIL);
            m.send(EMAIL);

            assertThat(server.connections()).isEqualTo(2);
            List<String> ehlo = server.commands().stream().filter(c -> c.startsWith("EHLO ")).toList();
            assertThat(ehlo).hasSize(2);
            assertThat(ehlo.get(0)).isEqualTo(ehlo.get(1)).isNotEqualTo("EHLO ");
        }
    }

    @Test
    void theEhloNameIsTheLocalHostsCanonicalNameAsJakartaMailWouldLookItUp() throws Exception {
        SmtpSettings settings = SmtpMailer.builder().host("localhost").settings();
        TransportSessions sessions = new TransportSessions(settings, new KnownSecrets());
        String expected;
        try {
            expected = InetAddress.getLocalHost().getCanonicalHostName();
        } catch (UnknownHostException e) {
            // Jakarta Mail then falls back to the socket's local address itself (the test hosts file lacks this host)
            expected = null;
        }

        assertThat(sessions.ehloName()).isEqualTo(expected);
        assertThat(sessions.ehloName()).isEqualTo(expected);
    }

    @Test
    void aConfiguredLocalHostIsWhatEhloSays() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().start();
             SmtpMailer m = mailer(server, SmtpSecurity.NONE).localHost("app.example.com").build()) {
            m.send(EMAIL);

            assertThat(server.commands()).filteredOn(c -> c.startsWith("EHLO")).containsExactly("EHLO app.example.com");
        }
    }

    @Test
    void aSocketFactoryRefusesToCreateASocketWhenNoConnectionIsBeingOpened() {
        assertThatThrownBy(() -> ConnectionSockets.plainFactory().createSocket())
                .isInstanceOf(IOException.class).hasMessageContaining("no SMTP connection is being opened");
    }

    @Test
    void socketsCreatedWhileAConnectionIsBoundAreAbortedWithIt() throws Exception {
        ConnectionSockets sockets = new ConnectionSockets();
        Socket socket;
        try (ConnectionSockets.Binding bound = sockets.bindToThisThread()) {
            socket = ConnectionSockets.plainFactory().createSocket();
        }

        sockets.abort();

        assertThat(socket.isClosed()).isTrue();
        assertThatThrownBy(() -> ConnectionSockets.plainFactory().createSocket()).isInstanceOf(IOException.class);
    }

    @Test
    void aSocketBelongsToTheConnectionThatItsOwnThreadIsOpening() throws Exception {
        ConnectionSockets first = new ConnectionSockets();
        ConnectionSockets second = new ConnectionSockets();
        CountDownLatch firstBound = new CountDownLatch(1);
        CountDownLatch secondBound = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<Socket> fromFirst = threads.submit(() -> {
                try (ConnectionSockets.Binding bound = first.bindToThisThread()) {
                    firstBound.countDown();
                    secondBound.await();
                    return ConnectionSockets.plainFactory().createSocket();
                }
            });
            Future<Socket> fromSecond = threads.submit(() -> {
                firstBound.await();
                try (ConnectionSockets.Binding bound = second.bindToThisThread()) {
                    secondBound.countDown();
                    return ConnectionSockets.plainFactory().createSocket();
                }
            });
            Socket a = fromFirst.get(10, TimeUnit.SECONDS);
            Socket b = fromSecond.get(10, TimeUnit.SECONDS);

            first.abort();

            assertThat(a.isClosed()).isTrue();
            assertThat(b.isClosed()).isFalse();
            b.close();
        } finally {
            threads.shutdownNow();
        }
    }
}
