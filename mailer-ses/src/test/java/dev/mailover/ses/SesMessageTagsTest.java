package dev.mailover.ses;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailover.Email;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sesv2.model.MessageTag;

/** Tags and metadata become SES message tags within SES's charset. */
class SesMessageTagsTest {

    @Test
    void charactersSesRefusesBecomeUnderscores() {
        assertThat(SesMessageTags.sanitize("Black Friday: 50%/off")).isEqualTo("Black_Friday__50__off");
        assertThat(SesMessageTags.sanitize("ok_Name-1")).isEqualTo("ok_Name-1");
        assertThat(SesMessageTags.sanitize("café")).isEqualTo("caf_");
    }

    @Test
    void longTextIsCutAtTheLimitAndEmptyBecomesAnUnderscore() {
        assertThat(SesMessageTags.sanitize("x".repeat(300))).hasSize(256);
        assertThat(SesMessageTags.sanitize("")).isEqualTo("_");
    }

    @Test
    void tagsAreFlagsAndMetadataKeepsItsValueWithLaterNamesWinning() {
        Email email = Email.builder().from("a@example.com").to("b@example.com").text("t")
                .tag("welcome").tag("order").metadata("order", "A 42").build();

        assertThat(SesMessageTags.of(email)).containsExactly(
                MessageTag.builder().name("welcome").value("true").build(),
                MessageTag.builder().name("order").value("A_42").build());
    }
}
