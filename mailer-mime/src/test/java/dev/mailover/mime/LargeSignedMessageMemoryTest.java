package dev.mailover.mime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailover.mime.testing.DkimTesting;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signing streams: a child JVM with a 32 MB heap signs and writes a message with a 20 MB attachment.
 * Holding its base64 body (27 MB) once, as a buffering signer does, would not fit.
 */
class LargeSignedMessageMemoryTest {

    private static final int SIZE = 20 * 1024 * 1024;

    @Test
    void twentyMegabyteAttachmentIsSignedFromAThirtyTwoMegabyteHeap(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("big.bin");
        try (OutputStream out = Files.newOutputStream(file)) {
            byte[] block = new byte[64 * 1024];
            Random random = new Random(42);
            for (int written = 0; written < SIZE; written += block.length) {
                random.nextBytes(block);
                out.write(block);
            }
        }
        Path key = dir.resolve("dkim.pem");
        Files.writeString(key, DkimTesting.pem(DkimTesting.RSA.getPrivate()));

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx32m", "-XX:+ExitOnOutOfMemoryError",
                "-cp", System.getProperty("java.class.path"),
                LargeSignedMessageWriter.class.getName(), file.toString(), key.toString())
                .redirectErrorStream(true).start();
        boolean finished = child.waitFor(90, TimeUnit.SECONDS);
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!finished) {
            child.destroyForcibly();
        }

        assertThat(finished).as("child finished: %s", output).isTrue();
        assertThat(child.exitValue()).as("child output: %s", output).isZero();
        assertThat(output).contains("signed").contains("DKIM-Signature: v=1; a=rsa-sha256");
        long written = Long.parseLong(output.replaceAll("(?s).*signed (\\d+) bytes.*", "$1"));
        assertThat(written).isGreaterThan(SIZE / 3L * 4);
    }
}
