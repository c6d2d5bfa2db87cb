package dev.mailover.ses;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.mailover.FailureKind;
import dev.mailover.HealthCheck;
import dev.mailover.testing.Peers;
import java.net.URI;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** SesMailer.check() calling GetAccount through the real SDK client against a local SES stub. */
class SesMailerCheckTest {

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    private SesStub ses;

    @BeforeEach
    void setUp() {
        ses = new SesStub(wm);
    }

    static String account(boolean sendingEnabled, boolean production, String enforcement) {
        return "{\"DedicatedIpAutoWarmupEnabled\":false,\"EnforcementStatus\":\"" + enforcement + "\","
                + "\"ProductionAccessEnabled\":" + production + ","
                + "\"SendQuota\":{\"Max24HourSend\":200.0,\"MaxSendRate\":1.0,\"SentLast24Hours\":3.0},"
                + "\"SendingEnabled\":" + sendingEnabled + ","
                + "\"SuppressionAttributes\":{\"SuppressedReasons\":[\"BOUNCE\",\"COMPLAINT\"]}}";
    }

    @Test
    void sandboxAccountThatCanSendIsHealthyAndSaysSoInTheDetail() {
        ses.answerAccount(account(true, false, "HEALTHY"));
        try (SesMailer mailer = ses.mailer().build()) {
            HealthCheck check = mailer.check();

            assertThat(check.healthy()).isTrue();
            assertThat(check.transport()).isEqualTo("ses");
            assertThat(check.detail()).contains("eu-west-1", "sending enabled", "sandbox", "enforcement HEALTHY",
                    "sent 3 of 200", "max 1/s");
        }
        assertThat(ses.sends()).isEmpty();
    }

    @Test
    void productionAccountIsReportedAsSuch() {
        ses.answerAccount(account(true, true, "HEALTHY"));
        try (SesMailer mailer = ses.mailer().build()) {
            assertThat(mailer.check().detail()).contains("production access").doesNotContain("sandbox");
        }
    }

    @Test
    void disabledSendingIsUnhealthy() {
        ses.answerAccount(account(false, true, "PROBATION"));
        try (SesMailer mailer = ses.mailer().build()) {
            HealthCheck check = mailer.check();

            assertThat(check.healthy()).isFalse();
            assertThat(check.failure()).contains(FailureKind.SENDER_REJECTED);
            assertThat(check.detail()).contains("sending disabled", "PROBATION");
            assertThat(check.hint()).contains("re-enable");
        }
    }

    @Test
    void refusedCredentialsAreUnhealthyWithoutThrowing() {
        ses.failAccount(403, "InvalidClientTokenId", "The security token included in the request is invalid.");
        try (SesMailer mailer = ses.mailer().build()) {
            HealthCheck check = mailer.check();

            assertThat(check.healthy()).isFalse();
            assertThat(check.failure()).contains(FailureKind.AUTHENTICATION_FAILED);
            assertThat(check.toString()).doesNotContain(SesStub.SECRET_ACCESS_KEY);
        }
    }

    @Test
    void unreachableEndpointIsUnhealthyWithoutThrowing() throws Exception {
        try (SesMailer mailer = ses.mailer().endpoint(URI.create("http://127.0.0.1:" + Peers.closedPort())).build()) {
            HealthCheck check = mailer.check();

            assertThat(check.healthy()).isFalse();
            assertThat(check.failure()).contains(FailureKind.CONNECTION_REFUSED);
        }
    }

    @Test
    void closedMailerIsUnhealthyWithoutThrowing() {
        SesMailer mailer = ses.mailer().build();
        mailer.close();

        assertThat(mailer.check().failure()).contains(FailureKind.INVALID_CONFIGURATION);
    }
}
