package dev.mailover.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mailover.Attempt;
import dev.mailover.Email;
import dev.mailover.FailureKind;
import dev.mailover.http.SendGridMailer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The relay's decisions after real servers' failures: retry a transient one, respect Retry-After, stop at a refusal. */
class RetryWithRealServersTest {

    private static final String TOO_MANY_CONNECTIONS = "421 4.7.0 mail.example.test Error: too many connections from 127.0.0.1";
    private static final String USER_UNKNOWN =
            "550 5.1.1 <nosuchuser@example.org>: Recipient address rejected: User unknown in relay recipient table";

    @TempDir
    Path folder;

    /** Records every event, in order. */
    static final class Events implements OutboxListener {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Override
        public void onEnqueued(OutboxEntry entry) {
            seen.add("enqueued");
        }

        @Override
        public void onAttempted(OutboxEntry entry, Attempt attempt) {
            seen.add("attempted " + attempt.outcome() + attempt.failure().map(k -> " " + k).orElse(""));
        }

        @Override
        public void onSent(OutboxEntry entry) {
            seen.add("sent");
        }

        @Override
        public void onFailed(OutboxEntry entry) {
            seen.add("failed");
        }
    }

    @Test
    void aServerThatAnswers421AndThenRecoversEndsSentOnTheRetry() throws Exception {
        Events events = new Events();
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(
                List.of(TOO_MANY_CONNECTIONS, ScriptedSmtpServer.postfixGreeting()), rcpt -> "250 2.1.5 Ok", 0);
             Outbox outbox = Outbox.builder().embedded(folder).mailer(SmtpSink.mailer(server.port()))
                     .retry(Duration.ofMillis(200), Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(50))
                     .listener(events).build()) {
            Email email = TestEmails.numbered(1);
            outbox.send(email);

            await().atMost(Duration.ofSeconds(10)).until(() -> outbox.find(email.messageId()).orElseThrow().status()
                    == OutboxStatus.SENT);
            OutboxEntry entry = outbox.find(email.messageId()).orElseThrow();
            assertThat(entry.attempts()).isEqualTo(2);
            assertThat(entry.lastFailure()).contains(FailureKind.RATE_LIMITED);
            assertThat(entry.lastDetail()).contains("421 4.7.0");
            assertThat(server.messages()).hasSize(1).allSatisfy(m -> assertThat(m).contains(email.messageId()));
            await().atMost(Duration.ofSeconds(5)).until(() -> events.seen.contains("sent")); // heard after SENT is stored
            assertThat(events.seen).containsExactly("enqueued", "attempted FAILED RATE_LIMITED", "attempted DELIVERED", "sent");
        }
    }

    @Test
    void aRejectedRecipientEndsFailedAfterOneAttempt() throws Exception {
        Events events = new Events();
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(List.of(ScriptedSmtpServer.postfixGreeting()),
                rcpt -> rcpt.startsWith("nosuchuser") ? USER_UNKNOWN : "250 2.1.5 Ok", 0);
             Outbox outbox = Outbox.builder().embedded(folder).mailer(SmtpSink.mailer(server.port()))
                     .retry(Duration.ofMillis(100), Duration.ofMillis(200)).pollInterval(Duration.ofMillis(50))
                     .listener(events).build()) {
            Email email = Email.builder().from("orders@shop.example").to("nosuchuser@example.org").subject("Hello")
                    .text("Hi").build();
            outbox.send(email);

            await().atMost(Duration.ofSeconds(10)).until(() -> outbox.find(email.messageId()).orElseThrow().status()
                    == OutboxStatus.FAILED);
            Email witness = TestEmails.numbered(2); // passes through the relay after the refusal's retry delay
            outbox.send(witness);
            await().atMost(Duration.ofSeconds(10)).until(() -> server.messages().size() == 1);

            OutboxEntry entry = outbox.find(email.messageId()).orElseThrow();
            assertThat(entry.status()).isEqualTo(OutboxStatus.FAILED);
            assertThat(entry.attempts()).isEqualTo(1);
            assertThat(entry.lastFailure()).contains(FailureKind.RECIPIENT_REJECTED);
            assertThat(entry.lastDetail()).contains("550 5.1.1");
            assertThat(entry.lastHint()).isNotEmpty();
            assertThat(entry.finishedAt()).isPresent();
            assertThat(entry.sentAt()).isEmpty();
            assertThat(outbox.list(OutboxStatus.FAILED, 10)).extracting(OutboxEntry::messageId).containsExactly(email.messageId());
            await().atMost(Duration.ofSeconds(5)).until(() -> events.seen.contains("failed")); // heard after FAILED is stored
            assertThat(events.seen).startsWith("enqueued", "attempted FAILED RECIPIENT_REJECTED", "failed");
        }
    }

    @Test
    void anEntryThatCannotBeDeliveredWithinMaxAgeEndsFailedSayingSo() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        Events events = new Events();
        try (Outbox outbox = Outbox.builder().embedded(folder).mailer(SmtpSink.mailer(closedPort))
                .retry(Duration.ofMillis(200), Duration.ofMillis(400)).maxAge(Duration.ofSeconds(1))
                .pollInterval(Duration.ofMillis(50)).listener(events).build()) {
            Email email = TestEmails.numbered(5);
            outbox.send(email);

            await().atMost(Duration.ofSeconds(15)).until(() -> outbox.find(email.messageId()).orElseThrow().status()
                    == OutboxStatus.FAILED);
            OutboxEntry entry = outbox.find(email.messageId()).orElseThrow();
            assertThat(entry.attempts()).isGreaterThan(1);
            assertThat(entry.lastFailure()).contains(FailureKind.CONNECTION_REFUSED);
            assertThat(entry.lastDetail()).contains("maxAge");
            // the listener hears of the end after the entry is stored as FAILED
            await().atMost(Duration.ofSeconds(5)).until(() -> events.seen.contains("failed"));
            assertThat(events.seen).endsWith("attempted FAILED CONNECTION_REFUSED", "failed");
        }
    }

    @Test
    void aFailedEntryQueuedAgainWithRetryIsDeliveredAndPurgeThenRemovesIt() throws Exception {
        java.util.concurrent.atomic.AtomicInteger rcpts = new java.util.concurrent.atomic.AtomicInteger();
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(List.of(ScriptedSmtpServer.postfixGreeting()),
                rcpt -> rcpts.getAndIncrement() == 0 ? USER_UNKNOWN : "250 2.1.5 Ok", 0); // the mailbox is created later
             Outbox outbox = Outbox.builder().embedded(folder).mailer(SmtpSink.mailer(server.port()))
                     .pollInterval(Duration.ofMillis(50)).build()) {
            Email email = TestEmails.numbered(4);
            outbox.send(email);
            await().atMost(Duration.ofSeconds(10)).until(() -> outbox.find(email.messageId()).orElseThrow().status()
                    == OutboxStatus.FAILED);
            long id = outbox.find(email.messageId()).orElseThrow().id();

            assertThat(outbox.retry(id)).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> outbox.find(id).orElseThrow().status() == OutboxStatus.SENT);
            assertThat(outbox.find(id).orElseThrow().attempts()).as("counted afresh").isEqualTo(1);
            assertThat(server.messages()).hasSize(1);
            assertThat(outbox.retry(id)).as("only a FAILED entry is queued again").isFalse();

            assertThat(outbox.purge(Duration.ofDays(1))).as("finished just now").isZero();
            assertThat(outbox.purge(Duration.ZERO)).isEqualTo(1);
            assertThat(outbox.find(id)).isEmpty();
        }
    }

    @Test
    void aThrottledApiCallIsNotRetriedBeforeItsRetryAfter() throws Exception {
        List<Long> arrivals = new CopyOnWriteArrayList<>();
        try (MockWebServer sendGrid = new MockWebServer()) {
            sendGrid.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    arrivals.add(System.nanoTime());
                    if (arrivals.size() == 1) {
                        return new MockResponse.Builder().code(429).addHeader("Retry-After", "2")
                                .addHeader("Content-Type", "application/json")
                                .body("{\"errors\":[{\"field\":null,\"message\":\"too many requests\"}]}").build();
                    }
                    return new MockResponse.Builder().code(202).addHeader("X-Message-Id", "sg-" + arrivals.size()).build();
                }
            });
            sendGrid.start();
            SendGridMailer mailer = SendGridMailer.builder().apiKey("SG.test-key").baseUrl(sendGrid.url("/").toString()).build();
            try (Outbox outbox = Outbox.builder().embedded(folder).mailer(mailer)
                    .retry(Duration.ofMillis(100), Duration.ofMillis(200)).pollInterval(Duration.ofMillis(20)).build()) {
                Email email = TestEmails.numbered(3);
                outbox.send(email);

                await().atMost(Duration.ofSeconds(15)).until(() -> outbox.find(email.messageId()).orElseThrow().status()
                        == OutboxStatus.SENT);
                OutboxEntry entry = outbox.find(email.messageId()).orElseThrow();
                assertThat(entry.attempts()).isEqualTo(2);
                assertThat(entry.lastFailure()).contains(FailureKind.RATE_LIMITED);
                assertThat(entry.transport()).contains("sendgrid");
                assertThat(entry.providerId()).contains("sg-2");
            }
        }
        assertThat(arrivals).hasSize(2);
        assertThat(Duration.ofNanos(arrivals.get(1) - arrivals.get(0))).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    }
}
