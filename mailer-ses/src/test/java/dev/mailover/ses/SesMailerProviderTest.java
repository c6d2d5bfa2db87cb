package dev.mailover.ses;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.mailover.Mailer;
import dev.mailover.Mailers;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The ses+api DSN scheme, found through ServiceLoader. */
class SesMailerProviderTest {

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    private static String credentials() {
        return SesStub.ACCESS_KEY_ID + ":" + URLEncoder.encode(SesStub.SECRET_ACCESS_KEY, StandardCharsets.UTF_8);
    }

    @Test
    void loopbackHostReplacesTheEndpointAndSendsThroughIt() {
        SesStub ses = new SesStub(wm);
        ses.acceptSend("from-dsn");
        String dsn = "ses+api://" + credentials() + "@127.0.0.1:" + wm.getPort()
                + "?region=eu-west-1&configuration_set=default&connect_timeout=2s&read_timeout=5s&timeout=9s";
        try (Mailer mailer = Mailers.fromDsn(dsn)) {
            assertThat(mailer).isInstanceOf(SesMailer.class);
            assertThat(mailer.name()).isEqualTo("ses");
            assertThat(mailer.send(SesMailerTest.email()).messageId()).isEqualTo("from-dsn");
            assertThat(mailer.toString()).contains("timeout=9000ms").doesNotContain(SesStub.SECRET_ACCESS_KEY);
        }
        assertThat(ses.onlySendBody().path("ConfigurationSetName").asText()).isEqualTo("default");
        assertThat(ses.sends().get(0).getHeader("Authorization")).contains("Credential=" + SesStub.ACCESS_KEY_ID + "/");
    }

    @Test
    void defaultHostUsesTheRegionalEndpoint() {
        try (Mailer mailer = Mailers.fromDsn("ses+api://" + credentials() + "@default?region=eu-west-1")) {
            assertThat(mailer.toString()).contains("region=eu-west-1").doesNotContain("endpoint=");
        }
    }

    @Test
    void regionIsRequired() {
        assertThatThrownBy(() -> Mailers.fromDsn("ses+api://" + credentials() + "@default"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("region")
                .hasMessageNotContaining(SesStub.SECRET_ACCESS_KEY);
    }

    @Test
    void unknownOptionIsRefused() {
        assertThatThrownBy(() -> Mailers.fromDsn("ses+api://" + credentials() + "@default?region=eu-west-1&pool_size=4"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pool_size");
    }

    @Test
    void accessKeyWithoutSecretIsRefused() {
        assertThatThrownBy(() -> Mailers.fromDsn("ses+api://AKIDONLY@default?region=eu-west-1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("secret access key");
    }

    @Test
    void plainHttpToARemoteHostIsNeverUsed() {
        try (Mailer mailer = Mailers.fromDsn("ses+api://" + credentials() + "@email.example.com:8443?region=eu-west-1")) {
            assertThat(mailer.toString()).contains("endpoint=https://email.example.com:8443");
        }
    }
}
