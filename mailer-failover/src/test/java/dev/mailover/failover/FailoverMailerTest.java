package dev.mailover.failover;

import static dev.mailover.failover.ScriptedMailer.deliver;
import static dev.mailover.failover.ScriptedMailer.fail;
import static dev.mailover.failover.ScriptedMailer.hang;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.mailover.Attempt;
import dev.mailover.Attempt.Outcome;
import dev.mailover.Email;
import dev.mailover.FailureKind;
import dev.mailover.HealthCheck;
import dev.mailover.MailException;
import dev.mailover.MailerListener;
import dev.mailover.SendResult;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The engine's decisions, against scripted transports that throw real MailExceptions. */
class FailoverMailerTest {

    static final Email EMAIL = Email.builder().from("app@sender.example").to("bob@rcpt.example")
            .subject("Hello").text("Hi Bob").build();

    /** Opens after a single transport fault; half-open after {@code open}. */
    static CircuitBreakerConfig opensAfterOneFault(Duration open) {
        return CircuitBreakerConfig.from(FailoverMailer.defaultCircuitBreakerConfig())
                .slidingWindowSize(1).minimumNumberOfCalls(1).waitDurationInOpenState(open).build();
    }

    static List<String> chain(List<Attempt> attempts) {
        return attempts.stream()
                .map(a -> a.transport() + " " + a.outcome() + a.failure().map(k -> " " + k).orElse(""))
                .toList();
    }

    @Test
    void refusedConnectionFailsOverToTheNextTransport() {
        ScriptedMailer smtp = ScriptedMailer.named("smtp").then(fail(FailureKind.CONNECTION_REFUSED));
        ScriptedMailer api = ScriptedMailer.named("sendgrid");
        try (FailoverMailer mailer = FailoverMailer.builder().transport(smtp).transport(api).build()) {
            SendResult result = mailer.send(EMAIL);

            assertThat(result.transport()).isEqualTo("sendgrid");
            assertThat(chain(result.attempts())).containsExactly("smtp FAILED CONNECTION_REFUSED", "sendgrid DELIVERED");
        }
    }

