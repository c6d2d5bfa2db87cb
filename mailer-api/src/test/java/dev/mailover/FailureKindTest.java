package dev.mailover;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FailureKindTest {

    /** The table in DESIGN.md, row by row. */
    @ParameterizedTest(name = "{0}: transportFault={1}, failsOver={2}, retryable={3}")
    @CsvSource({
            "DNS_FAILURE,           true,  true,  false",
            "CONNECTION_REFUSED,    true,  true,  false",
            "CONNECTION_TIMEOUT,    true,  true,  true",
            "TLS_FAILURE,           true,  true,  false",
            "AUTHENTICATION_FAILED, true,  true,  false",
            "SENDER_REJECTED,       true,  true,  false",
            "RATE_LIMITED,          true,  true,  true",
            "SERVICE_UNAVAILABLE,   true,  true,  true",
            "CONNECTION_LOST,       true,  true,  true",
            "RECIPIENT_REJECTED,    false, false, false",
            "RECIPIENT_DEFERRED,    false, true,  true",
            "MESSAGE_REJECTED,      false, false, false",
            "INVALID_CONFIGURATION, true,  true,  false",
            "UNKNOWN,               true,  true,  false"})
    void followsTheDesignTable(FailureKind kind, boolean transportFault, boolean failsOver, boolean retryable) {
        assertThat(kind.transportFault()).isEqualTo(transportFault);
        assertThat(kind.failsOver()).isEqualTo(failsOver);
        assertThat(kind.retryable()).isEqualTo(retryable);
    }

    @Test
    void theTableCoversEveryKind() {
        assertThat(FailureKind.values()).hasSize(14);
    }

    @Test
    void everyKindHasAHint() {
        assertThat(Arrays.stream(FailureKind.values()).map(FailureKind::defaultHint)).allSatisfy(h -> assertThat(h).isNotBlank());
    }

    @Test
    void onlyRecipientAndMessageProblemsSpareTheTransport() {
        assertThat(Arrays.stream(FailureKind.values()).filter(k -> !k.transportFault()))
                .containsExactlyInAnyOrder(FailureKind.RECIPIENT_REJECTED, FailureKind.RECIPIENT_DEFERRED,
                        FailureKind.MESSAGE_REJECTED);
    }

    @Test
    void onlyARecipientDeferralFailsOverWithoutBeingATransportFault() {
        assertThat(Arrays.stream(FailureKind.values()).filter(k -> k.failsOver() != k.transportFault()))
                .containsExactly(FailureKind.RECIPIENT_DEFERRED);
    }
}
