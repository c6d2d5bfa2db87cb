package dev.mailover.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailover.internal.HintTable;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The one hint table of the HTTP transports: a hint for every reason at every provider, every value filled. */
class HttpHintsTest {

    private static final Pattern BRACES = Pattern.compile("[{}]");
    /** The values the classifier fills: the provider's (name, limits, id) and the answer's (status, Location). */
    private static final Set<String> FILLED = Set.of("provider", "status", "location", "limit", "maxRecipients",
            "maxTagLength", "idName");

    @ParameterizedTest
    @EnumSource(HttpReason.class)
    void everyReasonHasAHintAtEveryProviderWithNothingLeftUnfilled(HttpReason reason) {
        for (HttpMailers provider : HttpMailers.values()) {
            Map<String, String> values = new HashMap<>(provider.api().limits().hintValues());
            values.putAll(Map.of("status", "429", "location", " to https://elsewhere.example", "maxTagLength", "255",
                    "idName", provider.api().success().idName()));

            String hint = HttpHints.hint(reason, provider.api(), values);

            assertThat(hint).as("%s at %s", reason, provider).isNotBlank();
            assertThat(BRACES.matcher(hint).find()).as(hint).isFalse();
        }
    }

    @Test
    void everyPlaceholderIsAValueTheClassifierFills() {
        for (String template : HttpHints.TABLE.templates()) {
            assertThat(FILLED).as(template).containsAll(HintTable.placeholders(template));
        }
    }

    @Test
    void aProviderWhoseDocumentationSaysMoreHasItsOwnRow() {
        assertThat(HttpHints.hint(HttpReason.KEY_REFUSED, MailgunApi.API, Map.of())).contains("region");
        assertThat(HttpHints.hint(HttpReason.KEY_REFUSED, ResendApi.API, Map.of())).contains("resend.com/api-keys");
        assertThat(HttpHints.hint(HttpReason.KEY_REFUSED, BrevoApi.API, Map.of())).contains("not the SMTP key");
        assertThat(HttpHints.hint(HttpReason.KEY_REFUSED, PostmarkApi.API, Map.of())).contains("Server API token");
    }

    @Test
    void aHostileAnswerIsCutBeforeItGoesIntoAHint() {
        String hint = HttpHints.hint(HttpReason.REDIRECT, SendGridApi.API, Map.of("location", " to " + "x".repeat(10_000)));

        assertThat(hint).hasSizeLessThan(HttpHints.MAX_VALUE + 300);
    }
}
