package dev.mailover.ses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mailover.internal.TimeLimit;
import dev.mailover.testing.Peers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;

/**
 * SesMailer's own HTTP client, driven directly, without the SDK's call timeout around it: its own
 * bounds end every call at its cut-off, whatever the server does.
 */
class SesHttpClientTest {

    private static final Duration LIMIT = Duration.ofSeconds(1);
    private static final Duration CUT_OFF = Duration.ofMillis(1250);

    @Test
    void aServerTricklingItsAnswerIsCutOffByTheReadingThreadAtTheCutOff() throws Exception {
        String body = "x".repeat(4000); // 200 s at one byte every 50 ms
        try (Peers.Trickler trickler = new Peers.Trickler(200, Map.of("Content-Type", List.of("application/json")), body,
                Duration.ofMillis(50));
             SesHttpClient client = new SesHttpClient(Duration.ofSeconds(5), Duration.ofSeconds(5))) {
            long start = System.nanoTime();

            ApiCallTimeoutException e = catchThrowableOfType(ApiCallTimeoutException.class,
                    () -> client.call(TimeLimit.of(LIMIT), TimeLimit.of(CUT_OFF), () -> get(client, URI.create("http://127.0.0.1:" + trickler.port()))));

            assertThat(e).as("cut off, not read to the end").isNotNull();
            assertThat(e.getSuppressed()).as("what the cut-off made the read throw").hasSize(1);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
        }
    }

    @Test
    void aServerTricklingItsHeadersHasItsConnectionBrokenByTheWatchdogAtTheCutOff() throws Exception {
        try (Peers.Trickler trickler = Peers.Trickler.headers(200, Duration.ofMillis(50));
             SesHttpClient client = new SesHttpClient(Duration.ofSeconds(5), Duration.ofSeconds(5))) {
            long start = System.nanoTime();

            ApiCallTimeoutException e = catchThrowableOfType(ApiCallTimeoutException.class,
                    () -> client.call(TimeLimit.of(LIMIT), TimeLimit.of(CUT_OFF), () -> get(client, URI.create("http://127.0.0.1:" + trickler.port()))));

            assertThat(e).as("cut off, not waited for").isNotNull();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
        }
    }

    @Test
    void anAnswerReadInTimeIsReturnedWhole() throws Exception {
        try (Peers.Trickler quick = new Peers.Trickler(200, Map.of(), "{\"MessageId\":\"m-1\"}", Duration.ofMillis(1));
             SesHttpClient client = new SesHttpClient(Duration.ofSeconds(5), Duration.ofSeconds(5))) {
            String answer = client.call(TimeLimit.of(Duration.ofSeconds(10)), TimeLimit.of(Duration.ofSeconds(10)),
                    () -> get(client, URI.create("http://127.0.0.1:" + quick.port())));

            assertThat(answer).isEqualTo("{\"MessageId\":\"m-1\"}");
        }
    }

    /** One GET through the client, its body read to the end, as the SDK's unmarshaller reads it. */
    private static String get(SesHttpClient client, URI uri) {
        HttpExecuteRequest request = HttpExecuteRequest.builder()
                .request(SdkHttpFullRequest.builder().method(SdkHttpMethod.GET).uri(uri).build()).build();
        try {
            HttpExecuteResponse response = client.prepareRequest(request).call();
            try (InputStream in = response.responseBody().orElseThrow()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
