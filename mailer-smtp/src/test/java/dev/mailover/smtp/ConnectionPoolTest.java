package dev.mailover.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import dev.mailover.Email;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The connection pool, seen through SmtpMailer: concurrency, reuse, limits, recovery and close. */
class ConnectionPoolTest {

    private static Email email(int thread, int i) {
        return Email.builder().from("sender@example.com").to("to@localhost")
                .subject("t" + thread + "-m" + i).text("message " + i + " of thread " + thread).build();
    }

    private static SmtpMailer.Builder mailer(int port) {
        return SmtpMailer.builder().host("localhost").port(port).security(SmtpSecurity.NONE)
                .connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(10));
    }

    /** Sends {@code perThread} emails from each of {@code threads} threads; returns the Message-IDs sent. */
    private static Set<String> sendConcurrently(SmtpMailer mailer, int threads, int perThread) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        Set<String> sent = ConcurrentHashMap.newKeySet();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        Email e = email(thread, i);
                        mailer.send(e);
                        sent.add(e.messageId());
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return sent;
    }

    private static List<String> receivedIds(GreenMail greenMail) {
        return Arrays.stream(greenMail.getReceivedMessages()).map(ConnectionPoolTest::id).collect(Collectors.toList());
    }

    private static String id(MimeMessage m) {
        try {
            return m.getMessageID();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void eightThreadsSendingTwoHundredEachDeliverEveryMessageExactlyOnce() throws Exception {
        GreenMail greenMail = GreenMailServers.start(0, 0);
        try (SmtpMailer mailer = mailer(greenMail.getSmtp().getPort()).poolSize(4).build()) {
            Set<String> sent = sendConcurrently(mailer, 8, 200);

            List<String> received = receivedIds(greenMail);
            assertThat(sent).hasSize(1600);
            assertThat(received).hasSize(1600).doesNotHaveDuplicates();
            assertThat(Set.copyOf(received)).isEqualTo(sent);
        } finally {
            greenMail.stop();
        }
    }

    @Test
    void poolRecoversWhenTheServerIsRestartedMidRun() throws Exception {
        int port = GreenMailServers.freePort();
        GreenMail first = GreenMailServers.start(port, 0);
        try (SmtpMailer mailer = mailer(port).poolSize(3).build()) {
            Set<String> before = sendConcurrently(mailer, 4, 20);
            assertThat(receivedIds(first)).hasSize(80).containsExactlyInAnyOrderElementsOf(before);
            first.stop();

            GreenMail second = GreenMailServers.start(port, 0);
            try {
                Set<String> after = sendConcurrently(mailer, 4, 20);

                assertThat(receivedIds(second)).hasSize(80).containsExactlyInAnyOrderElementsOf(after);
            } finally {
                second.stop();
            }
        } finally {
            first.stop();
        }
    }

    @Test
    void connectionsAreReusedUpToMaxMessagesPerConnection() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().start();
             SmtpMailer mailer = mailer(server.port()).maxMessagesPerConnection(2).build()) {
            for (int i = 0; i < 5; i++) {
                mailer.send(email(0, i));
            }

            assertThat(server.messages()).hasSize(5);
            assertThat(server.connections()).isEqualTo(3);
            assertThat(server.commands().stream().filter(c -> c.startsWith("QUIT"))).hasSize(2);
        }
    }

    @Test
    void connectionTheServerClosedWhileIdleIsReplacedWithoutResending() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                .on("MAIL", "250 2.1.0 OK", ScriptedSmtpServer.DROP).start();
             SmtpMailer mailer = mailer(server.port()).build()) {
            mailer.send(email(0, 1));
            mailer.send(email(0, 2));

            assertThat(server.messages()).hasSize(2);
            assertThat(server.connections()).isEqualTo(2);
        }
    }

    @Test
    void idleConnectionIsValidatedWithNoopAndReplacedWhenDead() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                .on("DOT", "250 2.0.0 OK" + ScriptedSmtpServer.THEN_DROP).start();
             SmtpMailer mailer = mailer(server.port()).validateAfterIdle(Duration.ZERO).build()) {
            mailer.send(email(0, 1));
            mailer.send(email(0, 2));

            assertThat(server.messages()).hasSize(2);
            assertThat(server.connections()).isEqualTo(2);
            assertThat(server.commands().stream().filter(c -> c.startsWith("MAIL"))).hasSize(2);
        }
    }

    @Test
    void idleTimeout421OnAReusedConnectionIsRetriedOnANewOne() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                .on("MAIL", "250 2.1.0 OK", "421 4.4.2 scripted.test Error: timeout exceeded").start();
             SmtpMailer mailer = mailer(server.port()).build()) {
            mailer.send(email(0, 1));
            mailer.send(email(0, 2));

            assertThat(server.messages()).hasSize(2);
            assertThat(server.connections()).isEqualTo(2);
        }
    }

    @Test
    void closeSendsQuitOnIdleConnectionsAndIsIdempotent() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().start()) {
            SmtpMailer mailer = mailer(server.port()).build();
            mailer.send(email(0, 1));

            mailer.close();
            mailer.close();

            assertThat(server.commands()).last().isEqualTo("QUIT");
            String timerThread = mailer.threadName();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(t -> t.getName().equals(timerThread)));
        }
    }
}
