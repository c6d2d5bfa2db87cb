package dev.mailover.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mailover.FailureKind;
import dev.mailover.MailException;
import dev.mailover.Mailer;
import dev.mailover.testing.Peers;
import dev.mailover.testing.TestEmails;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Servers that try to hold a send forever or flood it: the whole call is bounded by its time limit,
 * not only each read, and what a server says is bounded before it reaches a detail.
 */
class HostilePeersTest {

    private static final int TEN_MB = 10 * 1024 * 1024;

    private MockWebServer server;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @ParameterizedTest
    @EnumSource(HttpMailers.class)
    void aServerTricklingItsAnswerByteByByteIsCutOffByTheCallTimeout(HttpMailers provider) throws Exception {
        MockResponse accepted = provider.accepted("trickled");
        String body = "{\"id\":\"<trickled@mg.example.com>\",\"pad\":\"" + "x".repeat(4000) + "\"}";
        try (Peers.Trickler trickler = new Peers.Trickler(accepted.getCode(), accepted.getHeaders().toMultimap(), body,
                Duration.ofMillis(50));
             Mailer mailer = provider.create("http://127.0.0.1:" + trickler.port(), Duration.ofSeconds(1))) {
            long start = System.nanoTime();
            MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(TestEmails.simple()));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(e).as("a trickled answer is never a delivery").isNotNull();
            assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION_TIMEOUT);
            assertThat(e.possiblyDelivered()).as("a success status arrived before the body stalled").isTrue();
            assertThat(e.connectionFailed()).isFalse();
            assertThat(took).as("cut off near the 1 s call timeout, not after 200 s of trickle")
                    .isLessThan(Duration.ofSeconds(8));
        }
    }

    @ParameterizedTest
    @EnumSource(HttpMailers.class)
    void aTenMegabyteErrorBodyGivesABoundedDetail(HttpMailers provider) {
        server.enqueue(new MockResponse.Builder().code(500).addHeader("Content-Type", "application/json")
                .body("{\"message\":\"" + "overflow ".repeat(TEN_MB / 9) + "\"}").build());
        try (Mailer mailer = provider.create(server.url("/").toString(), Duration.ofSeconds(20))) {
            MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(TestEmails.simple()));

            assertThat(e.kind()).isEqualTo(FailureKind.SERVICE_UNAVAILABLE);
            assertThat(e.detail().length()).isLessThanOrEqualTo(MailException.MAX_DETAIL + 40);
            assertThat(e.getMessage().length()).isLessThan(MailException.MAX_DETAIL + 1000);
            assertThat(e.detail()).contains("overflow");
        }
    }

    @ParameterizedTest
    @EnumSource(HttpMailers.class)
    void aTenMegabyteBinaryErrorBodyIsCutAndMadePrintable(HttpMailers provider) {
        byte[] garbage = new byte[TEN_MB];
        for (int i = 0; i < garbage.length; i++) {
            garbage[i] = (byte) (i % 32); // control characters only
        }
        server.enqueue(new MockResponse.Builder().code(400).body(new okio.Buffer().write(garbage)).build());
        try (Mailer mailer = provider.create(server.url("/").toString(), Duration.ofSeconds(20))) {
            MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(TestEmails.simple()));

            assertThat(e.detail().length()).isLessThanOrEqualTo(MailException.MAX_DETAIL + 40);
            assertThat(e.detail()).doesNotContainPattern("[\\x00-\\x08\\x0b-\\x1f]");
        }
    }
}
