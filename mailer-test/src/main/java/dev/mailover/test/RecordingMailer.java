package dev.mailover.test;

import dev.mailover.Address;
import dev.mailover.Email;
import dev.mailover.FailureKind;
import dev.mailover.HealthCheck;
import dev.mailover.MailException;
import dev.mailover.Mailer;
import dev.mailover.SendResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A {@link Mailer} for an application's own tests, in the spirit of Laravel's {@code Mail::fake()}:
 * it accepts every email and keeps it, so a test can check what its code sent, and it fails on demand
 * ({@link #failNext(FailureKind)}), so a test can check how its code handles a failure.
 *
 * <pre>{@code
 * RecordingMailer mailer = RecordingMailer.create();
 * orderService(mailer).confirm(order);
 * Email email = mailer.assertSentTo("customer@example.org");
 * assertThat(email.subject()).contains("#1234");
 * }</pre>
 *
 * <p>Nothing leaves the JVM. Thread-safe: sends from several threads are all kept, in the order they
 * completed. Like every {@code Mailer}, it fails sends after {@link #close()}.
 */
public final class RecordingMailer implements Mailer {

    private static final String NAME = "recording";

    private final List<Email> sent = new CopyOnWriteArrayList<>();
    private final Queue<FailureKind> failures = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;

    private RecordingMailer() {
    }

    /**
     * A new, empty recording mailer.
     *
     * @return a mailer that has sent nothing
     */
    public static RecordingMailer create() {
        return new RecordingMailer();
    }

    /**
     * Keeps the email and returns a delivery whose message id is the email's own, unless a failure
     * was queued with {@link #failNext(FailureKind)}: then it throws that failure and keeps nothing.
     *
     * @throws MailException the queued failure, or {@link FailureKind#INVALID_CONFIGURATION} after close
     */
    @Override
    public SendResult send(Email email) {
        Objects.requireNonNull(email, "email");
        if (closed) {
            throw MailException.builder(FailureKind.INVALID_CONFIGURATION, NAME)
                    .detail("the mailer is closed")
                    .hint("Create a new RecordingMailer; a closed one cannot send.")
                    .build();
        }
        FailureKind failure = failures.poll();
        if (failure != null) {
            throw MailException.builder(failure, NAME)
                    .detail("failure requested with failNext(" + failure + ")")
                    .build();
        }
        sent.add(email);
        return SendResult.delivered(email.messageId(), NAME, "recorded", Duration.ZERO);
    }

    /** Always healthy while open; never throws. */
    @Override
    public HealthCheck check() {
        return closed
                ? HealthCheck.unhealthy(NAME, FailureKind.INVALID_CONFIGURATION, "the mailer is closed", null, Duration.ZERO)
                : HealthCheck.healthy(NAME, "recording", Duration.ZERO);
    }

    /** {@code recording}. */
    @Override
    public String name() {
        return NAME;
    }

    /** Stops accepting emails; what was sent stays readable. Idempotent. */
    @Override
    public void close() {
        closed = true;
    }

    /**
     * Every email sent so far, in order.
     *
     * @return an unmodifiable snapshot
     */
    public List<Email> sent() {
        return List.copyOf(sent);
    }

    /**
     * The email sent last.
     *
     * @return the last email
     * @throws AssertionError when nothing was sent
     */
    public Email last() {
        List<Email> all = sent();
        if (all.isEmpty()) {
            throw new AssertionError("Expected an email to have been sent, but none was sent");
        }
        return all.get(all.size() - 1);
    }

    /**
     * The emails that went to an address, as To, Cc or Bcc, in order. Addresses compare without regard
     * to case; {@code "Ann <ann@example.org>"} and {@code "ann@example.org"} name the same recipient.
     *
     * @param address the recipient
     * @return the emails sent to it; empty when none
     */
    public List<Email> sentTo(String address) {
        String wanted = Address.parse(address).email().toLowerCase(Locale.ROOT);
        return sent().stream().filter(e -> recipients(e).anyMatch(a -> a.equals(wanted))).toList();
    }

    /** Forgets what was sent and any queued failure. */
    public void clear() {
        sent.clear();
        failures.clear();
    }

    /**
     * Makes the next send fail with a {@link MailException} of this kind (and keep nothing). Each call
     * queues one failure, so two calls fail the next two sends.
     *
     * @param kind the kind the next send fails with
     */
    public void failNext(FailureKind kind) {
        failures.add(Objects.requireNonNull(kind, "kind"));
    }

    /**
     * Checks that exactly one email went to the address and returns it.
     *
     * @param address the recipient
     * @return the one email sent to it
     * @throws AssertionError naming what was sent when none or several went to it
     */
    public Email assertSentTo(String address) {
        List<Email> to = sentTo(address);
        if (to.size() != 1) {
            throw new AssertionError("Expected one email to " + address + ", but " + to.size() + " were sent to it; "
                    + describe(sent()));
        }
        return to.get(0);
    }

    /**
     * Checks how many emails were sent.
     *
     * @param expected the number of emails
     * @throws AssertionError naming what was sent when the count differs
     */
    public void assertSentCount(int expected) {
        List<Email> all = sent();
        if (all.size() != expected) {
            throw new AssertionError("Expected " + expected + " email(s) to have been sent, but " + all.size()
                    + " were; " + describe(all));
        }
    }

    /**
     * Checks that nothing was sent.
     *
     * @throws AssertionError naming what was sent otherwise
     */
    public void assertNothingSent() {
        assertSentCount(0);
    }

    /** For example {@code RecordingMailer{2 sent}}. */
    @Override
    public String toString() {
        return "RecordingMailer{" + sent.size() + " sent" + (closed ? ", closed" : "") + "}";
    }

    private static Stream<String> recipients(Email e) {
        return Stream.of(e.to(), e.cc(), e.bcc()).flatMap(List::stream).map(a -> a.email().toLowerCase(Locale.ROOT));
    }

    private static String describe(List<Email> emails) {
        if (emails.isEmpty()) {
            return "nothing was sent.";
        }
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < emails.size(); i++) {
            Email e = emails.get(i);
            lines.add((i + 1) + ". to " + recipients(e).collect(Collectors.joining(", "))
                    + ": \"" + e.subject() + "\"");
        }
        return "sent:\n  " + String.join("\n  ", lines);
    }
}
