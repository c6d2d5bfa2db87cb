package dev.mailover.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailover.testing.TestEmails;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

class HttpSettingsTest {

    @Test
    void defaultClientHasEveryTimeoutFiniteAndFollowsNoRedirects() {
        HttpSettings.Resolved r = new HttpSettings().resolve();
        assertThat(r.owned()).isTrue();
        assertThat(r.client().connectTimeoutMillis()).isEqualTo(10_000);
        assertThat(r.client().readTimeoutMillis()).isEqualTo(30_000);
        assertThat(r.client().writeTimeoutMillis()).isEqualTo(30_000);
        assertThat(r.client().callTimeoutMillis()).isEqualTo(120_000);
        assertThat(r.client().followRedirects()).isFalse();
    }

    @Test
    void sharedClientKeepsItsSettingsUnlessOverriddenAndGetsACallTimeout() {
        OkHttpClient shared = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(7)).build();
        HttpSettings s = new HttpSettings();
        s.httpClient(shared);
        s.connectTimeout(Duration.ofSeconds(3));
        HttpSettings.Resolved r = s.resolve();
        assertThat(r.owned()).isFalse();
        assertThat(r.client().readTimeoutMillis()).isEqualTo(7_000);
        assertThat(r.client().connectTimeoutMillis()).isEqualTo(3_000);
        assertThat(r.callTimeout()).isEqualTo(HttpSettings.DEFAULT_CALL_TIMEOUT);
        assertThat(r.client().connectionPool()).isSameAs(shared.connectionPool());
    }

    @Test
    void timeoutSetsTheCallTimeout() {
        HttpSettings s = new HttpSettings();
        s.timeout(Duration.ofSeconds(5));
        assertThat(s.resolve().client().callTimeoutMillis()).isEqualTo(5_000);
    }

    @Test
    void nonPositiveTimeoutIsRefusedNamingTheField() {
        assertThatThrownBy(() -> SendGridMailer.builder().timeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout");
        assertThatThrownBy(() -> PostmarkMailer.builder().readTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("readTimeout");
    }

    @Test
    void closingTheMailerLeavesASharedClientWorkingAndItsListenersCalled() throws Exception {
        List<String> events = new ArrayList<>();
        OkHttpClient shared = new OkHttpClient.Builder().eventListener(new EventListener() {
            @Override
            public void callEnd(Call call) {
                events.add("callEnd");
            }
        }).build();
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(new MockResponse.Builder().code(202).addHeader("X-Message-Id", "a").build());
            server.enqueue(new MockResponse.Builder().code(200).body("ok").build());
            server.start();
            SendGridMailer mailer = SendGridMailer.builder().apiKey("k").baseUrl(server.url("/").toString()).httpClient(shared).build();
            mailer.send(TestEmails.simple());
            mailer.close();

            try (Response r = shared.newCall(new Request.Builder().url(server.url("/after")).build()).execute()) {
                assertThat(r.code()).isEqualTo(200);
            }
            assertThat(events).hasSize(2);
        } finally {
            shared.dispatcher().executorService().shutdown();
            shared.connectionPool().evictAll();
        }
    }
}
