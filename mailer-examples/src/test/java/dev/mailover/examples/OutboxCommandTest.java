package dev.mailover.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mailover.Attachment;
import dev.mailover.Email;
import dev.mailover.Mailer;
import dev.mailover.outbox.Outbox;
import dev.mailover.outbox.OutboxEntry;
import dev.mailover.outbox.OutboxStatus;
import dev.mailover.smtp.SmtpMailer;
import dev.mailover.smtp.SmtpSecurity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mailover outbox ...} against a real embedded H2 outbox holding entries in every status: two SENT (to a
 * GreenMail server), one FAILED (refused, past its maximum age), one SENDING (its worker stuck in a tarpit's endless
 * greeting) and two PENDING (stored while that only worker is busy).
 */
class OutboxCommandTest {

    @TempDir
    Path folder;

    private final SmtpServers smtp = new SmtpServers();
    private TricklingSmtpServer tarpit;
    private Outbox stuck;
    private OutboxEntry failed;

    @BeforeEach
    void fillTheOutbox() throws Exception {
        try (Outbox sending = outbox(smtpMailer(smtp.plainPort())).build()) {
            sending.send(email(1, true));
            sending.send(email(2, false));
            await().atMost(Duration.ofSeconds(20)).until(() -> sending.counts().get(OutboxStatus.SENT) == 2);
        }
        try (Outbox refused = outbox(smtpMailer(ClosedPort.find())).maxAge(Duration.ofSeconds(1)).build()) {
            refused.send(email(3, false));
            await().atMost(Duration.ofSeconds(20)).until(() -> refused.counts().get(OutboxStatus.FAILED) == 1);
            failed = refused.list(OutboxStatus.FAILED, 1).get(0);
        }
        tarpit = new TricklingSmtpServer();
        stuck = outbox(smtpMailer(tarpit.port())).workers(1).build();
        stuck.send(email(4, false));
        await().atMost(Duration.ofSeconds(20)).until(() -> stuck.counts().get(OutboxStatus.SENDING) == 1);
        try (Outbox queued = Outbox.builder().embedded(folder).workers(0).build()) {
            queued.send(email(5, false));
            queued.send(email(6, false));
        }
    }

    @AfterEach
    void stop() throws Exception {
        tarpit.close(); // the stuck send fails at once, so closing its outbox does not wait for the lease
        stuck.close();
        smtp.close();
    }

