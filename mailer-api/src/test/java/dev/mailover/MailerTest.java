package dev.mailover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.mailover.internal.AsyncSends;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MailerTest {

    private final Email email = Email.builder().from("a@example.com").to("b@example.org").text("x").build();

    /** A mailer whose send blocks until released, to show that sendAsync does not block its caller. */
    private static final class GatedMailer implements Mailer {
        final CountDownLatch release = new CountDownLatch(1);
        volatile String thread;
        final MailException failure;

        GatedMailer(MailException failure) {
            this.failure = failure;
        }

        @Override
        public SendResult send(Email email) {
            thread = Thread.currentThread().getName();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (failure != null) {
                throw failure;
            }
            return SendResult.delivered(email.messageId(), name(), "ok", Duration.ZERO);
        }

        @Override
        public HealthCheck check() {
            return HealthCheck.healthy(name(), "", Duration.ZERO);
        }

        @Override
        public String name() {
            return "gated";
        }

        @Override
        public void close() {
        }
    }

    @Test
    void sendAsyncReturnsBeforeTheSendFinishesAndRunsOnANamedPool() throws Exception {
        GatedMailer mailer = new GatedMailer(null);

        CompletableFuture<SendResult> future = mailer.sendAsync(email);

        assertThat(future).isNotDone();
        await().atMost(Duration.ofSeconds(5)).until(() -> mailer.thread != null);
        assertThat(mailer.thread).startsWith("mailover-async-");
        mailer.release.countDown();
        assertThat(future.get(5, TimeUnit.SECONDS).messageId()).isEqualTo(email.messageId());
    }

    @Test
    void sendAsyncFailsWithTheMailExceptionItself() {
        MailException failure = MailException.builder(FailureKind.CONNECTION_REFUSED, "gated").build();
        GatedMailer mailer = new GatedMailer(failure);
        mailer.release.countDown();

        CompletableFuture<SendResult> future = mailer.sendAsync(email);

        assertThatThrownBy(() -> future.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class).hasCauseReference(failure);
        assertThat(future.handle((r, e) -> e).join()).isSameAs(failure);
    }

    @Test
    void aFullExecutorFailsTheFutureInsteadOfBlocking() {
        GatedMailer mailer = new GatedMailer(null);

        CompletableFuture<SendResult> future = AsyncSends.submit(mailer, email, task -> {
            throw new java.util.concurrent.RejectedExecutionException("full");
        });

        assertThat(future).isCompletedExceptionally();
        assertThat(future.handle((r, e) -> ((MailException) e).kind()).join()).isEqualTo(FailureKind.SERVICE_UNAVAILABLE);
    }

    @Test
    void sendWithATimeLimitDefaultsToPlainSend() {
        GatedMailer mailer = new GatedMailer(null);
        mailer.release.countDown();

        assertThat(mailer.send(email, Duration.ofSeconds(1)).transport()).isEqualTo("gated");
    }
}
