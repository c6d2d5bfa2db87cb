package dev.mailover.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BaseUrlTest {

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
