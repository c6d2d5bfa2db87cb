package dev.mailover.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailover.Mailer;
import dev.mailover.Mailers;
import dev.mailover.testing.TestEmails;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

class HttpMailerProviderTest {

    @Test
    void sendGridDsnWithDefaultHostUsesThePublicEndpoint() {
        try (Mailer m = Mailers.fromDsn("sendgrid+api://SG.abc@default")) {
            assertThat(m).isInstanceOf(SendGridMailer.class);
            assertThat(m.name()).isEqualTo("sendgrid");
            assertThat(m.toString()).contains("https://api.sendgrid.com").doesNotContain("SG.abc");
        }
    }

    @Test
    void sendGridEuRegionUsesTheEuEndpoint() {
        try (Mailer m = Mailers.fromDsn("sendgrid+api://SG.abc@default?region=eu&sandbox=true&connect_timeout=5s")) {
            assertThat(m.toString()).contains("https://api.eu.sendgrid.com").contains("sandbox");
        }
    }

    @Test
    void loopbackHostReplacesTheBaseUrlOverPlainHttp() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(new MockResponse.Builder().code(202).addHeader("X-Message-Id", "dsn-1").build());
            server.start();
            try (Mailer m = Mailers.fromDsn("sendgrid+api://SG.k%2Fy@127.0.0.1:" + server.getPort() + "?read_timeout=5s")) {
                assertThat(m.send(TestEmails.simple()).messageId()).isEqualTo("dsn-1");
            }
            assertThat(server.takeRequest(5, TimeUnit.SECONDS).getHeaders().get("Authorization")).isEqualTo("Bearer SG.k/y");
        }
    }

    @Test
    void otherHostIsReachedOverHttps() {
        try (Mailer m = Mailers.fromDsn("sendgrid+api://SG.abc@sendgrid-proxy.example.com:8443")) {
            assertThat(m.toString()).contains("https://sendgrid-proxy.example.com:8443");
        }
    }

    @Test
    void unknownOptionIsRefusedNamingIt() {
        assertThatThrownBy(() -> Mailers.fromDsn("sendgrid+api://SG.abc@default?sandbox=true&colour=blue"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("colour").hasMessageNotContaining("SG.abc");
    }

    @Test
    void missingKeyIsRefused() {
        assertThatThrownBy(() -> Mailers.fromDsn("sendgrid+api://default"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("API key");
    }

    @Test
    void mailgunDsnCarriesKeyDomainAndRegion() {
        try (Mailer m = Mailers.fromDsn("mailgun+api://key-abc:mg.example.com@default?region=eu&testmode=yes&read_timeout=20s")) {
            assertThat(m).isInstanceOf(MailgunMailer.class);
            assertThat(m.toString()).contains("https://api.eu.mailgun.net").contains("mg.example.com").contains("testmode")
                    .doesNotContain("key-abc");
        }
    }

    @Test
    void mailgunDsnWithoutDomainIsRefused() {
        assertThatThrownBy(() -> Mailers.fromDsn("mailgun+api://key-abc@default"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("domain").hasMessageNotContaining("key-abc");
    }

    @Test
    void mailgunUnknownRegionIsRefused() {
        assertThatThrownBy(() -> Mailers.fromDsn("mailgun+api://key-abc:mg.example.com@default?region=mars"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mars");
    }

    @Test
    void postmarkDsnCarriesTokenAndStream() {
        try (Mailer m = Mailers.fromDsn("postmark+api://POSTMARK_API_TEST@default?stream=broadcast&timeout=30s")) {
            assertThat(m).isInstanceOf(PostmarkMailer.class);
            assertThat(m.toString()).contains("https://api.postmarkapp.com").contains("stream=broadcast")
                    .doesNotContain("POSTMARK_API_TEST");
        }
    }

    @Test
    void badTimeoutIsRefusedNamingTheOption() {
        assertThatThrownBy(() -> Mailers.fromDsn("postmark+api://T@default?connect_timeout=soon"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("connect_timeout");
    }

    @Test
    void resendDsnWithDefaultHostUsesThePublicEndpoint() {
        try (Mailer m = Mailers.fromDsn("resend+api://re_123abc@default?timeout=30s")) {
            assertThat(m).isInstanceOf(ResendMailer.class);
            assertThat(m.name()).isEqualTo("resend");
            assertThat(m.toString()).contains("https://api.resend.com").doesNotContain("re_123abc");
        }
    }

    @Test
    void brevoDsnWithDefaultHostUsesThePublicEndpoint() {
        try (Mailer m = Mailers.fromDsn("brevo+api://xkeysib-123abc@default?connect_timeout=5s")) {
            assertThat(m).isInstanceOf(BrevoMailer.class);
            assertThat(m.name()).isEqualTo("brevo");
            assertThat(m.toString()).contains("https://api.brevo.com").doesNotContain("xkeysib-123abc");
        }
    }

    @Test
    void brevoOnLoopbackIsReachedOverPlainHttpWithTheKeyInItsHeader() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(HttpMailers.BREVO.accepted("dsn-2"));
            server.start();
            try (Mailer m = Mailers.fromDsn("brevo+api://xkeysib-k%2Fz@127.0.0.1:" + server.getPort())) {
                assertThat(m.send(TestEmails.simple()).messageId()).isEqualTo("<dsn-2@smtp-relay.mailin.fr>");
            }
            RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
            assertThat(request.getUrl().encodedPath()).isEqualTo("/v3/smtp/email");
            assertThat(request.getHeaders().get("api-key")).isEqualTo("xkeysib-k/z");
        }
    }

    @Test
    void resendDsnWithoutAKeyIsRefusedShowingTheForm() {
        assertThatThrownBy(() -> Mailers.fromDsn("resend+api://default"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("resend+api://KEY@default");
    }

    @Test
    void schemesAreRegisteredWithTheServiceLoader() {
        assertThat(Mailers.availableSchemes()).contains("sendgrid+api", "mailgun+api", "postmark+api", "resend+api",
                "brevo+api");
    }
}
