package dev.mailover.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Durable when send returns, even if the process halts next": a process storing emails into the embedded outbox
 * is killed with SIGKILL, and every email whose send had returned is in the database afterwards. (H2 on its own
 * writes commits to its file lazily and loses the last half second of them to a kill.)
 */
class EnqueueDurabilityTest {

    @TempDir
    Path folder;

    @Test
    void everyEmailWhoseSendReturnedSurvivesTheProcessBeingKilled() throws Exception {
        Process child = ChildJvm.of("128m", EnqueueProcess.class, folder.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<String> returned = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; returned.size() < 300 && (line = out.readLine()) != null; ) {
                returned.add(line);
            }
            child.destroyForcibly(); // SIGKILL right after a send returned, while the next ones are being stored
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(returned).as("the child stored emails before it was killed").hasSizeGreaterThanOrEqualTo(300);

        try (Outbox outbox = Outbox.builder().embedded(folder).workers(0).build()) {
            List<String> lost = returned.stream().filter(id -> outbox.find(id).isEmpty()).toList();
            assertThat(lost).as("emails whose send had returned, missing after the kill").isEmpty();
        }
    }
}
