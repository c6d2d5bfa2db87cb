package dev.mailover.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AsyncSendsTest {

    @Test
    void theSharedPoolIsBounded() {
        assertThat(AsyncSends.SHARED_THREADS).isBetween(4, 64);
        assertThat(AsyncSends.SHARED_QUEUE).isPositive();
    }
}
