package dev.mailover.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 20 MB attachment is streamed: a child JVM with a 64 MB heap sends it. Buffering the base64 text
 * (27 MB, twice that as a Java String being built) or the JSON body would not fit.
 */
class LargeAttachmentMemoryTest {

    private static final int SIZE = 20 * 1024 * 1024;

    @Test
    void twentyMegabyteAttachmentIsSentFromASixtyFourMegabyteHeap(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("big.bin");
        try (OutputStream out = Files.newOutputStream(file)) {
            byte[] block = new byte[64 * 1024];
            Random random = new Random(42);
            for (int written = 0; written < SIZE; written += block.length) {
                random.nextBytes(block);
                out.write(block);
            }
        }
        try (MockWebServer server = new MockWebServer()) {
            server.setBodyLimit(0); // count the body, keep none of it
            server.enqueue(new MockResponse.Builder().code(202).addHeader("X-Message-Id", "big-1").build());
            server.start();

            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process child = new ProcessBuilder(java, "-Xmx64m", "-XX:+ExitOnOutOfMemoryError",
                    "-cp", System.getProperty("java.class.path"),
                    LargeAttachmentSender.class.getName(), server.url("/").toString(), file.toString())
                    .redirectErrorStream(true).start();
            boolean finished = child.waitFor(90, TimeUnit.SECONDS);
            String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!finished) {
                child.destroyForcibly();
            }

            assertThat(finished).as("child finished: %s", output).isTrue();
            assertThat(child.exitValue()).as("child output: %s", output).isZero();
            assertThat(output).contains("sent big-1");
            RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
            assertThat(request.getBodySize()).isGreaterThan(SIZE / 3L * 4);
        }
    }
}
