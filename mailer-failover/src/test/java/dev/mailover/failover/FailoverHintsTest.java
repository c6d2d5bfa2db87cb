package dev.mailover.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailover.internal.HintTable;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The one hint table of the failover: a row for every reason, each placeholder one the failover fills. */
class FailoverHintsTest {

    private static final Pattern BRACES = Pattern.compile("[{}]");
    private static final Map<String, String> VALUES = Map.of(
            "hint", "Check the host and port.",
            "tried", "Tried: smtp (CONNECTION_REFUSED), sendgrid (SERVICE_UNAVAILABLE).",
            "untried", "ses",
            "transport", "smtp",
            "exception", "java.lang.IllegalStateException",
            "limit", "10 s");

    @ParameterizedTest
    @EnumSource(FailoverReason.class)
    void everyReasonHasARowThatRendersWithEveryValueFilled(FailoverReason reason) {
        String hint = FailoverHints.hint(reason, VALUES);

        assertThat(hint).isNotBlank().doesNotContain("  ");
        assertThat(BRACES.matcher(hint).find()).as(hint).isFalse();
    }

    @Test
    void everyPlaceholderOfTheTableIsOneTheFailoverFills() {
        for (String template : FailoverHints.TABLE.templates()) {
            assertThat(VALUES.keySet()).as(template).containsAll(HintTable.placeholders(template));
        }
    }

    @Test
    void aTableThatLeavesAReasonWithoutARowIsRefused() {
        HintTable.Builder<FailoverReason> withoutClosed = HintTable.builder(FailoverReason.class);
        for (FailoverReason r : FailoverReason.values()) {
            if (r != FailoverReason.CLOSED) {
                withoutClosed.row(r, "general");
            }
        }

        assertThatThrownBy(withoutClosed::build).isInstanceOf(IllegalStateException.class).hasMessageContaining("CLOSED");
    }

    @Test
    void aTransportsHintIsPassedOnAsASentenceFollowedByWhatWasTried() {
        String hint = FailoverHints.hint(FailoverReason.EVERY_TRANSPORT_FAILED, Map.of(
                "hint", FailoverHints.sentence("use 587 with STARTTLS"), "tried", "Tried: smtp (CONNECTION_TIMEOUT)."));

        assertThat(hint).isEqualTo("use 587 with STARTTLS. Tried: smtp (CONNECTION_TIMEOUT).");
    }

    @Test
    void nothingTriedLeavesTheTransportsHintAsItIs() {
        assertThat(FailoverHints.hint(FailoverReason.STOPPED, Map.of("hint", "Fix the address!", "tried", "")))
                .isEqualTo("Fix the address!");
    }

    @Test
    void onlyFailuresOfTheFailoversOwnHaveAKindOfTheirOwn() {
        assertThat(FailoverReason.EVERY_TRANSPORT_FAILED.passesOn()).isTrue();
        assertThat(FailoverReason.CLOSED.passesOn()).isFalse();
        assertThat(FailoverReason.DEADLINE_BEFORE_ANY_ANSWER.kind()).isEqualTo(dev.mailover.FailureKind.CONNECTION_TIMEOUT);
    }
}
