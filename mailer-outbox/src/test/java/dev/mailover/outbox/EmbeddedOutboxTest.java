package dev.mailover.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.mailover.Attachment;
import dev.mailover.Email;
import dev.mailover.FailureKind;
import dev.mailover.HealthCheck;
import dev.mailover.MailException;
import dev.mailover.SendResult;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The zero-config outbox: an H2 database in a folder, relaying to a real SMTP server. */
class EmbeddedOutboxTest {

    @TempDir
    Path folder;
    private SmtpSink sink;

    @BeforeEach
    void startServer() {
        sink = SmtpSink.start();
    }

    @AfterEach
    void stopServer() {
        sink.close();
    }

    private Outbox.Builder outbox() {
        return Outbox.builder().embedded(folder).mailer(sink.mailer());
    }

    @Test
    void sendReturnsTheMessageIdFromTheOutboxAndTheRelayDeliversIt() {
        try (Outbox outbox = outbox().build()) {
            Email email = TestEmails.numbered(1);
            SendResult result = outbox.send(email);

            assertThat(result.transport()).isEqualTo("outbox");
            assertThat(result.messageId()).isEqualTo(email.messageId());
            await().atMost(Duration.ofSeconds(10)).until(() -> sink.messageIds().contains(email.messageId()));
            await().atMost(Duration.ofSeconds(10)).until(() -> outbox.find(email.messageId()).orElseThrow().status()
                    == OutboxStatus.SENT);
            OutboxEntry entry = outbox.find(email.messageId()).orElseThrow();
            assertThat(entry.attempts()).isEqualTo(1);
            assertThat(entry.transport()).contains("smtp");
            assertThat(entry.providerId()).isPresent();
            assertThat(entry.sentAt()).isPresent();
            assertThat(entry.lastFailure()).isEmpty();
        }
    }

    @Test
    void aSendWakesTheRelayAtOnceRatherThanAtTheNextPoll() {
        try (Outbox outbox = outbox().pollInterval(Duration.ofHours(1)).build()) {
            await().pollDelay(Duration.ofMillis(300)).until(() -> true); // the relay's first poll is over
            Email email = TestEmails.numbered(2);
            outbox.send(email);

            await().atMost(Duration.ofSeconds(10)).until(() -> sink.messageIds().contains(email.messageId()));
        }
    }

    @Test
    void aWorkerClaimsLargerBatchesOfADeepBacklogButNeverMoreThanItsBound() {
        int backlog = 8 + 16 + 3 * Relay.MAX_BATCH;
        try (Outbox enqueueOnly = outbox().workers(0).build()) {
            for (int i = 0; i < backlog; i++) {
                enqueueOnly.send(TestEmails.numbered(i));
            }
        }
        java.util.concurrent.atomic.AtomicReference<Outbox> relaying = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicLong mostInFlight = new java.util.concurrent.atomic.AtomicLong();
        dev.mailover.Mailer smtp = sink.mailer();
        dev.mailover.Mailer counting = new dev.mailover.Mailer() {
            @Override
            public SendResult send(Email email) {
                Outbox o = relaying.get();
                if (o != null) {
                    mostInFlight.accumulateAndGet(o.counts().get(OutboxStatus.SENDING), Math::max);
                }
                return smtp.send(email);
            }

            @Override
            public HealthCheck check() {
                return smtp.check();
            }

            @Override
            public String name() {
                return smtp.name();
            }

            @Override
            public void close() {
                smtp.close();
            }
        };
        try (Outbox outbox = Outbox.builder().embedded(folder).mailer(counting).workers(1).build()) {
            relaying.set(outbox);
            await().atMost(Duration.ofSeconds(30)).until(() -> outbox.counts().get(OutboxStatus.SENT) == backlog);
        }
        assertThat(mostInFlight.get()).as("the one worker's largest batch").isEqualTo(Relay.MAX_BATCH);
    }

    @Test
    void theWholeEmailIsStoredAndSentAsWritten(@TempDir Path files) throws Exception {
        Path report = files.resolve("report.pdf");
        byte[] pdf = new byte[300_000]; // above the in-memory limit: read back through a spool file
        for (int i = 0; i < pdf.length; i++) {
            pdf[i] = (byte) (i * 31);
        }
        Files.write(report, pdf);
        byte[] logo = "PNG-bytes".getBytes(StandardCharsets.US_ASCII);
        Email email = Email.builder()
                .from("Zoë Shop <orders@shop.example>")
                .to("Ada Lovelace <ada@example.org>", "bob@example.org")
                .cc("\"Last, First\" <cc@example.org>")
                .bcc("hidden@example.org")
                .replyTo("Support <support@shop.example>")
                .subject("Your order №1234 ✓")
                .text("Plain body\r\nsecond line")
                .html("<p>HTML body <img src=\"cid:logo\"></p>")
                .header("X-Order", "1234")
                .tag("orders")
                .metadata("order", "1234")
                .attach(Attachment.of("report.pdf", "application/pdf", report))
                .attach(Attachment.inline("logo", "logo.png", "image/png", logo))
                .build();

        try (Outbox outbox = outbox().workers(0).build()) {
            outbox.send(email);
        }
        Files.delete(report); // deleted after the send returned: the outbox holds its own copy
        try (Outbox outbox = outbox().build()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> sink.messages().size() == 4); // one per recipient
        }

