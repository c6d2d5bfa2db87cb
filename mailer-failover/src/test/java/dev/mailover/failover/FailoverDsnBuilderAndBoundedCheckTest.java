package dev.mailover.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailover.Dsn;
import dev.mailover.FailureKind;
import dev.mailover.HealthCheck;
import dev.mailover.MailerListener;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The hooks a framework integration builds on: a builder preset from a failover DSN (so listeners can be
 * added to a DSN's mailer), a check bounded in time across all transports, and the breaker state by name.
 */
class FailoverDsnBuilderAndBoundedCheckTest {

    @Test
    void aBuilderFromADsnKeepsItsOptionsAndTransportsAndTakesAListener() {
        List<String> failovers = new CopyOnWriteArrayList<>();
        MailerListener listener = new MailerListener() {
            @Override
            public void onFailover(String from, String to, FailureKind reason) {
                failovers.add(from + "->" + to + " " + reason);
            }
        };
        try (FailoverMailer mailer = FailoverMailer.builder(
                        Dsn.parse("failover(scripted://primary?fail=connection_refused scripted://backup)?deadline=5s&ambiguity=fail"))
                .listener(listener)
                .build()) {

            assertThat(mailer.send(FailoverMailerTest.EMAIL).transport()).isEqualTo("backup");
            assertThat(failovers).containsExactly("primary->backup CONNECTION_REFUSED");
            assertThat(mailer.toString()).contains("PRIORITY deadline=5000ms ambiguity=FAIL");
        }
    }

    @Test
    void aRoundRobinDsnGivesARoundRobinBuilderWhoseSettingsTheCallerMayChange() {
        try (FailoverMailer mailer = FailoverMailer.builder(Dsn.parse("roundrobin(scripted://a scripted://b)?deadline=5s"))
                .deadline(Duration.ofSeconds(7))
                .build()) {

            assertThat(mailer.toString()).contains("ROUND_ROBIN deadline=7000ms");
            assertThat(List.of(mailer.send(FailoverMailerTest.EMAIL).transport(), mailer.send(FailoverMailerTest.EMAIL).transport()))
                    .containsExactlyInAnyOrder("a", "b");
        }
    }

    @Test
    void aTransportDsnIsNotAFailoverDsn() {
        assertThatThrownBy(() -> FailoverMailer.builder(Dsn.parse("smtp://user:secret@smtp.example.com:587")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a failover(DSN DSN …) or roundrobin(DSN DSN …) DSN")
                .hasMessageNotContaining("secret");
    }

    @Test
    void aBadChildDsnFailsTheBuildNamingIt() {
        FailoverMailer.Builder builder = FailoverMailer.builder(Dsn.parse("failover(scripted://a scripted://b?bogus=1)"));

        assertThatThrownBy(builder::build).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown option 'bogus'");
    }

    @Test
    void aBoundedCheckAnswersWithinItsLimitWhileATransportHangsAndStartsNoSecondCheckOfIt() throws Exception {
        CountDownLatch released = new CountDownLatch(1);
        ScriptedMailer hanging = ScriptedMailer.named("smtp").health(() -> {
            try {
                released.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return HealthCheck.healthy("smtp", "late", Duration.ZERO);
        });
        ScriptedMailer healthy = ScriptedMailer.named("sendgrid");
        try (FailoverMailer mailer = FailoverMailer.builder().transport(hanging).transport(healthy).build()) {
            long start = System.nanoTime();
            HealthCheck first = mailer.check(Duration.ofMillis(300));
            HealthCheck second = mailer.check(Duration.ofMillis(300));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(took).isLessThan(Duration.ofSeconds(5));
            for (HealthCheck check : List.of(first, second)) {
                assertThat(check.healthy()).as("one transport still works").isTrue();
                assertThat(check.components()).extracting(HealthCheck::transport).containsExactly("smtp", "sendgrid");
                assertThat(check.components().get(0).failure()).contains(FailureKind.CONNECTION_TIMEOUT);
                assertThat(check.components().get(0).detail()).contains("300 ms");
                assertThat(check.components().get(1).healthy()).isTrue();
            }
            assertThat(hanging.checks).as("the hanging check is not started twice").hasValue(1);
            assertThat(healthy.checks).hasValue(2);
        } finally {
            released.countDown();
        }
    }

    @Test
    void aBoundedCheckNamesEachTransportAsTheFailoverDoesSoItsBreakerStateCanBeRead() {
        try (FailoverMailer mailer = FailoverMailer.builder()
                .transport(ScriptedMailer.named("smtp").health(HealthCheck.unhealthy("smtp", FailureKind.AUTHENTICATION_FAILED,
                        "535 5.7.8 Authentication credentials invalid", null, Duration.ZERO)))
                .transport(ScriptedMailer.named("smtp"))
                .build()) {

            HealthCheck check = mailer.check(Duration.ofSeconds(5));

            assertThat(check.components()).extracting(HealthCheck::transport).containsExactly("smtp", "smtp-2");
            assertThat(check.components().get(0).failure()).contains(FailureKind.AUTHENTICATION_FAILED);
            assertThat(mailer.circuitState("smtp-2")).isEqualTo(CircuitBreaker.State.CLOSED);
            assertThatThrownBy(() -> mailer.circuitState("ses")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no transport named ses");
        }
    }

    @Test
    void aClosedMailersBoundedCheckIsUnhealthy() {
        FailoverMailer mailer = FailoverMailer.builder().transport(ScriptedMailer.named("a")).build();
        mailer.close();

        assertThat(mailer.check(Duration.ofSeconds(1)).failure()).contains(FailureKind.INVALID_CONFIGURATION);
    }
}
