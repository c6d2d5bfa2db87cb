package dev.mailover.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 20 MB attachment is streamed into the database at enqueue and back out for the relay: a child JVM with a 48 MB
 * heap stores and relays it. Holding it twice (40 MB), or as one driver buffer plus a copy, would not fit.
 */
class LargeAttachmentMemoryTest {

    private static final int SIZE = 20 * 1024 * 1024;

    @TempDir
    static Path dir;
    private static Path file;
    private static String sha256;

    @BeforeAll
    static void writeTheFile() throws Exception {
        file = dir.resolve("big.bin");
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (OutputStream out = Files.newOutputStream(file)) {
            byte[] block = new byte[64 * 1024];
            Random random = new Random(42);
            for (int written = 0; written < SIZE; written += block.length) {
                random.nextBytes(block);
                out.write(block);
                digest.update(block);
            }
        }
        sha256 = HexFormat.of().formatHex(digest.digest());
    }

    @Test
    void aTwentyMegabyteAttachmentGoesThroughTheEmbeddedOutboxInAFortyEightMegabyteHeap() throws Exception {
        relayInAChildJvm("embedded:" + dir.resolve("outbox"));
    }

    @Test
    void aTwentyMegabyteAttachmentGoesThroughPostgresqlInAFortyEightMegabyteHeap() throws Exception {
        relayInAChildJvm(Postgres.newDatabase());
    }

    private static void relayInAChildJvm(String storage) throws Exception {
        try (SmtpSink sink = SmtpSink.start()) {
            Process child = ChildJvm.of("48m", LargeAttachmentRelay.class, storage, Integer.toString(sink.port()),
                    file.toString())
                    .redirectErrorStream(true).start();
            boolean finished = child.waitFor(120, TimeUnit.SECONDS);
            String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!finished) {
                child.destroyForcibly();
            }

            assertThat(finished).as("child finished: %s", output).isTrue();
            assertThat(child.exitValue()).as("child output: %s", output).isZero();
            assertThat(output).contains(" SENT ");
            assertThat(sink.messages()).hasSize(1);
            MimeMessage m = sink.messages().get(0);
            Multipart parts = (Multipart) m.getContent();
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (var in = parts.getBodyPart(1).getInputStream()) {
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    digest.update(buffer, 0, n);
                }
            }
            assertThat(HexFormat.of().formatHex(digest.digest())).as("the attachment arrived intact").isEqualTo(sha256);
        }
    }
}
