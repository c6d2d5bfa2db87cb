package dev.mailover.ses;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/** SesMailer.Builder refuses bad or conflicting settings, naming the field. */
class SesMailerBuilderTest {

    @Test
    void regionIsRequiredWithoutAClient() {
        assertThatThrownBy(() -> SesMailer.builder().build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("region:");
    }

    @Test
    void malformedRegionIsRefused() {
        assertThatThrownBy(() -> SesMailer.builder().region("eu west 1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("region:");
    }

    @Test
    void plainHttpEndpointIsRefusedUnlessLoopback() {
        assertThatThrownBy(() -> SesMailer.builder().endpoint(URI.create("http://email.example.com")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("endpoint:").hasMessageContaining("https");
        SesMailer.builder().endpoint(URI.create("http://127.0.0.1:8080"));
        SesMailer.builder().endpoint(URI.create("http://localhost:8080"));
        SesMailer.builder().endpoint(URI.create("http://[::1]:8080"));
    }

    @Test
    void configurationSetWithCharactersSesRefusesIsRefused() {
        assertThatThrownBy(() -> SesMailer.builder().configurationSet("my set"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("configurationSet:");
    }

    @Test
    void nonPositiveTimeoutIsRefused() {
        assertThatThrownBy(() -> SesMailer.builder().timeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("timeout:");
        assertThatThrownBy(() -> SesMailer.builder().connectTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("connectTimeout:");
    }

    @Test
    void aReadyClientCannotBeCombinedWithClientSettings() {
        try (SesV2Client client = client()) {
            assertThatThrownBy(() -> SesMailer.builder().client(client).region("eu-west-1").build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("client:");
        }
    }

    private static SesV2Client client() {
        return SesV2Client.builder().region(Region.US_EAST_1)
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "SECRET")))
                .build();
    }
}
