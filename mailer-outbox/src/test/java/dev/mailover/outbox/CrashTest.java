package dev.mailover.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mailover.Email;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A relaying process killed with SIGKILL mid-way loses nothing: a new process takes its entries over when their
 * leases end, every email arrives at least once, and only the entries in flight at the kill may arrive twice.
 */
class CrashTest {

    private static final int EMAILS = 400;

    @TempDir
    Path folder;

    @Test
    void aRelayKilledMidWayLosesNothingAndDuplicatesAtMostItsEntriesInFlight() throws Exception {
        List<String> ids = new ArrayList<>();
        try (Outbox enqueueOnly = Outbox.builder().embedded(folder).workers(0).build()) {
            for (int i = 0; i < EMAILS; i++) {
                Email email = TestEmails.numbered(i);
                ids.add(email.messageId());
                enqueueOnly.send(email);
            }
        }
        try (SmtpSink sink = SmtpSink.start()) {
            Process child = startRelay(sink.port());
            int arrivedAtKill;
            try {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5))
                        .until(() -> sink.messages().size() >= EMAILS / 4 || !child.isAlive());
            } finally {
                child.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no close()
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
                arrivedAtKill = sink.messages().size();
            }
            assertThat(child.exitValue()).as("killed, not exited: %s", output(child)).isEqualTo(137);
            assertThat(arrivedAtKill).as("killed mid-way").isLessThan(EMAILS);

            Set<String> inFlight = new HashSet<>();
            try (Outbox inspect = Outbox.builder().embedded(folder).workers(0).build()) {
                inspect.list(OutboxStatus.SENDING, 1000).forEach(e -> inFlight.add(e.messageId()));
                assertThat(inspect.counts().get(OutboxStatus.SENT) + inFlight.size()
                        + inspect.counts().get(OutboxStatus.PENDING)).isEqualTo(EMAILS);
            }
            assertThat(inFlight.size()).as("at most one batch per worker of the killed relay").isBetween(0, 4 * Relay.MAX_BATCH);

            try (Outbox takeOver = Outbox.builder().embedded(folder).mailer(sink.mailer()).workers(4)
                    .lease(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50)).build()) {
                // With a 2 s lease, the killed relay's entries are taken over within about one lease.
                await().atMost(Duration.ofSeconds(20)).until(() -> takeOver.counts().get(OutboxStatus.SENT) == EMAILS);
                for (String id : inFlight) {
                    assertThat(takeOver.find(id).orElseThrow().possiblyDelivered()).as("taken over: %s", id).isTrue();
                }
            }

            Map<String, Integer> arrivals = sink.arrivals();
            assertThat(arrivals.keySet()).as("every email arrived").containsExactlyInAnyOrderElementsOf(ids);
            List<String> duplicates = arrivals.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
            System.out.printf("crash test: %d of %d arrived at the kill, %d in flight, %d arrived twice%n",
                    arrivedAtKill, EMAILS, inFlight.size(), duplicates.size());
            assertThat(arrivals.values()).allMatch(n -> n <= 2);
            assertThat(inFlight).as("only entries in flight at the kill arrive twice").containsAll(duplicates);
        }
    }

    private Process startRelay(int smtpPort) throws IOException {
        return ChildJvm.of("128m", RelayProcess.class, folder.toString(), Integer.toString(smtpPort))
                .redirectErrorStream(true).redirectOutput(folder.resolve("relay.log").toFile()).start();
    }

    private String output(Process child) throws IOException {
        return java.nio.file.Files.readString(folder.resolve("relay.log"));
    }
}
