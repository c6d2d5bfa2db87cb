package dev.mailover.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.mailover.Email;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineTestKit;

class RecordingMailerExtensionTest {

    /** What the example tests saw, read after the engine ran them. */
    static final List<RecordingMailer> SEEN = new ArrayList<>();

    @Test
    void givesEachTestAFreshMailerSharedWithItsBeforeEachAndClosesItAfterwards() {
        SEEN.clear();

        EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(ExampleTests.class))
                .execute()
                .testEvents()
                .assertStatistics(stats -> stats.started(2).succeeded(2));

        assertThat(SEEN).hasSize(4);
        assertThat(SEEN.get(0)).isSameAs(SEEN.get(1));
        assertThat(SEEN.get(2)).isSameAs(SEEN.get(3));
        assertThat(SEEN.get(0)).isNotSameAs(SEEN.get(2));
        assertThat(SEEN).allSatisfy(m -> assertThat(m.check().healthy()).as("closed after its test").isFalse());
    }

    /** Run by the test kit above, not by the build directly. */
    @ExtendWith(RecordingMailerExtension.class)
    static class ExampleTests {

        @BeforeEach
        void remember(RecordingMailer mailer) {
            SEEN.add(mailer);
        }

        @Test
        void first(RecordingMailer mailer) {
            SEEN.add(mailer);
            mailer.send(Email.builder().from("a@example.test").to("b@example.test").subject("s").text("t").build());
            mailer.assertSentCount(1);
        }

        @Test
        void second(RecordingMailer mailer) {
            SEEN.add(mailer);
            mailer.assertNothingSent();
        }
    }
}
