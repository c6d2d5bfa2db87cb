package dev.mailover.ses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mailover.FailureKind;
import dev.mailover.MailException;
import dev.mailover.Mailer;
import dev.mailover.testing.Peers;
import dev.mailover.testing.TestEmails;
import java.net.URI;
import java.time.Duration;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * Servers that try to hold a send forever or flood it: the whole SES call is bounded by its time limit,
 * not only each read, also through a client the application passed in (the call runs on a worker and
 * its caller stops waiting at the limit; with a client the mailer built, its own watchdog breaks the
 * connection too), and what a server says is bounded before it reaches a detail.
 */
class HostilePeersTest {

    /** Long enough for the status line to arrive on a loaded machine, far shorter than the trickle. */
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(3);

    private static final int TEN_MB = 10 * 1024 * 1024;

    @RegisterExtension
    final MockSes ses = new MockSes();

    @Test
    void aServerTricklingItsAnswerByteByByteIsCutOffByTheCallTimeout() throws Exception {
        MockResponse accepted = MockSes.accepted("trickled");
        String body = "{\"MessageId\":\"trickled\",\"pad\":\"" + "x".repeat(4000) + "\"}";
        try (Peers.Trickler trickler = new Peers.Trickler(accepted.getCode(), accepted.getHeaders().toMultimap(), body,
                Duration.ofMillis(50));
             Mailer mailer = MockSes.create("http://127.0.0.1:" + trickler.port(), CALL_TIMEOUT)) {
            long start = System.nanoTime();
            MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(TestEmails.simple()));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(e).as("a trickled answer is never a delivery").isNotNull();
            assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION_TIMEOUT);
            assertThat(e.possiblyDelivered()).as("a success status arrived before the body stalled").isTrue();
            assertThat(e.connectionFailed()).isFalse();
            assertThat(took).as("cut off near the call timeout, not after 200 s of trickle")
                    .isLessThan(CALL_TIMEOUT.plusSeconds(8));
        }
    }

    @Test
    void aServerTricklingItsHeadersIsCutOffByTheCallTimeout() throws Exception {
        try (Peers.Trickler trickler = Peers.Trickler.headers(200, Duration.ofMillis(50));
             Mailer mailer = MockSes.create("http://127.0.0.1:" + trickler.port(), CALL_TIMEOUT)) {
            long start = System.nanoTime();
            MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(TestEmails.simple()));

            assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION_TIMEOUT);
            assertThat(e.possiblyDelivered()).as("the request went out before the answer stalled").isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(CALL_TIMEOUT.plusSeconds(8));
        }
    }

    @Test
    void aGivenClientWhoseEndpointFallsSilentMidAnswerIsCutOffAtTheTimeLimitNotAtItsReadTimeout() throws Exception {
        MockResponse accepted = MockSes.accepted("silent");
        // the status line and headers at once, then one byte a minute: a blocked read the JDK ends only at its timeout
        try (Peers.Trickler silent = new Peers.Trickler(accepted.getCode(), accepted.getHeaders().toMultimap(),
                "{\"MessageId\":\"silent\"}", Duration.ofMinutes(1));
             SdkHttpClient http = UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(30)).build();
             SesV2Client client = SesV2Client.builder().region(Region.EU_WEST_1).httpClient(http)
                     .endpointOverride(URI.create("http://127.0.0.1:" + silent.port()))
                     .credentialsProvider(StaticCredentialsProvider.create(
                             AwsBasicCredentials.create(MockSes.ACCESS_KEY_ID, MockSes.SECRET)))
                     .build();
             Mailer mailer = SesMailer.builder().client(client).timeout(Duration.ofSeconds(3)).build()) {
            long start = System.nanoTime();
            MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(TestEmails.simple()));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(e.kind()).as(e.getMessage()).isEqualTo(FailureKind.CONNECTION_TIMEOUT);
            assertThat(e.possiblyDelivered()).as(e.getMessage()).isTrue();
            assertThat(e.hint()).contains("time limit of 3 s");
            assertThat(took).as("cut off near the 3 s limit, not after the client's 30 s read timeout")
                    .isLessThan(Duration.ofSeconds(15));
        }
    }

    @Test
    void aTenMegabyteErrorBodyGivesABoundedDetail() {
        ses.server().enqueue(MockSes.error(500, "InternalFailure", "overflow ".repeat(TEN_MB / 9)));
        try (Mailer mailer = ses.mailer(Duration.ofSeconds(20))) {
            MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(TestEmails.simple()));

            assertThat(e.kind()).isEqualTo(FailureKind.SERVICE_UNAVAILABLE);
            assertThat(e.detail().length()).isLessThanOrEqualTo(MailException.MAX_DETAIL + 40);
            assertThat(e.getMessage().length()).isLessThan(MailException.MAX_DETAIL + 1000);
            assertThat(e.detail()).contains("overflow");
        }
    }
}
