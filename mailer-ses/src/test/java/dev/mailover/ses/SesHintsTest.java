package dev.mailover.ses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailover.internal.HintTable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The one hint table of SES: a general row for every reason, each placeholder one the classifier fills. */
class SesHintsTest {

    private static final Pattern BRACES = Pattern.compile("[{}]");
    private final SesFailureClassifier classifier = new SesFailureClassifier("ses", "eu-west-1", "marketing", List.of());
    private final Map<String, String> values = classifier.values("sender@example.com", Duration.ofSeconds(5), 503,
            "The connection was refused: check the configured URL's host and port.");

    @ParameterizedTest
    @EnumSource(SesReason.class)
    void everyReasonHasARowThatRendersWithAndWithoutAConfigurationSet(SesReason reason) {
        for (SesHints.Setup setup : new SesHints.Setup[] {null, SesHints.Setup.CONFIGURATION_SET}) {
            String hint = SesHints.TABLE.hint(reason, HintTable.ANY_PORT, setup, values);

            assertThat(hint).as("%s with %s", reason, setup).isNotBlank();
            assertThat(BRACES.matcher(hint).find()).as(hint).isFalse();
        }
    }

    @Test
    void everyPlaceholderOfTheTableIsOneTheClassifierFills() {
        for (String template : SesHints.TABLE.templates()) {
            assertThat(values.keySet()).as(template).containsAll(HintTable.placeholders(template));
        }
    }

    @Test
    void aTableThatLeavesAReasonWithoutAGeneralRowIsRefused() {
        HintTable.Builder<SesReason> onlyWithAConfigurationSet = HintTable.builder(SesReason.class);
        for (SesReason r : SesReason.values()) {
            if (r == SesReason.NOT_FOUND) {
                onlyWithAConfigurationSet.row(r, HintTable.ANY_PORT, SesHints.Setup.CONFIGURATION_SET, "check the set");
            } else {
                onlyWithAConfigurationSet.row(r, "general");
            }
        }

        assertThatThrownBy(onlyWithAConfigurationSet::build).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("NOT_FOUND");
    }

    @Test
    void aConfigurationSetSelectsTheRowThatNamesIt() {
        assertThat(SesHints.TABLE.hint(SesReason.NOT_FOUND, HintTable.ANY_PORT, SesHints.Setup.CONFIGURATION_SET, values))
                .contains("configuration set 'marketing'");
        assertThat(SesHints.TABLE.hint(SesReason.NOT_FOUND, HintTable.ANY_PORT, null, values))
                .doesNotContain("configuration set");
    }
}
