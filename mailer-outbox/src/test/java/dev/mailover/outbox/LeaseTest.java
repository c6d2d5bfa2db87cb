package dev.mailover.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.mailover.Email;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A worker's lease is renewed while its send runs, so a slow send is never taken over by another instance. */
class LeaseTest {

    @Test
    void aSendThatOutlastsSeveralLeasesKeepsItsEntryAndIsDeliveredOnce() throws Exception {
        String url = Postgres.newDatabase();
        Duration lease = Duration.ofSeconds(1);
        try (ScriptedSmtpServer slow = new ScriptedSmtpServer(List.of(ScriptedSmtpServer.postfixGreeting()),
                rcpt -> "250 2.1.5 Ok", 3500);
             HikariDataSource poolA = Postgres.pool(url, 4);
             HikariDataSource poolB = Postgres.pool(url, 4);
             Outbox a = Outbox.builder().dataSource(poolA).mailer(SmtpSink.mailer(slow.port())).workers(1).lease(lease)
                     .pollInterval(Duration.ofMillis(50)).build()) {
            Email email = TestEmails.numbered(1);
            a.send(email);
            await().atMost(Duration.ofSeconds(10)).until(() -> a.find(email.messageId()).orElseThrow().status()
                    == OutboxStatus.SENDING);
            // B polls eagerly and would take the entry over the moment A's lease ran out.
            try (Outbox b = Outbox.builder().dataSource(poolB).mailer(SmtpSink.mailer(slow.port())).workers(1)
                    .lease(lease).pollInterval(Duration.ofMillis(50)).build()) {
                await().atMost(Duration.ofSeconds(20)).until(() -> a.find(email.messageId()).orElseThrow().status()
                        == OutboxStatus.SENT);
            }

            OutboxEntry entry = a.find(email.messageId()).orElseThrow();
            assertThat(entry.attempts()).isEqualTo(1);
            assertThat(entry.possiblyDelivered()).isFalse();
            assertThat(slow.messages()).hasSize(1);
            assertThat(slow.connections()).isEqualTo(1);
        }
    }
}
