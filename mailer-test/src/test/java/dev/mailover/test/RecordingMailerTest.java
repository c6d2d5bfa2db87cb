package dev.mailover.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailover.Email;
import dev.mailover.FailureKind;
import dev.mailover.MailException;
import dev.mailover.SendResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RecordingMailerTest {

    private final RecordingMailer mailer = RecordingMailer.create();

    private static Email email(String to, String subject) {
        return Email.builder().from("shop@example.test").to(to).subject(subject).text("hello").build();
    }

    @Test
    void keepsWhatWasSentInOrderAndAnswersWithTheEmailsMessageId() {
        Email first = email("ann@example.org", "one");
        Email second = email("bob@example.org", "two");

        SendResult result = mailer.send(first);
        mailer.send(second);

        assertThat(mailer.sent()).containsExactly(first, second);
        assertThat(mailer.last()).isSameAs(second);
        assertThat(result.messageId()).isEqualTo(first.messageId());
        assertThat(result.transport()).isEqualTo("recording");
    }

    @Test
    void findsEmailsByAnyRecipientWhateverTheCaseOrDisplayName() {
        Email toCc = Email.builder().from("shop@example.test").to("ann@example.org").cc("Bob <Bob@Example.org>")
                .subject("s").text("t").build();
        Email toBcc = Email.builder().from("shop@example.test").to("carl@example.org").bcc("bob@example.org")
                .subject("s").text("t").build();
        mailer.send(toCc);
        mailer.send(toBcc);

        assertThat(mailer.sentTo("BOB@example.org")).containsExactly(toCc, toBcc);
        assertThat(mailer.sentTo("Ann <ann@example.org>")).containsExactly(toCc);
        assertThat(mailer.sentTo("nobody@example.org")).isEmpty();
    }

    @Test
    void failNextFailsTheNextSendOnceAndKeepsNothing() {
        mailer.failNext(FailureKind.RATE_LIMITED);

        assertThatThrownBy(() -> mailer.send(email("ann@example.org", "s")))
                .isInstanceOfSatisfying(MailException.class, e -> {
                    assertThat(e.kind()).isEqualTo(FailureKind.RATE_LIMITED);
                    assertThat(e.transport()).isEqualTo("recording");
                });
        assertThat(mailer.sent()).isEmpty();

        mailer.send(email("ann@example.org", "s"));
        assertThat(mailer.sent()).hasSize(1);
    }

    @Test
    void eachFailNextQueuesOneFailure() {
        mailer.failNext(FailureKind.CONNECTION_TIMEOUT);
        mailer.failNext(FailureKind.RECIPIENT_REJECTED);

        assertThatThrownBy(() -> mailer.send(email("a@example.org", "1"))).extracting(e -> ((MailException) e).kind())
                .isEqualTo(FailureKind.CONNECTION_TIMEOUT);
        assertThatThrownBy(() -> mailer.send(email("a@example.org", "2"))).extracting(e -> ((MailException) e).kind())
                .isEqualTo(FailureKind.RECIPIENT_REJECTED);
        mailer.send(email("a@example.org", "3"));
    }

    @Test
    void sendAsyncFailsWithTheQueuedFailure() {
        mailer.failNext(FailureKind.SERVICE_UNAVAILABLE);

        assertThatThrownBy(() -> mailer.sendAsync(email("a@example.org", "s")).join())
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOfSatisfying(MailException.class,
                        e -> assertThat(e.kind()).isEqualTo(FailureKind.SERVICE_UNAVAILABLE));
    }

    @Test
    void clearForgetsEmailsAndQueuedFailures() {
        mailer.send(email("a@example.org", "s"));
        mailer.failNext(FailureKind.UNKNOWN);

        mailer.clear();

        mailer.assertNothingSent();
        mailer.send(email("a@example.org", "s"));
        mailer.assertSentCount(1);
    }

    @Test
    void lastWithNothingSentSaysSo() {
        assertThatThrownBy(mailer::last).isInstanceOf(AssertionError.class).hasMessage(
                "Expected an email to have been sent, but none was sent");
    }

    @Test
    void assertionsListWhatWasSent() {
        mailer.send(email("ann@example.org", "Your order #1234"));
        mailer.send(email("bob@example.org", "Welcome"));

        assertThatThrownBy(() -> mailer.assertSentTo("carl@example.org")).isInstanceOf(AssertionError.class)
                .hasMessage("Expected one email to carl@example.org, but 0 were sent to it; sent:\n"
                        + "  1. to ann@example.org: \"Your order #1234\"\n"
                        + "  2. to bob@example.org: \"Welcome\"");
        assertThatThrownBy(mailer::assertNothingSent).isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expected 0 email(s) to have been sent, but 2 were; sent:");
        assertThat(mailer.assertSentTo("bob@example.org").subject()).isEqualTo("Welcome");
    }

    @Test
    void keepsEverySendFromManyThreads() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<SendResult>> futures = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                int n = i;
                futures.add(pool.submit(() -> mailer.send(email("user" + n + "@example.org", "s" + n))));
            }
            for (Future<SendResult> f : futures) {
                f.get(10, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        mailer.assertSentCount(400);
        assertThat(mailer.sentTo("user399@example.org")).hasSize(1);
    }

    @Test
    void aClosedMailerRefusesToSendButKeepsWhatItSent() {
        mailer.send(email("a@example.org", "s"));

        mailer.close();

        assertThatThrownBy(() -> mailer.send(email("a@example.org", "s")))
                .isInstanceOfSatisfying(MailException.class, e -> {
                    assertThat(e.kind()).isEqualTo(FailureKind.INVALID_CONFIGURATION);
                    assertThat(e.getMessage()).contains("closed");
                });
        assertThat(mailer.check().healthy()).isFalse();
        assertThat(mailer.sent()).hasSize(1);
    }

    @Test
    void isHealthyWhileOpen() {
        assertThat(mailer.check().healthy()).isTrue();
        assertThat(mailer.toString()).isEqualTo("RecordingMailer{0 sent}");
    }
}
