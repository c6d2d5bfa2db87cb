package dev.mailover.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import dev.mailover.Email;
import dev.mailover.FailureKind;
import dev.mailover.MailException;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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
        ScriptedSmtpServer first = ScriptedSmtpServer.builder().port(port).start();
        ScriptedSmtpServer[] second = new ScriptedSmtpServer[1];
        Set<String> delivered = ConcurrentHashMap.newKeySet();
        Set<String> ambiguous = ConcurrentHashMap.newKeySet();
        List<FailureKind> failures = new CopyOnWriteArrayList<>();
        AtomicInteger sentAfterRestart = new AtomicInteger();
        AtomicBoolean restarted = new AtomicBoolean();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try (SmtpMailer mailer = mailer(port).poolSize(3).connectTimeout(Duration.ofSeconds(1)).build()) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                futures.add(threads.submit(() -> {
                    // each thread keeps sending until 15 of its sends succeeded after the restart
                    for (int i = 0; sentAfterRestart.get() < 60 && i < 2000; i++) {
                        Email e = email(thread, i);
                        try {
                            mailer.send(e);
                            delivered.add(e.messageId());
                            if (restarted.get()) {
                                sentAfterRestart.incrementAndGet();
                            }
                        } catch (MailException failure) {
                            failures.add(failure.kind());
                            if (failure.possiblyDelivered()) {
                                ambiguous.add(e.messageId());
                            }
                        }
                    }
                    return null;
                }));
            }
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> delivered.size() >= 40);
            first.close();
            // the old server's connections may hold the port for a moment after it closed
            second[0] = Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                    .ignoreExceptions().until(() -> ScriptedSmtpServer.builder().port(port).start(), java.util.Objects::nonNull);
            restarted.set(true);
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }

            assertThat(sentAfterRestart.get()).as("sends succeed again after the restart").isGreaterThanOrEqualTo(60);
            assertThat(failures).as("failures during the restart are transport faults")
                    .allMatch(FailureKind::transportFault).doesNotContain(FailureKind.UNKNOWN);
            List<String> received = new ArrayList<>(first.messageIds());
            received.addAll(second[0].messageIds());
            assertThat(received).as("nothing received twice").doesNotHaveDuplicates();
            assertThat(received).as("every delivered send was received").containsAll(delivered);
            Set<String> unexpected = new java.util.HashSet<>(received);
            unexpected.removeAll(delivered);
            unexpected.removeAll(ambiguous);
            assertThat(unexpected).as("only delivered or possibly-delivered sends were received").isEmpty();
        } finally {
            threads.shutdownNow();
            first.close();
            if (second[0] != null) {
                second[0].close();
            }
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
