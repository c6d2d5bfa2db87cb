package dev.mailover.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailover.Attachment;
import dev.mailover.Email;
import java.net.Socket;
import java.util.Arrays;
import java.util.function.IntFunction;
import javax.net.SocketFactory;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/**
 * Nagle's algorithm and the server's delayed ACK must not hold a request back: without TCP_NODELAY a
 * 100 KiB body ends in a small segment that waits about 40 ms on Linux, on every send.
 */
class NoStallTest {

    @Test
    void ownedClientSocketsHaveTcpNoDelay() throws Exception {
        try (Socket socket = new HttpSettings().resolve().client().socketFactory().createSocket()) {
            assertThat(socket.getTcpNoDelay()).isTrue();
        }
    }

    @Test
    void sharedClientSocketsGetTcpNoDelayFromTheApplicationsOwnFactory() throws Exception {
        OkHttpClient shared = new OkHttpClient.Builder().socketFactory(SocketFactory.getDefault()).build();
        HttpSettings settings = new HttpSettings();
        settings.httpClient(shared);
        try (Socket socket = settings.resolve().client().socketFactory().createSocket()) {
            assertThat(socket.getTcpNoDelay()).isTrue();
        }
    }

    @Test
    void hundredKibibyteTextSendOverLoopbackTakesMillisecondsNotANagleStall() throws Exception {
        String text = "x".repeat(100 * 1024);
        assertMedianSendIsFast(i -> Email.builder().from("ada@example.com").to("bob@example.org")
                .subject("Large " + i).text(text).build());
    }

    @Test
    void hundredKibibyteAttachmentSendOverLoopbackTakesMillisecondsNotANagleStall() throws Exception {
        byte[] file = new byte[100 * 1024];
        new java.util.Random(1).nextBytes(file);
        assertMedianSendIsFast(i -> Email.builder().from("ada@example.com").to("bob@example.org")
                .subject("Attachment " + i).text("see attached")
                .attach(Attachment.of("file.bin", "application/octet-stream", file)).build());
    }

    /** Ten sends, three of them warm-up; the median of the other seven must be far below a stall's 40 ms. */
    private static void assertMedianSendIsFast(IntFunction<Email> emails) throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            try (SendGridMailer mailer = SendGridMailer.builder().apiKey("SG.test-key.s3cr3t")
                    .baseUrl(server.url("/").toString()).build()) {
                long[] millis = new long[7];
                for (int i = -3; i < millis.length; i++) {
                    server.enqueue(new MockResponse.Builder().code(202).addHeader("X-Message-Id", "id-" + i).build());
                    Email email = emails.apply(i);
                    long start = System.nanoTime();
                    mailer.send(email);
                    if (i >= 0) {
                        millis[i] = (System.nanoTime() - start) / 1_000_000;
                    }
                }
                Arrays.sort(millis);
                // generous: a stall is about 40 ms on every send, a loopback send of 100 KiB 1-5 ms
                assertThat(millis[millis.length / 2]).as("median of %s ms", Arrays.toString(millis)).isLessThan(30);
            }
        }
    }
}
