package dev.mailover.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailover.http.internal.Loopback;
import org.junit.jupiter.api.Test;

class BaseUrlTest {

    @Test
    void loopbackIsRecognisedWithoutResolvingNames() {
        assertThat(Loopback.isLoopback("localhost")).isTrue();
        assertThat(Loopback.isLoopback("127.0.0.1")).isTrue();
        assertThat(Loopback.isLoopback("127.8.9.10")).isTrue();
        assertThat(Loopback.isLoopback("[::1]")).isTrue();
        assertThat(Loopback.isLoopback("::1")).isTrue();
    }

    @Test
    void namesThatMerelyLookLocalAreNotLoopback() {
        assertThat(Loopback.isLoopback("localhost.evil.example")).isFalse();
        assertThat(Loopback.isLoopback("127.0.0.1.nip.io")).isFalse();
        assertThat(Loopback.isLoopback("10.0.0.1")).isFalse();
        assertThat(Loopback.isLoopback("api.sendgrid.com")).isFalse();
    }

    @Test
    void plainHttpToANetworkHostIsRefused() {
        assertThatThrownBy(() -> BaseUrl.parse("baseUrl", "http://10.0.0.1:8080"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not https");
    }

    @Test
    void credentialsQueriesAndOtherSchemesAreRefused() {
        assertThatThrownBy(() -> BaseUrl.parse("baseUrl", "https://user:pw@api.example.com"))
                .hasMessageContaining("credentials").hasMessageNotContaining("pw");
        assertThatThrownBy(() -> BaseUrl.parse("baseUrl", "https://api.example.com/?x=1")).hasMessageContaining("query");
        assertThatThrownBy(() -> BaseUrl.parse("baseUrl", "ftp://api.example.com")).hasMessageContaining("not an http");
    }

    @Test
    void trailingSlashIsDroppedSoPathsJoinCleanly() {
        assertThat(BaseUrl.resolve(BaseUrl.parse("baseUrl", "https://api.example.com/prefix/"), "v3", "mail", "send").toString())
                .isEqualTo("https://api.example.com/prefix/v3/mail/send");
    }
}
