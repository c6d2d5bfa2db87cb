package dev.mailover;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FailureKindTest {

    /** The table in DESIGN.md, row by row. */
    @ParameterizedTest(name = "{0}: transportFault={1}, retryable={2}")
    @CsvSource({
            "DNS_FAILURE,           true,  false",
            "CONNECTION_REFUSED,    true,  false",
            "CONNECTION_TIMEOUT,    true,  true",
            "TLS_FAILURE,           true,  false",
            "AUTHENTICATION_FAILED, true,  false",
            "SENDER_REJECTED,       true,  false",
            "RATE_LIMITED,          true,  true",
            "SERVICE_UNAVAILABLE,   true,  true",
            "CONNECTION_LOST,       true,  true",
            "RECIPIENT_REJECTED,    false, false",
            "MESSAGE_REJECTED,      false, false",
            "INVALID_CONFIGURATION, true,  false",
            "UNKNOWN,               true,  false"})
    void followsTheDesignTable(FailureKind kind, boolean transportFault, boolean retryable) {
        assertThat(kind.transportFault()).isEqualTo(transportFault);
        assertThat(kind.retryable()).isEqualTo(retryable);
    }

    @Test
    void theTableCoversEveryKind() {
        assertThat(FailureKind.values()).hasSize(13);
    }

    @Test
    void everyKindHasAHint() {
        assertThat(Arrays.stream(FailureKind.values()).map(FailureKind::defaultHint)).allSatisfy(h -> assertThat(h).isNotBlank());
    }

    @Test
    void onlyRecipientAndMessageProblemsSpareTheTransport() {
        assertThat(Arrays.stream(FailureKind.values()).filter(k -> !k.transportFault()))
                .containsExactlyInAnyOrder(FailureKind.RECIPIENT_REJECTED, FailureKind.MESSAGE_REJECTED);
    }
}
