package dev.mailover;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a successful send returns: the id the accepting server or provider gave the message, which
 * transport delivered it, and every attempt on the way (failed and skipped ones included).
 *
 * @param messageId the id that the provider or server gave (SMTP Message-ID, SendGrid X-Message-Id,
 *                  Mailgun id, Postmark MessageID, SES MessageId)
 * @param transport the name of the transport that delivered
 * @param attempts  every attempt, in order; the last one is the delivery
 * @param elapsed   the time the whole send took
 */
public record SendResult(String messageId, String transport, List<Attempt> attempts, Duration elapsed) {

    /** Checks for nulls and copies the attempts. */
    public SendResult {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(transport, "transport");
        attempts = List.copyOf(attempts);
        Objects.requireNonNull(elapsed, "elapsed");
    }

    /** A result with a single delivered attempt, as a plain transport returns it. */
    public static SendResult delivered(String messageId, String transport, String detail, Duration elapsed) {
        return new SendResult(messageId, transport, List.of(Attempt.delivered(transport, detail, elapsed)), elapsed);
    }
}
