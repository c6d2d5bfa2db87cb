package dev.mailover.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailover.Attachment;
import dev.mailover.Email;
import dev.mailover.FailureKind;
import dev.mailover.MailException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every supported database must do for the outbox, run against each real one: the shipped script, the
 * store's round trip of a whole email, claims that never overlap, and the admin operations.
 */
abstract class StorageContract {

    private static final long LEASE = 60_000;

    @TempDir
    Path spool;

    /** A database that the test may drop and create the outbox's tables in. */
    abstract DataSource dataSource();

    abstract Dialect expectedDialect();

    @BeforeEach
    void dropTables() throws SQLException {
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS mailover_outbox_attachment");
            s.execute("DROP TABLE IF EXISTS mailover_outbox_envelope");
            s.execute("DROP TABLE IF EXISTS mailover_outbox");
        }
    }

    private OutboxStore store() throws SQLException {
        Dialect dialect;
        try (Connection c = dataSource().getConnection()) {
            dialect = Dialect.of(c.getMetaData());
        }
        assertThat(dialect).isEqualTo(expectedDialect());
        Schema.ensure(dataSource(), dialect, true);
        return new OutboxStore(dataSource(), dialect, dialect == Dialect.H2 ? EmbeddedDatabase.FLUSH : null);
    }

    @Test
    void theShippedScriptCreatesBothTablesAndRunningItAgainChangesNothing() throws SQLException {
        for (int run = 0; run < 2; run++) {
            try (Connection c = dataSource().getConnection(); Statement s = c.createStatement()) {
                for (String sql : Schema.statements(expectedDialect())) {
                    s.execute(sql);
                }
            }
        }
        try (Outbox outbox = Outbox.builder().dataSource(dataSource()).workers(0).createSchema(false).build()) {
            outbox.send(TestEmails.numbered(1));
            assertThat(outbox.counts()).containsEntry(OutboxStatus.PENDING, 1L);
        }
    }

    @Test
    void anOutboxOnThisDatabaseRelaysEveryEmailToARealSmtpServer() {
        List<String> ids = new ArrayList<>();
        try (SmtpSink sink = SmtpSink.start();
             Outbox outbox = Outbox.builder().dataSource(dataSource()).mailer(sink.mailer()).workers(2)
                     .pollInterval(java.time.Duration.ofMillis(50)).build()) {
            for (int i = 0; i < 30; i++) {
                Email email = TestEmails.numbered(i);
                ids.add(email.messageId());
                outbox.send(email);
            }
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> outbox.counts().get(OutboxStatus.SENT) == 30L);
            assertThat(sink.messageIds()).containsExactlyInAnyOrderElementsOf(ids);
        }
    }

    @Test
    void withoutCreateSchemaAMissingTableFailsTheBuildNamingTheScriptToRun() {
        assertThatThrownBy(() -> Outbox.builder().dataSource(dataSource()).workers(0).createSchema(false).build())
                .isInstanceOfSatisfying(MailException.class, e -> {
                    assertThat(e.kind()).isEqualTo(FailureKind.INVALID_CONFIGURATION);
                    assertThat(e.hint()).contains(expectedDialect().script()).contains("createSchema(true)");
                });
    }

    @Test
    void anEmailWithAttachmentsComesBackFromTheDatabaseAsItWasStored() throws Exception {
        OutboxStore store = store();
        byte[] big = new byte[OutboxStore.CHUNK * 2 + 12_345]; // three chunks
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i % 251);
        }
        Path file = Files.write(spool.resolve("big.bin"), big);
        Email email = Email.builder().from("Zoë <z@shop.example>").to("Ada <ada@example.org>").cc("c@example.org")
                .bcc("b@example.org").replyTo("r@shop.example").subject("Grüße \"quoted\" \\ back")
                .text("line 1\r\nline 2\ttab").html("<p>é</p>").header("X-Order", "42").tag("t1").tag("t2")
                .metadata("k", "v \"w\"").attach(Attachment.of("big.bin", "application/octet-stream", file))
                .attach(Attachment.of("empty.txt", "text/plain", new byte[0]))
                .attach(Attachment.inline("logo", "logo.png", "image/png", new byte[] {1, 2, 3})).build();
        store.store(email, 1_000);
        Files.delete(file);

        OutboxStore.Claimed claimed = store.claim(1, 2_000, 2_000 + LEASE, "test#1").get(0);
        Envelope envelope = Envelope.read(claimed.envelope());
        List<Attachment> attachments = new ArrayList<>();
        for (int i = 0; i < envelope.parts().size(); i++) {
            attachments.add(store.readPart(claimed.entry().id(), i, envelope.parts().get(i), spool, 1024));
        }
        Email back = envelope.toEmail(attachments);

        assertThat(back.messageId()).isEqualTo(email.messageId());
        assertThat(back.from()).isEqualTo(email.from());
        assertThat(back.to()).isEqualTo(email.to());
        assertThat(back.cc()).isEqualTo(email.cc());
        assertThat(back.bcc()).isEqualTo(email.bcc());
        assertThat(back.replyTo()).isEqualTo(email.replyTo());
        assertThat(back.subject()).isEqualTo(email.subject());
        assertThat(back.text()).isEqualTo(email.text());
        assertThat(back.html()).isEqualTo(email.html());
        assertThat(back.headers()).isEqualTo(email.headers());
        assertThat(back.tags()).isEqualTo(email.tags());
        assertThat(back.metadata()).isEqualTo(email.metadata());
        assertThat(back.attachments()).extracting(Attachment::filename).containsExactly("big.bin", "empty.txt", "logo.png");
        assertThat(back.attachments().get(0).path()).as("a large part is spooled to a file").isPresent();
        assertThat(back.attachments().get(0).openStream().readAllBytes()).isEqualTo(big);
        assertThat(back.attachments().get(1).size()).isZero();
        assertThat(back.attachments().get(2).contentId()).contains("logo");
        assertThat(back.attachments().get(2).openStream().readAllBytes()).containsExactly(1, 2, 3);
    }

    @Test
    void theEnvelopeOfAnEntryIsReadBackForAnAdminViewEvenAfterItWasSent() {
        Email email = Email.builder().from("Zoë <z@shop.example>").to("Ada <ada@example.org>", "b@example.org")
                .cc("c@example.org").subject("Grüße zur Bestellung 42").text("Danke!")
                .attach(Attachment.of("invoice.pdf", "application/pdf", new byte[1234])).build();
        try (Outbox outbox = Outbox.builder().dataSource(dataSource()).workers(0).build()) {
            OutboxEntry entry = outbox.find(outbox.send(email).messageId()).orElseThrow();

            OutboxEnvelope envelope = outbox.envelope(entry.id()).orElseThrow();

            assertThat(envelope.messageId()).isEqualTo(email.messageId());
            assertThat(envelope.from()).isEqualTo(email.from());
            assertThat(envelope.to()).isEqualTo(email.to());
            assertThat(envelope.cc()).isEqualTo(email.cc());
            assertThat(envelope.subject()).isEqualTo("Grüße zur Bestellung 42");
            assertThat(envelope.attachments()).containsExactly(new OutboxEnvelope.Part("invoice.pdf", "application/pdf", 1234));
            assertThat(outbox.envelope(entry.id() + 1000)).isEmpty();
        }
    }

    @Test
    void concurrentClaimsNeverHandOneEntryToTwoWorkers() throws Exception {
        OutboxStore store = store();
        int entries = 200;
        for (int i = 0; i < entries; i++) {
            store.store(TestEmails.numbered(i), 1_000);
        }
        ConcurrentLinkedQueue<Long> claimed = new ConcurrentLinkedQueue<>();
        ExecutorService claimers = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                String token = "worker#" + t;
                running.add(claimers.submit(() -> {
                    List<OutboxStore.Claimed> batch;
                    do {
                        batch = store.claim(3, 2_000, 2_000 + LEASE, token);
                        batch.forEach(c -> claimed.add(c.entry().id()));
                    } while (!batch.isEmpty());
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            claimers.shutdownNow();
        }
        Set<Long> distinct = new HashSet<>(claimed);
        assertThat(claimed).hasSize(entries);
        assertThat(distinct).hasSize(entries);
        assertThat(store.counts()).containsEntry(OutboxStatus.SENDING, (long) entries);
    }

    @Test
    void oneWorkerSessionRecordsAndClaimsBatchAfterBatchAndRecoversFromAFailedTransaction() throws SQLException {
        OutboxStore store = store();
        for (int i = 1; i <= 45; i++) {
            store.store(TestEmails.numbered(i), 1_000);
        }
        Set<Long> sent = new HashSet<>();
        try (OutboxStore.Session session = store.session()) {
            List<OutboxStore.Claimed> batch = store.record(session, List.of(), 2_000, 2_000 + LEASE, "w#1", 40).next();
            assertThat(batch).as("more than one IN list of ids in one claim").hasSize(40);
            assertThat(batch).allSatisfy(c -> assertThat(c.envelope()).isNotEmpty());
            assertThatThrownBy(() -> session.inTransaction(false,
                    c -> session.prepare("SELECT no_such_column FROM mailover_outbox").executeQuery()))
                    .isInstanceOf(SQLException.class);
            for (int round = 2; !batch.isEmpty(); round++) {
                List<OutboxStore.Outcome> outcomes = new ArrayList<>();
                for (OutboxStore.Claimed c : batch) {
                    outcomes.add(OutboxStore.sent(c, 3_000, "smtp", "<p" + c.entry().id() + "@x>", false));
                }
                OutboxStore.Recorded recorded = store.record(session, outcomes, 3_000, 3_000 + LEASE, "w#" + round, 40);
                assertThat(recorded.after()).allMatch(java.util.Optional::isPresent);
                batch.forEach(c -> sent.add(c.entry().id()));
                batch = recorded.next();
            }
        }
        assertThat(sent).hasSize(45);
        assertThat(store.counts()).containsEntry(OutboxStatus.SENT, 45L).containsEntry(OutboxStatus.SENDING, 0L)
                .containsEntry(OutboxStatus.PENDING, 0L);
    }

    @Test
    void oneBatchOfSentRetriedAndFailedEntriesIsRecordedWithEachEntrysOwnValues() throws SQLException {
        OutboxStore store = store();
        List<OutboxStore.Claimed> batch = storeAndClaimFive(store);
        assertThat(batch).hasSize(5);
        List<OutboxStore.Outcome> outcomes = mixedOutcomes(batch);
        try (OutboxStore.Session session = store.session()) {
            OutboxStore.Recorded recorded = store.record(session, outcomes, 9_000, 9_000 + LEASE, null, 0);
            assertThat(recorded.after()).allMatch(java.util.Optional::isPresent);
        }
        assertMixedOutcomesStored(store, batch);
        assertThat(store.find(batch.get(4).entry().id()).orElseThrow().providerId()).contains("<c@x>");
    }

    @Test
    void anEntryTakenOverWhileItsBatchWasSentIsLeftToItsNewOwnerAndTheRestIsRecorded() throws SQLException {
        OutboxStore store = store();
        List<OutboxStore.Claimed> batch = storeAndClaimFive(store);
        long takenOver = batch.get(4).entry().id();
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement()) {
            // what another worker leaves after its take-over and claim of the entry
            s.executeUpdate("UPDATE mailover_outbox SET lease_owner = 'other#1' WHERE id = " + takenOver);
        }
        try (OutboxStore.Session session = store.session()) {
            OutboxStore.Recorded recorded = store.record(session, mixedOutcomes(batch), 9_000, 9_000 + LEASE, null, 0);
            assertThat(recorded.after()).extracting(java.util.Optional::isPresent)
                    .containsExactly(true, true, true, true, false);
        }
        assertMixedOutcomesStored(store, batch);
        assertThat(store.find(batch.get(3).entry().id()).orElseThrow().status()).isEqualTo(OutboxStatus.SENT);
        OutboxEntry other = store.find(takenOver).orElseThrow();
        assertThat(other.status()).as("the new owner's").isEqualTo(OutboxStatus.SENDING);
        assertThat(other.transport()).isEmpty();
    }

    private static List<OutboxStore.Claimed> storeAndClaimFive(OutboxStore store) throws SQLException {
        for (int i = 1; i <= 5; i++) {
            store.store(TestEmails.numbered(i), 1_000);
        }
        return store.claim(5, 1_000, 1_000 + LEASE, "w#1");
    }

    /** Retried, failed, then three deliveries, each at its own time through its own transport. */
    private static List<OutboxStore.Outcome> mixedOutcomes(List<OutboxStore.Claimed> batch) {
        return List.of(
                OutboxStore.failed(batch.get(0), 5_000, 65_000L, FailureKind.SERVICE_UNAVAILABLE, "421 4.3.2 busy", "wait", true),
                OutboxStore.failed(batch.get(1), 5_001, null, FailureKind.RECIPIENT_REJECTED, "550 5.1.1 unknown", "check", false),
                OutboxStore.sent(batch.get(2), 5_002, "smtp", "<a@x>", false),
                OutboxStore.sent(batch.get(3), 5_003, "sendgrid", "sg-1", false),
                OutboxStore.sent(batch.get(4), 5_004, "smtp", "<c@x>", false));
    }

    private static void assertMixedOutcomesStored(OutboxStore store, List<OutboxStore.Claimed> batch) throws SQLException {
        OutboxEntry retried = store.find(batch.get(0).entry().id()).orElseThrow();
        assertThat(retried.status()).isEqualTo(OutboxStatus.PENDING);
        assertThat(retried.nextAttemptAt().toEpochMilli()).isEqualTo(65_000);
        assertThat(retried.lastFailure()).contains(FailureKind.SERVICE_UNAVAILABLE);
        assertThat(retried.possiblyDelivered()).isTrue();
        assertThat(retried.sentAt()).isEmpty();
        OutboxEntry failed = store.find(batch.get(1).entry().id()).orElseThrow();
        assertThat(failed.status()).isEqualTo(OutboxStatus.FAILED);
        assertThat(failed.lastDetail()).isEqualTo("550 5.1.1 unknown");
        OutboxEntry sent = store.find(batch.get(2).entry().id()).orElseThrow();
        assertThat(sent.status()).isEqualTo(OutboxStatus.SENT);
        assertThat(sent.transport()).contains("smtp");
        assertThat(sent.providerId()).contains("<a@x>");
        assertThat(sent.sentAt()).hasValueSatisfying(at -> assertThat(at.toEpochMilli()).isEqualTo(5_002));
        OutboxEntry viaSendgrid = store.find(batch.get(3).entry().id()).orElseThrow();
        assertThat(viaSendgrid.transport()).contains("sendgrid");
        assertThat(viaSendgrid.providerId()).contains("sg-1");
        assertThat(viaSendgrid.sentAt()).hasValueSatisfying(at -> assertThat(at.toEpochMilli()).isEqualTo(5_003));
    }

    @Test
    void aLeaseThatEndsIsTakenOverAndMarkedPossiblyDelivered() throws SQLException {
        OutboxStore store = store();
        store.store(TestEmails.numbered(1), 1_000);
        OutboxStore.Claimed first = store.claim(1, 1_000, 1_000 + LEASE, "dead#1").get(0);

        assertThat(store.takeOverExpired(1_000 + LEASE - 1)).as("still leased").isZero();
        assertThat(store.takeOverExpired(1_000 + LEASE)).isEqualTo(1);
        OutboxStore.Claimed second = store.claim(1, 1_000 + LEASE, 1_000 + 2 * LEASE, "alive#1").get(0);

        assertThat(second.entry().id()).isEqualTo(first.entry().id());
        assertThat(second.entry().attempts()).isEqualTo(2);
        assertThat(second.entry().possiblyDelivered()).isTrue();
        assertThat(store.markSent(first, 2_000, "smtp", "x", false)).as("the dead worker's claim is void").isEmpty();
        assertThat(store.markSent(second, 2_000, "smtp", "<id@x>", false)).isPresent();
        OutboxEntry sent = store.find(second.entry().id()).orElseThrow();
        assertThat(sent.status()).isEqualTo(OutboxStatus.SENT);
        assertThat(sent.providerId()).contains("<id@x>");
    }

    @Test
    void retryQueuesAFailedEntryAgainAndPurgeRemovesOnlyFinishedOnes() throws SQLException {
        OutboxStore store = store();
        OutboxEntry failed = store.store(TestEmails.numbered(1), 1_000);
        OutboxEntry sent = store.store(TestEmails.numbered(2), 1_001);
        OutboxEntry pending = store.store(TestEmails.numbered(3), 1_500);
        for (OutboxStore.Claimed c : store.claim(5, 1_001, 1_001 + LEASE, "w#1")) {
            if (c.entry().id() == failed.id()) {
                store.markFailed(c, 2_000, null, FailureKind.RECIPIENT_REJECTED, "550 5.1.1 unknown", "check it", false);
            } else {
                store.markSent(c, 2_000, "smtp", "<p@x>", false);
            }
        }
        assertThat(store.list(OutboxStatus.FAILED, 10)).extracting(OutboxEntry::id).containsExactly(failed.id());
        assertThat(store.list(OutboxStatus.SENT, 10)).extracting(OutboxEntry::id).containsExactly(sent.id());
        assertThat(store.list(OutboxStatus.PENDING, 10)).extracting(OutboxEntry::id).containsExactly(pending.id());

        assertThat(store.retry(sent.id(), 3_000)).as("only a FAILED entry is queued again").isFalse();
        assertThat(store.retry(failed.id(), 3_000)).isTrue();
        OutboxEntry again = store.find(failed.id()).orElseThrow();
        assertThat(again.status()).isEqualTo(OutboxStatus.PENDING);
        assertThat(again.attempts()).isZero();
        assertThat(again.nextAttemptAt().toEpochMilli()).isEqualTo(3_000);
        assertThat(again.lastFailure()).contains(FailureKind.RECIPIENT_REJECTED);

        assertThat(store.purge(2_000)).as("nothing finished before 2000").isZero();
        assertThat(store.purge(2_001)).isEqualTo(1);
        assertThat(store.find(sent.id())).isEmpty();
        assertThat(store.counts()).containsEntry(OutboxStatus.PENDING, 2L).containsEntry(OutboxStatus.SENT, 0L)
                .containsEntry(OutboxStatus.FAILED, 0L).containsEntry(OutboxStatus.SENDING, 0L);
    }
}