    @Test
    void recipientRejectionStopsAtOnceAndLeavesTheBreakerClosed() {
        ScriptedMailer smtp = ScriptedMailer.named("smtp").then(fail(MailException.builder(FailureKind.RECIPIENT_REJECTED, "smtp")
                .code(550).detail("550 5.1.1 no such user").rejectedRecipients(List.of("bob@rcpt.example"))));
        ScriptedMailer api = ScriptedMailer.named("sendgrid");
        try (FailoverMailer mailer = FailoverMailer.builder().transport(smtp).transport(api)
                .circuitBreaker(opensAfterOneFault(Duration.ofMinutes(1))).build()) {
            for (int i = 0; i < 3; i++) {
                MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(EMAIL));
                assertThat(e.kind()).isEqualTo(FailureKind.RECIPIENT_REJECTED);
                assertThat(e.transport()).isEqualTo("smtp");
                assertThat(e.code()).hasValue(550);
                assertThat(e.rejectedRecipients()).containsExactly("bob@rcpt.example");
                assertThat(e.hint()).contains("Tried: smtp (RECIPIENT_REJECTED)");
                assertThat(chain(e.attempts())).containsExactly("smtp FAILED RECIPIENT_REJECTED");
            }
            assertThat(api.sends).hasValue(0);
            assertThat(smtp.sends).hasValue(3);
            assertThat(mailer.circuitState("smtp")).isEqualTo(CircuitBreaker.State.CLOSED);
        }
    }

    @Test
    void messageRejectionIsNeitherRetriedNorFailedOver() {
        ScriptedMailer smtp = ScriptedMailer.named("smtp").then(fail(FailureKind.MESSAGE_REJECTED));
        ScriptedMailer api = ScriptedMailer.named("sendgrid");
        try (FailoverMailer mailer = FailoverMailer.builder().transport(smtp).transport(api).retry(3, Duration.ofMillis(1), Duration.ofMillis(1)).build()) {
            MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(EMAIL));

            assertThat(e.kind()).isEqualTo(FailureKind.MESSAGE_REJECTED);
            assertThat(smtp.sends).hasValue(1);
            assertThat(api.sends).hasValue(0);
        }
    }

    @Test
    void retryableFailureIsRetriedOnTheSameTransport() {
        ScriptedMailer smtp = ScriptedMailer.named("smtp").then(fail(FailureKind.SERVICE_UNAVAILABLE), deliver());
        ScriptedMailer api = ScriptedMailer.named("sendgrid");
        try (FailoverMailer mailer = FailoverMailer.builder().transport(smtp).transport(api)
                .retry(2, Duration.ofMillis(10), Duration.ofMillis(50)).build()) {
            SendResult result = mailer.send(EMAIL);

            assertThat(chain(result.attempts())).containsExactly("smtp FAILED SERVICE_UNAVAILABLE", "smtp DELIVERED");
            assertThat(api.sends).hasValue(0);
        }
    }

    @Test
    void nonRetryableTransportFaultFailsOverWithoutRetrying() {
        ScriptedMailer smtp = ScriptedMailer.named("smtp").then(fail(FailureKind.AUTHENTICATION_FAILED));
        ScriptedMailer api = ScriptedMailer.named("sendgrid");
        try (FailoverMailer mailer = FailoverMailer.builder().transport(smtp).transport(api)
                .retry(5, Duration.ofMillis(1), Duration.ofMillis(1)).build()) {
            assertThat(chain(mailer.send(EMAIL).attempts()))
                    .containsExactly("smtp FAILED AUTHENTICATION_FAILED", "sendgrid DELIVERED");
            assertThat(smtp.sends).hasValue(1);
        }
    }

    @Test
    void retriesStopAfterTheAttemptsPerTransportAndThenFailOver() {
        ScriptedMailer smtp = ScriptedMailer.named("smtp").then(fail(FailureKind.CONNECTION_LOST));
        ScriptedMailer api = ScriptedMailer.named("sendgrid");
        try (FailoverMailer mailer = FailoverMailer.builder().transport(smtp).transport(api)
                .retry(3, Duration.ofMillis(1), Duration.ofMillis(5)).build()) {
            assertThat(chain(mailer.send(EMAIL).attempts())).containsExactly("smtp FAILED CONNECTION_LOST",
                    "smtp FAILED CONNECTION_LOST", "smtp FAILED CONNECTION_LOST", "sendgrid DELIVERED");
        }
    }

    @Test
    void retryAfterReplacesTheBackoff() {
        ScriptedMailer api = ScriptedMailer.named("sendgrid").then(
                fail(MailException.builder(FailureKind.RATE_LIMITED, "sendgrid").code(429).retryAfter(Duration.ofMillis(300))),
                deliver());
        try (FailoverMailer mailer = FailoverMailer.builder().transport(api)
                .retry(2, Duration.ofSeconds(30), Duration.ofSeconds(30)).deadline(Duration.ofMinutes(1)).build()) {
            SendResult result = mailer.send(EMAIL);

            assertThat(chain(result.attempts())).containsExactly("sendgrid FAILED RATE_LIMITED", "sendgrid DELIVERED");
            assertThat(result.elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(250)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void rateLimitLongerThanTheTimeLeftFailsOverAtOnce() {
        ScriptedMailer api = ScriptedMailer.named("sendgrid").then(
                fail(MailException.builder(FailureKind.RATE_LIMITED, "sendgrid").code(429).retryAfter(Duration.ofSeconds(60))));
        ScriptedMailer smtp = ScriptedMailer.named("smtp");
        try (FailoverMailer mailer = FailoverMailer.builder().transport(api).transport(smtp)
                .deadline(Duration.ofSeconds(20)).build()) {
            SendResult result = mailer.send(EMAIL);

            assertThat(chain(result.attempts())).containsExactly("sendgrid FAILED RATE_LIMITED", "smtp DELIVERED");
            assertThat(result.elapsed()).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void openBreakerSkipsItsTransportInstantly() {
        ScriptedMailer smtp = ScriptedMailer.named("smtp").then(fail(FailureKind.CONNECTION_TIMEOUT));
        ScriptedMailer api = ScriptedMailer.named("sendgrid");
        try (FailoverMailer mailer = FailoverMailer.builder().transport(smtp).transport(api)
                .retry(1, Duration.ofMillis(1), Duration.ofMillis(1))
                .circuitBreaker(opensAfterOneFault(Duration.ofMinutes(1))).build()) {
            mailer.send(EMAIL);
            SendResult second = mailer.send(EMAIL);

            assertThat(chain(second.attempts())).containsExactly("smtp SKIPPED", "sendgrid DELIVERED");
            assertThat(second.attempts().get(0).detail()).contains("OPEN").contains("CONNECTION_TIMEOUT");
            assertThat(smtp.sends).hasValue(1);
        }
    }

    @Test
    void aBreakerOpenedByThisSendCancelsTheRetryAndFailsOver() {
        ScriptedMailer smtp = ScriptedMailer.named("smtp").then(fail(FailureKind.CONNECTION_LOST));
        try (FailoverMailer mailer = FailoverMailer.builder().transport(smtp).transport(ScriptedMailer.named("sendgrid"))
                .retry(3, Duration.ofMillis(1), Duration.ofMillis(1))
                .circuitBreaker(opensAfterOneFault(Duration.ofMinutes(1))).build()) {
            assertThat(chain(mailer.send(EMAIL).attempts())).containsExactly("smtp FAILED CONNECTION_LOST", "sendgrid DELIVERED");
            assertThat(smtp.sends).hasValue(1);
        }
    }

    @Test
    void defaultBreakerOpensAfterThreeConsecutiveTransportFaults() {
        ScriptedMailer smtp = ScriptedMailer.named("smtp").then(fail(FailureKind.CONNECTION_REFUSED));
        ScriptedMailer api = ScriptedMailer.named("sendgrid");
        try (FailoverMailer mailer = FailoverMailer.builder().transport(smtp).transport(api).build()) {
            mailer.send(EMAIL);
            mailer.send(EMAIL);
            assertThat(mailer.circuitState("smtp")).isEqualTo(CircuitBreaker.State.CLOSED);
            mailer.send(EMAIL);
            assertThat(mailer.circuitState("smtp")).isEqualTo(CircuitBreaker.State.OPEN);
            assertThat(chain(mailer.send(EMAIL).attempts())).containsExactly("smtp SKIPPED", "sendgrid DELIVERED");
        }
    }

    @Test
    void halfOpenTrialClosesTheBreakerOnceThePrimaryIsBack() {
        ScriptedMailer smtp = ScriptedMailer.named("smtp").then(fail(FailureKind.CONNECTION_REFUSED), deliver());
        ScriptedMailer api = ScriptedMailer.named("sendgrid");
        try (FailoverMailer mailer = FailoverMailer.builder().transport(smtp).transport(api)
                .circuitBreaker(opensAfterOneFault(Duration.ofMillis(200))).build()) {
            mailer.send(EMAIL);
            assertThat(mailer.circuitState("smtp")).isEqualTo(CircuitBreaker.State.OPEN);

            await().atMost(5, TimeUnit.SECONDS).until(() -> mailer.send(EMAIL).transport().equals("smtp"));
            assertThat(mailer.circuitState("smtp")).isEqualTo(CircuitBreaker.State.CLOSED);
        }
    }

    @Test
    void allTransportsDownGiveOneExceptionWithEveryAttempt() {
        ScriptedMailer smtp = ScriptedMailer.named("smtp").then(fail(FailureKind.CONNECTION_REFUSED));
        ScriptedMailer api = ScriptedMailer.named("sendgrid").then(fail(MailException.builder(FailureKind.SERVICE_UNAVAILABLE, "sendgrid")
                .code(503).detail("503 Service Unavailable").hint("SendGrid is having trouble.")));
        try (FailoverMailer mailer = FailoverMailer.builder().transport(smtp).transport(api)
                .retry(2, Duration.ofMillis(1), Duration.ofMillis(1)).build()) {
            MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(EMAIL));

            assertThat(e.kind()).isEqualTo(FailureKind.SERVICE_UNAVAILABLE);
            assertThat(e.transport()).isEqualTo("failover");
            assertThat(e.code()).hasValue(503);
            assertThat(e.hint()).startsWith("SendGrid is having trouble.")
                    .contains("Tried: smtp (CONNECTION_REFUSED), sendgrid (SERVICE_UNAVAILABLE)");
            assertThat(e.getMessage()).contains("503 Service Unavailable");
            assertThat(chain(e.attempts())).containsExactly("smtp FAILED CONNECTION_REFUSED",
                    "sendgrid FAILED SERVICE_UNAVAILABLE", "sendgrid FAILED SERVICE_UNAVAILABLE");
        }
    }

    @Test
    void twoTransportsWithTheSameNameGetDistinctNamesEverywhere() {
        ScriptedMailer primary = ScriptedMailer.named("smtp").then(fail(FailureKind.CONNECTION_REFUSED));
        ScriptedMailer backup = ScriptedMailer.named("smtp").then(fail(FailureKind.AUTHENTICATION_FAILED));
        List<String> events = new CopyOnWriteArrayList<>();
        MailerListener listener = new MailerListener() {
            @Override
            public void onAttempt(Attempt attempt) {
                events.add("attempt " + attempt.transport());
            }

            @Override
            public void onFailover(String from, String to, FailureKind reason) {
                events.add("failover " + from + "->" + to + " " + reason);
            }

            @Override
            public void onCircuitStateChange(String transport, String state) {
                events.add("circuit " + transport + " " + state);
            }
        };
        try (FailoverMailer mailer = FailoverMailer.builder().transport(primary).transport(backup)
                .circuitBreaker(opensAfterOneFault(Duration.ofMinutes(1))).listener(listener).build()) {
            MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(EMAIL));

            assertThat(e.kind()).isEqualTo(FailureKind.AUTHENTICATION_FAILED);
            assertThat(e.hint()).contains("Tried: smtp (CONNECTION_REFUSED), smtp-2 (AUTHENTICATION_FAILED).");
            assertThat(e.detail()).contains("the last, smtp-2, said");
            assertThat(chain(e.attempts())).containsExactly("smtp FAILED CONNECTION_REFUSED", "smtp-2 FAILED AUTHENTICATION_FAILED");
            assertThat(events).containsExactly("attempt smtp", "circuit smtp OPEN", "failover smtp->smtp-2 CONNECTION_REFUSED",
                    "attempt smtp-2", "circuit smtp-2 OPEN");
            assertThat(mailer.circuitState("smtp")).isEqualTo(CircuitBreaker.State.OPEN);
            assertThat(mailer.circuitState("smtp-2")).isEqualTo(CircuitBreaker.State.OPEN);
            assertThat(mailer.toString()).contains("smtp OPEN, smtp-2 OPEN");
        }
    }

    @Test
    void theSecondOfTwoSameNamedTransportsDeliversUnderItsOwnName() {
        ScriptedMailer primary = ScriptedMailer.named("smtp").then(fail(FailureKind.CONNECTION_REFUSED));
        try (FailoverMailer mailer = FailoverMailer.builder().transport(primary).transport(ScriptedMailer.named("smtp"))
                .transport(ScriptedMailer.named("smtp-2")).build()) {
            SendResult result = mailer.send(EMAIL);

            assertThat(result.transport()).isEqualTo("smtp-3");
            assertThat(chain(result.attempts())).containsExactly("smtp FAILED CONNECTION_REFUSED", "smtp-3 DELIVERED");
            assertThat(mailer.toString()).contains("[smtp CLOSED, smtp-3 CLOSED, smtp-2 CLOSED]");
        }
    }

    @Test
    void aRecipientRejectionOnARenamedTransportNamesIt() {
        ScriptedMailer backup = ScriptedMailer.named("smtp").then(fail(FailureKind.RECIPIENT_REJECTED));
        try (FailoverMailer mailer = FailoverMailer.builder()
                .transport(ScriptedMailer.named("smtp").then(fail(FailureKind.CONNECTION_REFUSED))).transport(backup).build()) {
            MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(EMAIL));

            assertThat(e.kind()).isEqualTo(FailureKind.RECIPIENT_REJECTED);
            assertThat(e.transport()).isEqualTo("smtp-2");
            assertThat(e.hint()).contains("Tried: smtp (CONNECTION_REFUSED), smtp-2 (RECIPIENT_REJECTED).");
        }
    }

    @Test
    void everyBreakerOpenFailsFastNamingTheLastKnownFailure() {
        ScriptedMailer smtp = ScriptedMailer.named("smtp").then(fail(FailureKind.CONNECTION_REFUSED));
        try (FailoverMailer mailer = FailoverMailer.builder().transport(smtp)
                .circuitBreaker(opensAfterOneFault(Duration.ofMinutes(1))).build()) {
            catchThrowableOfType(MailException.class, () -> mailer.send(EMAIL));
            MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(EMAIL));

            assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION_REFUSED);
            assertThat(e.detail()).contains("circuit breakers are open");
            assertThat(chain(e.attempts())).containsExactly("smtp SKIPPED");
            assertThat(smtp.sends).hasValue(1);
        }
    }

    @Test
    void noTransportSpendsTheDeadlineWhileAnotherIsUntried() {
        ScriptedMailer smtp = ScriptedMailer.named("smtp").then(hang());
        ScriptedMailer api = ScriptedMailer.named("sendgrid").then(hang());
        Duration deadline = Duration.ofMillis(800);
        try (FailoverMailer mailer = FailoverMailer.builder().transport(smtp).transport(api)
                .retry(1, Duration.ofMillis(1), Duration.ofMillis(1)).deadline(deadline).build()) {
            long start = System.nanoTime();
            MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(EMAIL));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(took).isLessThan(deadline.plusSeconds(3));
            assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION_TIMEOUT);
            assertThat(e.detail()).contains("deadline of 800 ms was spent");
            assertThat(chain(e.attempts())).containsExactly("smtp FAILED CONNECTION_TIMEOUT", "sendgrid FAILED CONNECTION_TIMEOUT");
            assertThat(smtp.timeLimits).singleElement().satisfies(limit -> assertThat(limit).isLessThanOrEqualTo(deadline.dividedBy(2)));
            assertThat(api.timeLimits).singleElement().satisfies(limit -> assertThat(limit).isPositive());
        }
    }

    @Test
    void anAttemptLeavesTenSecondsForEachUntriedTransport() {
        ScriptedMailer smtp = ScriptedMailer.named("smtp").then(fail(FailureKind.CONNECTION_REFUSED));
        ScriptedMailer api = ScriptedMailer.named("sendgrid").then(fail(FailureKind.SERVICE_UNAVAILABLE));
        ScriptedMailer ses = ScriptedMailer.named("ses");
        try (FailoverMailer mailer = FailoverMailer.builder().transport(smtp).transport(api).transport(ses)
                .retry(1, Duration.ofMillis(1), Duration.ofMillis(1)).build()) {
            mailer.send(EMAIL);

            assertThat(smtp.timeLimits.get(0)).isBetween(Duration.ofSeconds(35), Duration.ofSeconds(40));
            assertThat(api.timeLimits.get(0)).isBetween(Duration.ofSeconds(45), Duration.ofSeconds(50));
            assertThat(ses.timeLimits.get(0)).isBetween(Duration.ofSeconds(55), Duration.ofSeconds(60));
        }
    }

    @Test
    void aTransportThatOverrunsItsLimitLeavesTheRestUntriedAndTheHintSaysSo() {
        ScriptedMailer smtp = ScriptedMailer.named("smtp").then(ScriptedMailer.slowThenFail(Duration.ofMillis(900),
                MailException.builder(FailureKind.CONNECTION_TIMEOUT, "smtp").detail("read timed out")));
        ScriptedMailer api = ScriptedMailer.named("sendgrid");
        try (FailoverMailer mailer = FailoverMailer.builder().transport(smtp).transport(api)
                .retry(1, Duration.ofMillis(1), Duration.ofMillis(1)).deadline(Duration.ofMillis(800)).build()) {
            MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(EMAIL));

            assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION_TIMEOUT);
            assertThat(e.detail()).contains("deadline of 800 ms was spent");
            assertThat(e.hint()).contains("Not tried: sendgrid");
            assertThat(api.sends).hasValue(0);
        }
    }

    @Test
    void laterTransportsGetOnlyTheTimeLeft() {
        ScriptedMailer smtp = ScriptedMailer.named("smtp").then(ScriptedMailer.slowThenFail(Duration.ofMillis(300),
                MailException.builder(FailureKind.CONNECTION_REFUSED, "smtp")));
        ScriptedMailer api = ScriptedMailer.named("sendgrid");
        try (FailoverMailer mailer = FailoverMailer.builder().transport(smtp).transport(api)
                .deadline(Duration.ofSeconds(10)).build()) {
            mailer.send(EMAIL);

            assertThat(smtp.timeLimits.get(0)).isLessThanOrEqualTo(Duration.ofSeconds(10));
            assertThat(api.timeLimits.get(0)).isLessThanOrEqualTo(Duration.ofMillis(9_700));
        }
    }

    @Test
    void possiblyDeliveredFailureStopsTheSendUnderFail() {
        ScriptedMailer smtp = ScriptedMailer.named("smtp").then(fail(MailException.builder(FailureKind.CONNECTION_LOST, "smtp")
                .possiblyDelivered(true).detail("connection closed after the final dot")));
        ScriptedMailer api = ScriptedMailer.named("sendgrid");
        try (FailoverMailer mailer = FailoverMailer.builder().transport(smtp).transport(api)
                .ambiguity(AmbiguityPolicy.FAIL).build()) {
            MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(EMAIL));

            assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION_LOST);
            assertThat(e.possiblyDelivered()).isTrue();
            assertThat(e.getMessage()).contains("may have been delivered");
            assertThat(smtp.sends).hasValue(1);
            assertThat(api.sends).hasValue(0);
        }
    }

    @Test
    void possiblyDeliveredFailureFailsOverUnderFailoverWithTheSameMessageId() {
        ScriptedMailer smtp = ScriptedMailer.named("smtp").then(fail(MailException.builder(FailureKind.CONNECTION_LOST, "smtp")
                .possiblyDelivered(true)));
        ScriptedMailer api = ScriptedMailer.named("sendgrid");
        try (FailoverMailer mailer = FailoverMailer.builder().transport(smtp).transport(api)
                .retry(1, Duration.ofMillis(1), Duration.ofMillis(1)).build()) {
            SendResult result = mailer.send(EMAIL);

            assertThat(chain(result.attempts())).containsExactly("smtp FAILED CONNECTION_LOST", "sendgrid DELIVERED");
            assertThat(smtp.emails).singleElement().isSameAs(EMAIL);
            assertThat(api.emails).singleElement().isSameAs(EMAIL);
        }
    }

    @Test
    void roundRobinStartsEachSendWithTheNextTransport() {
        ScriptedMailer a = ScriptedMailer.named("a");
        ScriptedMailer b = ScriptedMailer.named("b");
        ScriptedMailer c = ScriptedMailer.named("c");
        try (FailoverMailer mailer = FailoverMailer.builder().transport(a).transport(b).transport(c)
                .strategy(Strategy.ROUND_ROBIN).build()) {
            List<String> deliveredBy = List.of(mailer.send(EMAIL).transport(), mailer.send(EMAIL).transport(),
                    mailer.send(EMAIL).transport(), mailer.send(EMAIL).transport());

            assertThat(deliveredBy).containsExactly("a", "b", "c", "a");
        }
    }

    @Test
    void roundRobinFailsOverThroughTheRestAndWrapsAround() {
        ScriptedMailer a = ScriptedMailer.named("a");
        ScriptedMailer b = ScriptedMailer.named("b").then(fail(FailureKind.SERVICE_UNAVAILABLE));
        try (FailoverMailer mailer = FailoverMailer.builder().transport(a).transport(b).strategy(Strategy.ROUND_ROBIN)
                .retry(1, Duration.ofMillis(1), Duration.ofMillis(1)).build()) {
            mailer.send(EMAIL);
            assertThat(chain(mailer.send(EMAIL).attempts())).containsExactly("b FAILED SERVICE_UNAVAILABLE", "a DELIVERED");
        }
    }

    @Test
    void listenersHearAttemptsFailoversAndBreakerChanges() {
        List<String> events = new CopyOnWriteArrayList<>();
        MailerListener listener = new MailerListener() {
            @Override
            public void onAttempt(Attempt attempt) {
                events.add("attempt " + attempt.transport() + " " + attempt.outcome());
            }

            @Override
            public void onFailover(String from, String to, FailureKind reason) {
                events.add("failover " + from + "->" + to + " " + reason);
            }

            @Override
            public void onCircuitStateChange(String transport, String state) {
                events.add("circuit " + transport + " " + state);
            }
        };
        ScriptedMailer smtp = ScriptedMailer.named("smtp").then(fail(FailureKind.TLS_FAILURE));
        try (FailoverMailer mailer = FailoverMailer.builder().transport(smtp).transport(ScriptedMailer.named("sendgrid"))
                .circuitBreaker(opensAfterOneFault(Duration.ofMinutes(1))).listener(listener).build()) {
            mailer.send(EMAIL);

            assertThat(events).containsExactly("attempt smtp FAILED", "circuit smtp OPEN",
                    "failover smtp->sendgrid TLS_FAILURE", "attempt sendgrid DELIVERED");
        }
    }

    @Test
    void aListenerThatThrowsDoesNotDisturbTheSend() {
        AtomicInteger calls = new AtomicInteger();
        MailerListener broken = new MailerListener() {
            @Override
            public void onAttempt(Attempt attempt) {
                calls.incrementAndGet();
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void onFailover(String from, String to, FailureKind reason) {
                throw new IllegalStateException("listener bug");
            }
        };
        try (FailoverMailer mailer = FailoverMailer.builder()
                .transport(ScriptedMailer.named("smtp").then(fail(FailureKind.CONNECTION_REFUSED)))
                .transport(ScriptedMailer.named("sendgrid")).listener(broken).build()) {
            assertThat(mailer.send(EMAIL).transport()).isEqualTo("sendgrid");
            assertThat(calls).hasValue(2);
        }
    }

    @Test
    void aTransportThatThrowsSomethingElseIsTreatedAsUnknownAndFailedOver() {
        ScriptedMailer smtp = ScriptedMailer.named("smtp").then((t, email, limit) -> {
            throw new IllegalStateException("bug in a transport");
        });
        try (FailoverMailer mailer = FailoverMailer.builder().transport(smtp).transport(ScriptedMailer.named("sendgrid")).build()) {
            SendResult result = mailer.send(EMAIL);

            assertThat(chain(result.attempts())).containsExactly("smtp FAILED UNKNOWN", "sendgrid DELIVERED");
            assertThat(result.attempts().get(0).detail()).contains("bug in a transport");
            assertThat(result.attempts().get(0).hint()).contains("smtp threw java.lang.IllegalStateException",
                    "please report it");
        }
    }

    @Test
    void anEmailATransportCannotExpressIsAMessageRejectionThatNeverOpensItsBreaker() {
        ScriptedMailer smtp = ScriptedMailer.named("smtp").then((t, email, limit) -> {
            throw new IllegalArgumentException("metadata key 'order id': travels as a header name, so it may hold only printable ASCII");
        });
        ScriptedMailer api = ScriptedMailer.named("sendgrid");
        try (FailoverMailer mailer = FailoverMailer.builder().transport(smtp).transport(api).build()) {
            for (int i = 0; i < 5; i++) {
                MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(EMAIL));

                assertThat(e.kind()).isEqualTo(FailureKind.MESSAGE_REJECTED);
                assertThat(e.transport()).isEqualTo("smtp");
                assertThat(e.detail()).contains("metadata key 'order id'");
            }
            assertThat(mailer.circuitState("smtp")).isEqualTo(CircuitBreaker.State.CLOSED);
            assertThat(api.sends).hasValue(0);
        }
    }

    @Test
    void aTransportBugFailsOverWithoutCountingTowardItsBreaker() {
        ScriptedMailer smtp = ScriptedMailer.named("smtp").then((t, email, limit) -> {
            throw new IllegalStateException("bug in a transport");
        });
        try (FailoverMailer mailer = FailoverMailer.builder().transport(smtp).transport(ScriptedMailer.named("sendgrid")).build()) {
            for (int i = 0; i < 5; i++) {
                assertThat(chain(mailer.send(EMAIL).attempts())).containsExactly("smtp FAILED UNKNOWN", "sendgrid DELIVERED");
            }
            assertThat(mailer.circuitState("smtp")).isEqualTo(CircuitBreaker.State.CLOSED);
        }
    }

    @Test
    void aFailedConnectionIsNotRetriedWhileAnotherTransportIsUntriedAndOpensTheBreakerAtOnce() {
        ScriptedMailer smtp = ScriptedMailer.named("smtp").then(fail(MailException.builder(FailureKind.CONNECTION_TIMEOUT, "smtp")
                .detail("connect timed out").connectionFailed(true)));
        ScriptedMailer api = ScriptedMailer.named("sendgrid");
        try (FailoverMailer mailer = FailoverMailer.builder().transport(smtp).transport(api).build()) {
            SendResult first = mailer.send(EMAIL);

            assertThat(chain(first.attempts())).containsExactly("smtp FAILED CONNECTION_TIMEOUT", "sendgrid DELIVERED");
            assertThat(mailer.circuitState("smtp")).as("the default breaker, after one such failure")
                    .isEqualTo(CircuitBreaker.State.OPEN);
            assertThat(chain(mailer.send(EMAIL).attempts())).containsExactly("smtp SKIPPED", "sendgrid DELIVERED");
            assertThat(smtp.sends).hasValue(1);
        }
    }

    @Test
    void aTimeoutLaterInTheConversationIsStillRetried() {
        ScriptedMailer smtp = ScriptedMailer.named("smtp").then(fail(FailureKind.CONNECTION_TIMEOUT), deliver());
        try (FailoverMailer mailer = FailoverMailer.builder().transport(smtp).transport(ScriptedMailer.named("sendgrid"))
                .retry(2, Duration.ofMillis(1), Duration.ofMillis(5)).build()) {
            assertThat(chain(mailer.send(EMAIL).attempts())).containsExactly("smtp FAILED CONNECTION_TIMEOUT", "smtp DELIVERED");
            assertThat(mailer.circuitState("smtp")).isEqualTo(CircuitBreaker.State.CLOSED);
        }
    }

    static MailException.Builder greylisted(String transport) {
        return MailException.builder(FailureKind.RECIPIENT_DEFERRED, transport).code(450)
                .detail("450 4.2.0 <bob@rcpt.example>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/rcpt.example.html");
    }

    @Test
    void aDeferredRecipientFailsOverAndNeverCountsTowardTheBreaker() {
        ScriptedMailer smtp = ScriptedMailer.named("smtp").then(fail(greylisted("smtp")));
        ScriptedMailer api = ScriptedMailer.named("sendgrid");
        try (FailoverMailer mailer = FailoverMailer.builder().transport(smtp).transport(api)
                .circuitBreaker(opensAfterOneFault(Duration.ofMinutes(1))).build()) {
            for (int i = 0; i < 3; i++) {
                assertThat(chain(mailer.send(EMAIL).attempts())).containsExactly("smtp FAILED RECIPIENT_DEFERRED", "sendgrid DELIVERED");
            }
            assertThat(smtp.sends).as("never retried on the deferring server").hasValue(3);
            assertThat(mailer.circuitState("smtp")).isEqualTo(CircuitBreaker.State.CLOSED);
        }
    }

    @Test
    void aRecipientDeferredEverywhereFailsAsRetryableAndLeavesEveryBreakerClosed() {
        ScriptedMailer smtp = ScriptedMailer.named("smtp").then(fail(greylisted("smtp")), fail(greylisted("smtp")), deliver());
        ScriptedMailer api = ScriptedMailer.named("sendgrid").then(fail(greylisted("sendgrid")), fail(greylisted("sendgrid")), deliver());
        try (FailoverMailer mailer = FailoverMailer.builder().transport(smtp).transport(api)
                .circuitBreaker(opensAfterOneFault(Duration.ofMinutes(1))).build()) {
            for (int i = 0; i < 2; i++) {
                MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(EMAIL));

                assertThat(e.kind()).isEqualTo(FailureKind.RECIPIENT_DEFERRED);
                assertThat(e.kind().retryable()).isTrue();
                assertThat(e.code()).hasValue(450);
                assertThat(e.hint()).contains("Tried: smtp (RECIPIENT_DEFERRED), sendgrid (RECIPIENT_DEFERRED)");
                assertThat(chain(e.attempts())).containsExactly("smtp FAILED RECIPIENT_DEFERRED", "sendgrid FAILED RECIPIENT_DEFERRED");
            }
            assertThat(mailer.circuitState("smtp")).isEqualTo(CircuitBreaker.State.CLOSED);
            assertThat(mailer.circuitState("sendgrid")).isEqualTo(CircuitBreaker.State.CLOSED);
            assertThat(mailer.send(EMAIL).transport()).as("the next good send is not refused").isEqualTo("smtp");
        }
    }

    @Test
    void aDeferralStaysDecisiveWhenTheLastTransportFailsForGood() {
        ScriptedMailer smtp = ScriptedMailer.named("smtp").then(fail(greylisted("smtp")));
        ScriptedMailer api = ScriptedMailer.named("sendgrid").then(fail(FailureKind.AUTHENTICATION_FAILED));
        try (FailoverMailer mailer = FailoverMailer.builder().transport(smtp).transport(api).build()) {
            MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(EMAIL));

            assertThat(e.kind()).isEqualTo(FailureKind.RECIPIENT_DEFERRED);
            assertThat(e.detail()).contains("smtp was deferred").contains("Greylisted");
            assertThat(e.hint()).contains("Tried: smtp (RECIPIENT_DEFERRED), sendgrid (AUTHENTICATION_FAILED)");
        }
    }

    @Test
    void checkReportsEveryTransport() {
        ScriptedMailer smtp = ScriptedMailer.named("smtp").health(HealthCheck.unhealthy("smtp", FailureKind.CONNECTION_REFUSED,
                "Connection refused", null, Duration.ofMillis(3)));
        try (FailoverMailer mailer = FailoverMailer.builder().transport(smtp).transport(ScriptedMailer.named("sendgrid")).build()) {
            HealthCheck check = mailer.check();

            assertThat(check.healthy()).isTrue();
            assertThat(check.transport()).isEqualTo("failover");
            assertThat(check.components()).extracting(HealthCheck::transport).containsExactly("smtp", "sendgrid");
            assertThat(check.components().get(0).failure()).hasValue(FailureKind.CONNECTION_REFUSED);
            assertThat(check.detail()).contains("smtp CONNECTION_REFUSED").contains("sendgrid healthy");
        }
    }

    @Test
    void startupProbeOpensTheBreakerOfAnUnreachableTransport() {
        ScriptedMailer smtp = ScriptedMailer.named("smtp").health(HealthCheck.unhealthy("smtp", FailureKind.CONNECTION_TIMEOUT,
                "connect timed out", null, Duration.ofSeconds(1)));
        ScriptedMailer api = ScriptedMailer.named("sendgrid");
        try (FailoverMailer mailer = FailoverMailer.builder().transport(smtp).transport(api).probeOnStartup(true).build()) {
            SendResult result = mailer.send(EMAIL);

            assertThat(chain(result.attempts())).containsExactly("smtp SKIPPED", "sendgrid DELIVERED");
            assertThat(result.attempts().get(0).detail()).as("the skip says why").contains("CONNECTION_TIMEOUT");
            assertThat(smtp.sends).hasValue(0);
        }
    }

    @Test
    void theStartupProbeWaitsAtMostTheDeadlineForAHangingCheck() {
        CountDownLatch never = new CountDownLatch(1);
        ScriptedMailer smtp = ScriptedMailer.named("smtp").health(() -> {
            awaitQuietly(never);
            return HealthCheck.healthy("smtp", "too late", Duration.ZERO);
        });
        ScriptedMailer api = ScriptedMailer.named("sendgrid");
        long start = System.nanoTime();
        try (FailoverMailer mailer = FailoverMailer.builder().transport(smtp).transport(api)
                .deadline(Duration.ofSeconds(1)).probeOnStartup(true).build()) {
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(6));
            assertThat(mailer.circuitState("smtp")).isEqualTo(CircuitBreaker.State.OPEN);
            assertThat(mailer.circuitState("sendgrid")).isEqualTo(CircuitBreaker.State.CLOSED);
            SendResult result = mailer.send(EMAIL);
            assertThat(chain(result.attempts())).containsExactly("smtp SKIPPED", "sendgrid DELIVERED");
            assertThat(result.attempts().get(0).detail()).contains("CONNECTION_TIMEOUT");
        } finally {
            never.countDown();
        }
    }

    @Test
    void allTransportsDownAtStartupFailFastNamingWhatTheProbeFound() {
        ScriptedMailer smtp = ScriptedMailer.named("smtp").health(HealthCheck.unhealthy("smtp", FailureKind.AUTHENTICATION_FAILED,
                "535 5.7.8 bad credentials", null, Duration.ofMillis(5)));
        try (FailoverMailer mailer = FailoverMailer.builder().transport(smtp).probeOnStartup(true).build()) {
            MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(EMAIL));

            assertThat(e.kind()).isEqualTo(FailureKind.AUTHENTICATION_FAILED);
            assertThat(chain(e.attempts())).containsExactly("smtp SKIPPED");
            assertThat(smtp.sends).hasValue(0);
        }
    }

    @Test
    void backgroundProbeClosesARecoveredTransportWithoutAUserSendPayingForTheTrial() {
        ScriptedMailer smtp = ScriptedMailer.named("smtp").then(fail(FailureKind.CONNECTION_REFUSED), deliver())
                .health(HealthCheck.unhealthy("smtp", FailureKind.CONNECTION_REFUSED, "refused", null, Duration.ZERO));
        try (FailoverMailer mailer = FailoverMailer.builder().transport(smtp).transport(ScriptedMailer.named("sendgrid"))
                .circuitBreaker(opensAfterOneFault(Duration.ofMillis(200))).probeInterval(Duration.ofMillis(50)).build()) {
            mailer.send(EMAIL);
            assertThat(mailer.circuitState("smtp")).isEqualTo(CircuitBreaker.State.OPEN);
            assertThat(Thread.getAllStackTraces().keySet()).anySatisfy(t ->
                    assertThat(t.getName()).startsWith("mailover-failover-probe-"));
            await().atMost(5, TimeUnit.SECONDS).until(() -> smtp.checks.get() >= 2);
            assertThat(chain(mailer.send(EMAIL).attempts())).as("failed trials keep it skipped")
                    .containsExactly("smtp SKIPPED", "sendgrid DELIVERED");

            smtp.health(HealthCheck.healthy("smtp", "back", Duration.ZERO));
            await().atMost(5, TimeUnit.SECONDS).until(() -> mailer.circuitState("smtp") == CircuitBreaker.State.CLOSED);
            assertThat(smtp.sends).as("only the first send tried smtp; the trials were checks").hasValue(1);
            assertThat(chain(mailer.send(EMAIL).attempts())).containsExactly("smtp DELIVERED");
        }
    }

    @Test
    void theProbeWaitsForTheBreakersOpenPeriodBeforeItsTrial() {
        ScriptedMailer smtp = ScriptedMailer.named("smtp").then(fail(FailureKind.CONNECTION_REFUSED));
        try (FailoverMailer mailer = FailoverMailer.builder().transport(smtp).transport(ScriptedMailer.named("sendgrid"))
                .circuitBreaker(opensAfterOneFault(Duration.ofHours(1))).probeInterval(Duration.ofMillis(20)).build()) {
            mailer.send(EMAIL);
            for (int i = 0; i < 5; i++) {
                assertThat(chain(mailer.send(EMAIL).attempts())).containsExactly("smtp SKIPPED", "sendgrid DELIVERED");
            }

            assertThat(smtp.checks).as("an hour-long open period has not passed").hasValue(0);
            assertThat(mailer.circuitState("smtp")).isEqualTo(CircuitBreaker.State.OPEN);
        }
    }

    @Test
    void aUserSendSkipsAHalfOpenTransportWhileTheProbeChecksIt() throws InterruptedException {
        CountDownLatch answer = new CountDownLatch(1);
        ScriptedMailer smtp = ScriptedMailer.named("smtp").then(fail(FailureKind.CONNECTION_REFUSED), deliver())
                .health(() -> {
                    awaitQuietly(answer);
                    return HealthCheck.healthy("smtp", "back", Duration.ZERO);
                });
        try (FailoverMailer mailer = FailoverMailer.builder().transport(smtp).transport(ScriptedMailer.named("sendgrid"))
                .circuitBreaker(opensAfterOneFault(Duration.ofMillis(100))).probeInterval(Duration.ofMillis(20)).build()) {
            mailer.send(EMAIL);
            await().atMost(5, TimeUnit.SECONDS).until(() -> smtp.checks.get() == 1);

            SendResult during = mailer.send(EMAIL);
            assertThat(chain(during.attempts())).containsExactly("smtp SKIPPED", "sendgrid DELIVERED");
            assertThat(during.attempts().get(0).detail()).contains("HALF_OPEN").contains("probe");
            assertThat(smtp.sends).hasValue(1);

            answer.countDown();
            await().atMost(5, TimeUnit.SECONDS).until(() -> mailer.circuitState("smtp") == CircuitBreaker.State.CLOSED);
            assertThat(chain(mailer.send(EMAIL).attempts())).containsExactly("smtp DELIVERED");
        }
    }

    @Test
    void aHangingCheckCountsAsFailedAfterTheDeadlineAndDoesNotHoldTheProbe() {
        CountDownLatch never = new CountDownLatch(1);
        ScriptedMailer smtp = ScriptedMailer.named("smtp").then(fail(FailureKind.CONNECTION_REFUSED))
                .health(() -> {
                    awaitQuietly(never);
                    return HealthCheck.healthy("smtp", "too late", Duration.ZERO);
                });
        ScriptedMailer api = ScriptedMailer.named("sendgrid").then(fail(FailureKind.SERVICE_UNAVAILABLE), deliver());
        List<String> states = new CopyOnWriteArrayList<>();
        MailerListener listener = new MailerListener() {
            @Override
            public void onCircuitStateChange(String transport, String state) {
                states.add(transport + " " + state);
            }
        };
        try (FailoverMailer mailer = FailoverMailer.builder().transport(smtp).transport(api)
                .retry(1, Duration.ofMillis(1), Duration.ofMillis(1)).deadline(Duration.ofSeconds(1))
                .circuitBreaker(opensAfterOneFault(Duration.ofMillis(100))).probeInterval(Duration.ofMillis(20))
                .listener(listener).build()) {
            catchThrowableOfType(MailException.class, () -> mailer.send(EMAIL));

            await().atMost(10, TimeUnit.SECONDS).until(() -> states.contains("sendgrid CLOSED"));
            await().atMost(10, TimeUnit.SECONDS).until(() -> states.stream().filter(s -> s.equals("smtp OPEN")).count() >= 2);
            assertThat(mailer.circuitState("smtp")).isIn(CircuitBreaker.State.OPEN, CircuitBreaker.State.HALF_OPEN);
            assertThat(smtp.checks).as("no second check starts while the first still hangs").hasValue(1);
            SendResult result = mailer.send(EMAIL);
            assertThat(chain(result.attempts())).containsExactly("smtp SKIPPED", "sendgrid DELIVERED");
            assertThat(result.attempts().get(0).detail()).contains("CONNECTION_TIMEOUT");
        } finally {
            never.countDown();
        }
    }

    static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void closeStopsTheProbeThreadAndClosesEveryTransportOnce() {
        ScriptedMailer smtp = ScriptedMailer.named("smtp");
        ScriptedMailer api = ScriptedMailer.named("sendgrid");
        FailoverMailer mailer = FailoverMailer.builder().transport(smtp).transport(api).probeInterval(Duration.ofMillis(20)).build();
        mailer.close();
        mailer.close();

        assertThat(smtp.closes).hasValue(1);
        assertThat(api.closes).hasValue(1);
        await().atMost(5, TimeUnit.SECONDS).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("mailover-failover-probe-") && t.isAlive()));
    }

    @Test
    void aClosedMailerFailsSendWithInvalidConfigurationSayingItIsClosed() {
        ScriptedMailer smtp = ScriptedMailer.named("smtp");
        FailoverMailer mailer = FailoverMailer.builder().transport(smtp).build();
        mailer.close();

        MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(EMAIL));

        assertThat(e.kind()).isEqualTo(FailureKind.INVALID_CONFIGURATION);
        assertThat(e.transport()).isEqualTo("failover");
        assertThat(e.getMessage()).contains("closed");
        assertThat(smtp.sends).hasValue(0);
    }

    @Test
    void aClosedMailerFailsSendAsyncWithTheSameMailException() {
        FailoverMailer mailer = FailoverMailer.builder().transport(ScriptedMailer.named("smtp")).executor(r -> {
            throw new java.util.concurrent.RejectedExecutionException("the application shut this executor down");
        }).build();
        mailer.close();

        ExecutionException e = catchThrowableOfType(ExecutionException.class, () -> mailer.sendAsync(EMAIL).get(5, TimeUnit.SECONDS));

        assertThat(e.getCause()).isInstanceOfSatisfying(MailException.class, m -> {
            assertThat(m.kind()).isEqualTo(FailureKind.INVALID_CONFIGURATION);
            assertThat(m.getMessage()).contains("closed");
        });
    }

    @Test
    void aClosedMailerReportsItselfUnhealthyWithoutCheckingItsTransports() {
        ScriptedMailer smtp = ScriptedMailer.named("smtp");
        FailoverMailer mailer = FailoverMailer.builder().transport(smtp).build();
        mailer.close();

        HealthCheck check = mailer.check();

        assertThat(check.healthy()).isFalse();
        assertThat(check.failure()).hasValue(FailureKind.INVALID_CONFIGURATION);
        assertThat(check.detail()).contains("closed");
        assertThat(smtp.checks).hasValue(0);
    }

    @Test
    void sendAsyncRunsOnTheGivenExecutor() throws Exception {
        List<Runnable> submitted = new CopyOnWriteArrayList<>();
        Executor executor = r -> {
            submitted.add(r);
            new Thread(r, "test-executor").start();
        };
        try (FailoverMailer mailer = FailoverMailer.builder().transport(ScriptedMailer.named("smtp")).executor(executor).build()) {
            assertThat(mailer.sendAsync(EMAIL).get(5, TimeUnit.SECONDS).transport()).isEqualTo("smtp");
            assertThat(submitted).hasSize(1);
        }
    }

    @Test
    void sendAsyncFailsWithTheSameMailException() {
        try (FailoverMailer mailer = FailoverMailer.builder()
                .transport(ScriptedMailer.named("smtp").then(fail(FailureKind.RECIPIENT_REJECTED))).build()) {
            ExecutionException e = catchThrowableOfType(ExecutionException.class, () -> mailer.sendAsync(EMAIL).get(5, TimeUnit.SECONDS));
            assertThat(e.getCause()).isInstanceOf(MailException.class);
            assertThat(((MailException) e.getCause()).kind()).isEqualTo(FailureKind.RECIPIENT_REJECTED);
        }
    }

    @Test
    void nameIsFailoverAndToStringListsTheTransports() {
        try (FailoverMailer mailer = FailoverMailer.builder().transport(ScriptedMailer.named("smtp"))
                .transport(ScriptedMailer.named("sendgrid")).build()) {
            assertThat(mailer.name()).isEqualTo("failover");
            assertThat(mailer.toString()).contains("smtp CLOSED").contains("sendgrid CLOSED").contains("PRIORITY");
        }
    }

    @Test
    void builderRefusesBadSettingsNamingTheField() {
        assertThatThrownBy(() -> FailoverMailer.builder().build()).hasMessageContaining("transport");
        assertThatThrownBy(() -> FailoverMailer.builder().retry(0, Duration.ofMillis(1), Duration.ofMillis(1)))
                .hasMessageContaining("attemptsPerTransport");
        assertThatThrownBy(() -> FailoverMailer.builder().retry(2, Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageContaining("backoffCap");
        assertThatThrownBy(() -> FailoverMailer.builder().deadline(Duration.ZERO)).hasMessageContaining("deadline");
        assertThatThrownBy(() -> FailoverMailer.builder().probeInterval(Duration.ofSeconds(-1))).hasMessageContaining("probeInterval");
    }

    @Test
    void nestedFailoverIsGivenTheOuterTimeLeft() {
        ScriptedMailer inner = ScriptedMailer.named("smtp").then(hang());
        try (FailoverMailer innerFailover = FailoverMailer.builder().transport(inner).retry(1, Duration.ofMillis(1), Duration.ofMillis(1))
                .deadline(Duration.ofMinutes(5)).build();
             FailoverMailer outer = FailoverMailer.builder().transport(innerFailover).deadline(Duration.ofMillis(300))
                     .retry(1, Duration.ofMillis(1), Duration.ofMillis(1)).build()) {
            MailException e = catchThrowableOfType(MailException.class, () -> outer.send(EMAIL));

            assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION_TIMEOUT);
            assertThat(inner.timeLimits.get(0)).isLessThanOrEqualTo(Duration.ofMillis(300));
            assertThat(chain(e.attempts())).containsExactly("smtp FAILED CONNECTION_TIMEOUT");
        }
    }
}