        MimeMessage m = sink.messages().get(0);
        assertThat(m.getMessageID()).isEqualTo(email.messageId());
        assertThat(m.getSubject()).isEqualTo("Your order №1234 ✓");
        assertThat(m.getFrom()[0].toString()).contains("orders@shop.example").contains("Zo");
        assertThat(m.getHeader("To")[0]).contains("Ada Lovelace").contains("ada@example.org").contains("bob@example.org");
        assertThat(m.getHeader("Cc")[0]).contains("cc@example.org");
        assertThat(m.getHeader("Bcc")).isNull();
        assertThat(m.getHeader("Reply-To")[0]).contains("support@shop.example");
        assertThat(m.getHeader("X-Order")[0]).isEqualTo("1234");
        List<BodyPart> parts = leaves((Multipart) m.getContent());
        BodyPart pdfPart = parts.stream().filter(p -> "report.pdf".equals(fileName(p))).findFirst().orElseThrow();
        assertThat(bytes(pdfPart)).isEqualTo(pdf);
        BodyPart logoPart = parts.stream().filter(p -> "logo.png".equals(fileName(p))).findFirst().orElseThrow();
        assertThat(logoPart.getHeader("Content-ID")[0]).isEqualTo("<logo>");
        assertThat(bytes(logoPart)).isEqualTo(logo);
        assertThat(parts).anySatisfy(p -> assertThat(content(p)).contains("second line"));
        assertThat(parts).anySatisfy(p -> assertThat(content(p)).contains("cid:logo"));
    }

    @Test
    void aRestartedOutboxContinuesWhereTheStoppedOneLeftOff() {
        List<Email> emails = new ArrayList<>();
        try (Outbox enqueueOnly = Outbox.builder().embedded(folder).workers(0).build()) {
            for (int i = 0; i < 20; i++) {
                Email email = TestEmails.numbered(i);
                emails.add(email);
                enqueueOnly.send(email);
            }
            assertThat(enqueueOnly.counts()).containsEntry(OutboxStatus.PENDING, 20L);
        }
        assertThat(sink.messages()).isEmpty();

        try (Outbox relay = outbox().build()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> relay.counts().get(OutboxStatus.SENT) == 20L);
        }
        assertThat(sink.messageIds()).containsExactlyInAnyOrderElementsOf(emails.stream().map(Email::messageId).toList());
    }

    @Test
    void afterCloseSendAndSendAsyncFailSayingTheOutboxIsClosed() {
        Outbox outbox = outbox().build();
        outbox.close();
        outbox.close(); // idempotent

        assertThatThrownBy(() -> outbox.send(TestEmails.numbered(3)))
                .isInstanceOfSatisfying(MailException.class, e -> {
                    assertThat(e.kind()).isEqualTo(FailureKind.INVALID_CONFIGURATION);
                    assertThat(e.getMessage()).contains("closed");
                });
        CompletableFuture<SendResult> async = outbox.sendAsync(TestEmails.numbered(4));
        assertThatThrownBy(async::join).isInstanceOf(CompletionException.class)
                .cause().isInstanceOfSatisfying(MailException.class,
                        e -> assertThat(e.kind()).isEqualTo(FailureKind.INVALID_CONFIGURATION));
        assertThat(outbox.check().healthy()).isFalse();
    }

    @Test
    void checkReportsTheStorageAndTheWrappedMailerWithoutThrowing() {
        int closedPort;
        try (SmtpSink gone = SmtpSink.start()) {
            closedPort = gone.port();
        }
        try (Outbox healthy = outbox().build()) {
            HealthCheck check = healthy.check();
            assertThat(check.healthy()).isTrue();
            assertThat(check.components()).hasSize(2);
            assertThat(check.components().get(0).detail()).contains("H2").contains("0 entries due");
            assertThat(check.components().get(1).healthy()).isTrue();
        }
        try (Outbox downstreamDown = Outbox.builder().embedded(folder).mailer(SmtpSink.mailer(closedPort)).build()) {
            HealthCheck check = downstreamDown.check();
            assertThat(check.healthy()).as("sends are still accepted: %s", check).isTrue();
            assertThat(check.components().get(1).healthy()).isFalse();
            assertThat(check.components().get(1).failure()).contains(FailureKind.CONNECTION_REFUSED);
        }
    }

    @Test
    void aListenerThatThrowsDoesNotStopTheRelay() {
        OutboxListener broken = new OutboxListener() {
            @Override
            public void onEnqueued(OutboxEntry entry) {
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void onAttempted(OutboxEntry entry, dev.mailover.Attempt attempt) {
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void onSent(OutboxEntry entry) {
                throw new IllegalStateException("listener bug");
            }
        };
        try (Outbox outbox = outbox().listener(broken).build()) {
            Email first = TestEmails.numbered(1);
            Email second = TestEmails.numbered(2);
            outbox.send(first);
            outbox.send(second);

            await().atMost(Duration.ofSeconds(10)).until(() -> sink.messages().size() == 2);
            await().atMost(Duration.ofSeconds(10)).until(() -> outbox.counts().get(OutboxStatus.SENT) == 2L);
        }
    }

    private static List<BodyPart> leaves(Multipart multipart) throws Exception {
        List<BodyPart> leaves = new ArrayList<>();
        for (int i = 0; i < multipart.getCount(); i++) {
            BodyPart part = multipart.getBodyPart(i);
            if (part.getContent() instanceof Multipart inner) {
                leaves.addAll(leaves(inner));
            } else {
                leaves.add(part);
            }
        }
        return leaves;
    }

    private static String fileName(BodyPart part) {
        try {
            return part.getFileName();
        } catch (Exception e) {
            return null;
        }
    }

    private static byte[] bytes(BodyPart part) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        part.getInputStream().transferTo(out);
        return out.toByteArray();
    }

    private static String content(BodyPart part) {
        try {
            return part.getContent() instanceof String s ? s : "";
        } catch (Exception e) {
            return "";
        }
    }
}
