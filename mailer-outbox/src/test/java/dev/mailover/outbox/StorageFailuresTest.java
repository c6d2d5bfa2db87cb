package dev.mailover.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.mailover.Attachment;
import dev.mailover.Email;
import dev.mailover.FailureKind;
import dev.mailover.MailException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outbox's own storage failures are classified MailExceptions that say what to do. */
class StorageFailuresTest {

    @TempDir
    Path folder;

    @Test
    void anUnreachableDatabaseFailsTheBuildSayingToCheckIt() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + closedPort + "/outbox");
        config.setUsername("postgres");
        config.setConnectionTimeout(250);
        config.setInitializationFailTimeout(-1);
        try (HikariDataSource unreachable = new HikariDataSource(config)) {
            assertThatThrownBy(() -> Outbox.builder().dataSource(unreachable).workers(0).build())
                    .isInstanceOfSatisfying(MailException.class, e -> {
                        assertThat(e.kind()).isEqualTo(FailureKind.SERVICE_UNAVAILABLE);
                        assertThat(e.connectionFailed()).isTrue();
                        assertThat(e.transport()).isEqualTo("outbox");
                        assertThat(e.hint()).contains("cannot be reached");
                    });
        }
    }

    @Test
    void aTableDroppedUnderARunningOutboxFailsTheSendNamingTheScriptToRun() throws Exception {
        try (HikariDataSource pool = Postgres.pool(Postgres.newDatabase(), 3);
             Outbox outbox = Outbox.builder().dataSource(pool).workers(0).build()) {
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                s.execute("DROP TABLE mailover_outbox CASCADE");
            }
            assertThatThrownBy(() -> outbox.send(TestEmails.numbered(1)))
                    .isInstanceOfSatisfying(MailException.class, e -> {
                        assertThat(e.kind()).isEqualTo(FailureKind.INVALID_CONFIGURATION);
                        assertThat(e.detail()).contains("42P01");
                        assertThat(e.hint()).contains("dev/mailover/outbox/schema/").contains("createSchema(true)");
                    });
            assertThat(outbox.check().healthy()).isFalse();
        }
    }

    @Test
    void anAttachmentWhoseFileVanishedBeforeTheSendIsRefusedAndNothingIsStored() throws Exception {
        Path file = Files.writeString(folder.resolve("invoice.pdf"), "%PDF");
        Email email = Email.builder().from("a@shop.example").to("b@example.org").subject("Invoice").text("attached")
                .attach(Attachment.of("invoice.pdf", "application/pdf", file)).build();
        Files.delete(file);
        try (Outbox outbox = Outbox.builder().embedded(folder.resolve("outbox")).workers(0).build()) {
            assertThatThrownBy(() -> outbox.send(email))
                    .isInstanceOfSatisfying(MailException.class, e -> {
                        assertThat(e.kind()).isEqualTo(FailureKind.MESSAGE_REJECTED);
                        assertThat(e.getMessage()).contains("invoice.pdf");
                        assertThat(e.hint()).contains("Nothing was stored");
                    });
            assertThat(outbox.counts().values()).allMatch(n -> n == 0);
        }
    }

    @Test
    void workersWithoutAMailerAreRefusedAtBuild() {
        assertThatThrownBy(() -> Outbox.builder().embedded(folder).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("mailer").hasMessageContaining("workers(0)");
    }
}
