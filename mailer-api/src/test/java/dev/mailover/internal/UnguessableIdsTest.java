package dev.mailover.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mailover.Email;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnguessableIdsTest {

    private static final int THREADS = 16;
    private static final int PER_THREAD = 20_000;

    @Test
    void idsDrawnOnManyThreadsAtOnceAreAllDifferent() throws Exception {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> done = IntStream.range(0, THREADS).mapToObj(t -> pool.submit(() -> {
                start.await();
                for (int i = 0; i < PER_THREAD; i++) {
                    seen.add(UnguessableIds.next());
                }
                return null;
            })).collect(Collectors.toList());
            start.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(seen).hasSize(THREADS * PER_THREAD);
    }

    @Test
    void anIdIs128BitsAsTwentySixBase32Characters() {
        assertThat(UnguessableIds.next()).matches("[a-z2-7]{25}[aeimquy4]");
    }

    @Test
    void generatedMessageIdsCarryAnUnguessableTokenAndTheSendersDomain() {
        Email email = Email.builder().from("a@Example.COM").to("b@example.org").subject("s").text("t").build();

        assertThat(email.messageId()).matches("<[a-z0-9]+\\.[a-z2-7]{26}@example\\.com>");
    }

    @Test
    void onAMachineWithARandomDeviceTheTokensComeStraightFromIt() {
        assumeTrue(new File("/dev/urandom").exists(), "this machine has no /dev/urandom");

        UnguessableIds.next();

        assertThat(UnguessableIds.fromOsDevice()).isTrue();
    }

    @Test
    void withoutARandomDeviceTheBytesComeFromASecureRandom(@TempDir Path dir) {
        UnguessableIds.Entropy entropy = UnguessableIds.Entropy.open(dir.resolve("no-such-device").toString());

        assertThat(entropy.fromDevice()).isFalse();
        assertDrawsDifferentNonZeroBytes(entropy);
    }

    @Test
    void aRegularFileIsNeverTakenForTheRandomDevice(@TempDir Path dir) throws Exception {
        Path zeros = Files.write(dir.resolve("urandom"), new byte[64 * 1024]);

        UnguessableIds.Entropy entropy = UnguessableIds.Entropy.open(zeros.toString());

        assertThat(entropy.fromDevice()).isFalse();
        assertDrawsDifferentNonZeroBytes(entropy);
    }

    private static void assertDrawsDifferentNonZeroBytes(UnguessableIds.Entropy entropy) {
        byte[] first = new byte[1024];
        byte[] second = new byte[1024];
        entropy.fill(first);
        entropy.fill(second);
        assertThat(first).isNotEqualTo(new byte[1024]).isNotEqualTo(second);
        assertThat(second).isNotEqualTo(new byte[1024]);
    }
}
