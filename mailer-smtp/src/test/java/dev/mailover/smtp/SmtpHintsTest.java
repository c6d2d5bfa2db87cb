package dev.mailover.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailover.internal.HintTable;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** The one hint table of SMTP: a general row for every reason, rendered in every vocabulary. */
class SmtpHintsTest {

    private static final Pattern BRACES = Pattern.compile("[{}]");

    @ParameterizedTest
    @EnumSource(SmtpReason.class)
    void everyReasonHasAGeneralRowThatRendersInEveryVocabulary(SmtpReason reason) {
        for (HintVocabulary vocabulary : HintVocabulary.values()) {
            Map<String, String> values = HintVocabularyTest.allValues(vocabulary);

            String hint = SmtpHints.hint(reason, HintTable.ANY_PORT, null, values);

            assertThat(hint).as("%s in %s", reason, vocabulary).isNotBlank();
            assertThat(BRACES.matcher(hint).find()).as(hint).isFalse();
        }
    }

    @Test
    void aTableThatLeavesAReasonWithoutAGeneralRowIsRefused() {
        HintTable.Builder<SmtpReason> onlyPort25 = HintTable.builder(SmtpReason.class);
        for (SmtpReason r : SmtpReason.values()) {
            if (r == SmtpReason.CONNECT_TIMEOUT) {
                onlyPort25.row(r, 25, null, "port 25 is commonly blocked");
            } else {
                onlyPort25.row(r, "general");
            }
        }

        assertThatThrownBy(onlyPort25::build).isInstanceOf(IllegalStateException.class).hasMessageContaining("CONNECT_TIMEOUT");
    }

    @Test
    void aHostileServersReplyIsCutBeforeItGoesIntoAHint() {
        Map<String, String> values = HintVocabularyTest.allValues(HintVocabulary.BUILDER);
        values.put("code", "5".repeat(10_000));

        assertThat(SmtpHints.hint(SmtpReason.TRANSIENT, 587, SmtpSecurity.STARTTLS, values))
                .hasSizeLessThan(SmtpHints.MAX_VALUE + 200);
    }
}
