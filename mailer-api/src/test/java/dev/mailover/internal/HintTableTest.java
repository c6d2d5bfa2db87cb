package dev.mailover.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailover.FailureKind;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HintTableTest {

    enum TestReason implements Reason {
        TIMEOUT(FailureKind.CONNECTION_TIMEOUT),
        REFUSED(FailureKind.CONNECTION_REFUSED);

        private final FailureKind kind;

        TestReason(FailureKind kind) {
            this.kind = kind;
        }

        @Override
        public FailureKind kind() {
            return kind;
        }
    }

    private final HintTable<TestReason> table = HintTable.builder(TestReason.class)
            .row(TestReason.TIMEOUT, 25, null, "port 25 is commonly blocked")
            .row(TestReason.TIMEOUT, "nothing answered on {host}:{port} within {timeout}")
            .row(TestReason.REFUSED, 465, "SMTPS", "nothing listens for SMTPS on {host}")
            .row(TestReason.REFUSED, "nothing accepts connections on {host}:{port}")
            .build();

    @Test
    void aSpecificRowWinsOverTheGeneralOne() {
        assertThat(table.hint(TestReason.TIMEOUT, 25, "STARTTLS", Map.of())).isEqualTo("port 25 is commonly blocked");
        assertThat(table.hint(TestReason.REFUSED, 465, "SMTPS", Map.of("host", "h"))).isEqualTo("nothing listens for SMTPS on h");
    }

    @Test
    void theGeneralRowFillsItsValues() {
        assertThat(table.hint(TestReason.TIMEOUT, 587, "STARTTLS", Map.of("host", "smtp.example.test", "port", "587",
                "timeout", "10 s"))).isEqualTo("nothing answered on smtp.example.test:587 within 10 s");
        assertThat(table.hint(TestReason.REFUSED, 465, "STARTTLS", Map.of("host", "h", "port", "465")))
                .isEqualTo("nothing accepts connections on h:465");
    }

    @Test
    void aValueWithRegexCharactersIsFilledAsWritten() {
        assertThat(table.hint(TestReason.REFUSED, Map.of("host", "$1\\x", "port", "1"))).isEqualTo("nothing accepts connections on $1\\x:1");
    }

    @Test
    void refusesATableThatLeavesAReasonWithoutAGeneralRow() {
        HintTable.Builder<TestReason> b = HintTable.builder(TestReason.class)
                .row(TestReason.TIMEOUT, "general")
                .row(TestReason.REFUSED, 25, null, "port 25 only");

        assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class).hasMessageContaining("REFUSED");
    }

    @Test
    void listsThePlaceholdersOfATemplate() {
        assertThat(HintTable.placeholders("on {host}:{port} within {timeout}")).containsExactly("host", "port", "timeout");
    }
}
