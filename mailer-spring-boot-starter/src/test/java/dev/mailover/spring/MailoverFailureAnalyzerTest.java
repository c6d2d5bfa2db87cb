package dev.mailover.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.support.SpringFactoriesLoader;

/** A bad {@code mailover.dsn} fails the startup with an analysis that names the property and never the secret. */
class MailoverFailureAnalyzerTest {

    private static final String PASSWORD = "pa55-w0rd-secret";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MailoverAutoConfiguration.class));

    private FailureAnalysis analysisOf(String dsn) {
        FailureAnalysis[] analysis = new FailureAnalysis[1];
        runner.withPropertyValues("mailover.dsn=" + dsn).run(context -> {
            assertThat(context).hasFailed();
            analysis[0] = new MailoverFailureAnalyzer().analyze(context.getStartupFailure());
        });
        assertThat(analysis[0]).as("an analysis of " + dsn).isNotNull();
        return analysis[0];
    }

    private static String text(FailureAnalysis analysis) {
        return analysis.getDescription() + "\n" + analysis.getAction();
    }

    @Test
    void anUnknownSchemeNamesThePropertyAndTheScheme() {
        FailureAnalysis analysis = analysisOf("smpt://app:" + PASSWORD + "@smtp.example.com:587");

        assertThat(analysis.getDescription()).contains("mailover.dsn").contains("smpt");
        assertThat(analysis.getAction()).contains("mailover.dsn");
        assertThat(text(analysis)).doesNotContain(PASSWORD);
    }

    @Test
    void anUnknownSchemeIsReportedBeforeFailoverPropertiesThatItCouldNotTakeAnyway() {
        FailureAnalysis[] analysis = new FailureAnalysis[1];
        runner.withPropertyValues("mailover.dsn=smpt://app:" + PASSWORD + "@smtp.example.com:587", "mailover.failover.deadline=20s")
                .run(context -> analysis[0] = new MailoverFailureAnalyzer().analyze(context.getStartupFailure()));

        assertThat(analysis[0].getDescription()).contains("Property 'mailover.dsn'").contains("smpt").doesNotContain(PASSWORD);
    }

    @Test
    void anUnknownOptionNamesThePropertyAndNeverThePassword() {
        FailureAnalysis analysis = analysisOf("smtp://app:" + PASSWORD + "@smtp.example.com:587?sekurity=starttls");

        assertThat(analysis.getDescription()).contains("mailover.dsn").contains("sekurity");
        assertThat(text(analysis)).doesNotContain(PASSWORD);
    }

    @Test
    void aMalformedDsnNamesTheProperty() {
        FailureAnalysis analysis = analysisOf("smtp:/smtp.example.com");

        assertThat(analysis.getDescription()).contains("mailover.dsn");
    }

    @Test
    void aBadChildOfAFailoverDsnNeverQuotesAnApiKey() {
        FailureAnalysis analysis = analysisOf("failover(smtp://app:" + PASSWORD + "@smtp.example.com:587"
                + " sendgrid+api://" + Peers.API_KEY + "@default?region=mars)");

        assertThat(analysis.getDescription()).contains("mailover.dsn");
        assertThat(text(analysis)).doesNotContain(PASSWORD).doesNotContain(Peers.API_KEY);
    }

    @Test
    void theAnalyzerIsRegisteredForSpringBoot() {
        List<FailureAnalyzer> analyzers = SpringFactoriesLoader.forDefaultResourceLocation(getClass().getClassLoader())
                .load(FailureAnalyzer.class, (type, name, failure) -> {
                    // Boot's own analyzers need their application context; only whether ours is listed matters here.
                });

        assertThat(analyzers).hasAtLeastOneElementOfType(MailoverFailureAnalyzer.class);
    }
}
