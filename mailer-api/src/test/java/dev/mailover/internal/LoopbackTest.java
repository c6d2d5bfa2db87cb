package dev.mailover.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LoopbackTest {

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
}