    @Test
    void statsCountsTheEntriesInEachStatusAligned() {
        CommandRun run = outboxCommand("stats");

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).isEqualTo("""
                PENDING  2
                SENDING  1
                SENT     2
                FAILED   1
                total    6
                """);
    }

    @Test
    void listShowsWhatIsNotDeliveredYetAsAnAlignedTable() {
        CommandRun run = outboxCommand("list");

        assertThat(run.exitCode()).as(run.all()).isZero();
        String[] lines = run.out().split("\n");
        assertThat(lines[0]).startsWith("ID  STATUS   ATTEMPTS  DUE / FINISHED (UTC)  LAST FAILURE        MESSAGE-ID");
        assertThat(run.out()).contains("PENDING", "SENDING", "FAILED", "CONNECTION_REFUSED")
                .doesNotContainPattern("(?m)^ *\\d+  SENT")
                .contains("4 of 4 entries with status PENDING, SENDING, FAILED. In all: PENDING 2, SENDING 1, SENT 2, FAILED 1.");
        int statusColumn = lines[0].indexOf("STATUS");
        int messageIdColumn = lines[0].indexOf("MESSAGE-ID");
        for (int i = 1; i <= 4; i++) {
            assertThat(lines[i].indexOf(' ', statusColumn) - statusColumn).as(lines[i]).isBetween(4, 7);
            assertThat(lines[i].charAt(messageIdColumn)).as(lines[i]).isEqualTo('<');
        }
    }

    @Test
    void listFiltersByStatusAndLimits() {
        CommandRun sent = outboxCommand("list", "--status", "sent");
        CommandRun limited = outboxCommand("list", "--status", "PENDING,FAILED", "--limit", "1");

        assertThat(sent.exitCode()).as(sent.all()).isZero();
        assertThat(sent.out()).contains("2 of 2 entries with status SENT.").doesNotContain("PENDING  ");
        assertThat(limited.out()).contains("1 of 3 entries with status PENDING, FAILED; --limit shows more.");
    }

    @Test
    void showPrintsOneEntryWithItsEnvelopeByIdOrMessageId() {
        CommandRun byId = outboxCommand("show", "1");
        CommandRun byMessageId = outboxCommand("show", failed.messageId());

        assertThat(byId.exitCode()).as(byId.all()).isZero();
        assertThat(byId.out()).containsPattern("(?m)^status: +SENT$")
                .containsPattern("(?m)^transport: +smtp")
                .contains("from:", "Shop <shop@mailover.test>", "to:", "ada@example.org",
                        "subject:", "Order 1 – ünïcödé", "attachments:", "invoice.pdf (application/pdf, 2.0 KiB)");
        assertThat(byMessageId.exitCode()).as(byMessageId.all()).isZero();
        assertThat(byMessageId.out()).containsPattern("(?m)^status: +FAILED$")
                .containsPattern("(?m)^last failure: +CONNECTION_REFUSED")
                .contains("attempts:", "attachments:", "none");
    }

    @Test
    void showOfAnUnknownEntrySaysSoAndExitsWith1() {
        CommandRun run = outboxCommand("show", "999");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("No entry 999 in this outbox.");
    }

    @Test
    void retryQueuesAFailedEntryAgainAndRefusesOneThatIsNotFailed() {
        CommandRun retried = outboxCommand("retry", Long.toString(failed.id()));
        CommandRun sent = outboxCommand("retry", "1");

        assertThat(retried.exitCode()).as(retried.all()).isZero();
        assertThat(retried.out()).contains("Entry " + failed.id() + " " + failed.messageId() + " is PENDING again");
        assertThat(sent.exitCode()).isEqualTo(1);
        assertThat(sent.out()).contains("Entry 1 is SENT, not FAILED");
        assertThat(outboxCommand("stats").out()).contains("PENDING  3", "FAILED   0");
    }

    @Test
    void purgeDeletesOnlyFinishedEntriesOlderThanTheAge() {
        CommandRun young = outboxCommand("purge", "--older-than", "1d");
        CommandRun all = outboxCommand("purge", "--older-than", "1ms");

        assertThat(young.exitCode()).as(young.all()).isZero();
        assertThat(young.out()).contains("Deleted 0 SENT or FAILED entries that finished more than 1d ago.");
        assertThat(all.out()).contains("Deleted 3 SENT or FAILED entries that finished more than 1ms ago.");
        assertThat(outboxCommand("stats").out()).contains("PENDING  2", "SENDING  1", "SENT     0", "total    3");
    }

    @Test
    void aJdbcUrlReachesTheSameOutboxAndThePasswordIsNeverPrinted() {
        String url = "jdbc:h2:file:" + folder.toAbsolutePath().resolve("outbox");
        CommandRun run = CommandRun.run(Map.of("OUTBOX_DB_PASSWORD", "s3cret-Pa55"),
                "outbox", "stats", "--jdbc-url", url, "--user", "sa", "--password-env", "OUTBOX_DB_PASSWORD");

        // H2's user sa has an empty password here: a wrong one is refused, and the refusal does not echo it.
        assertThat(run.all()).doesNotContain("s3cret-Pa55");
        assertThat(run.exitCode()).isEqualTo(1);
        CommandRun right = CommandRun.run("outbox", "stats", "--jdbc-url", url, "--user", "sa");
        assertThat(right.exitCode()).as(right.all()).isZero();
        assertThat(right.out()).contains("total    6");
    }

    @Test
    void aPasswordInTheUrlIsRefusedBeforeConnecting() {
        CommandRun run = CommandRun.run("outbox", "stats", "--jdbc-url", "jdbc:postgresql://db.example.com/shop?password=hunter2");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("the URL holds a password").doesNotContain("hunter2");
    }

    @Test
    void aFolderWithoutAnOutboxIsBadUsageNamingTheFolder(@TempDir Path empty) {
        CommandRun run = CommandRun.run("outbox", "stats", "--outbox", empty.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("there is no embedded outbox in " + empty.toAbsolutePath());
    }

    private CommandRun outboxCommand(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "outbox";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--outbox";
        all[args.length + 2] = folder.toString();
        return CommandRun.run(all);
    }

    private Outbox.Builder outbox(Mailer mailer) {
        return Outbox.builder().embedded(folder).mailer(mailer).workers(1).pollInterval(Duration.ofMillis(50));
    }

    private static Mailer smtpMailer(int port) {
        return SmtpMailer.builder().host("127.0.0.1").port(port).security(SmtpSecurity.NONE)
                .connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(30)).build();
    }

    private static Email email(int n, boolean withAttachment) {
        Email.Builder b = Email.builder().from("Shop <shop@mailover.test>").to("ada@example.org")
                .subject("Order " + n + " – ünïcödé").text("Thank you for order " + n + ".");
        if (withAttachment) {
            b.attach(Attachment.of("invoice.pdf", "application/pdf", "%PDF".repeat(512).getBytes(StandardCharsets.US_ASCII)));
        }
        return b.build();
    }
}
