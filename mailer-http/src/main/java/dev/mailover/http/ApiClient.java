package dev.mailover.http;

import dev.mailover.Email;
import dev.mailover.FailureKind;
import dev.mailover.MailException;
import dev.mailover.SendResult;
import dev.mailover.internal.Classification;
import dev.mailover.internal.Durations;
import dev.mailover.internal.NetworkFailures;
import dev.mailover.internal.Secrets;
import dev.mailover.internal.TimeLimit;
import dev.mailover.internal.UnreadableAttachmentException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the HTTP calls of one mailer: applies the time limit ({@link TimeLimit}, capped by the
 * configured call timeout), records how far each call got, turns network failures into classified
 * {@link MailException}s (secrets masked), logs each exchange at TRACE through {@link ExchangeLog}
 * (secrets masked), and releases the client on close when the mailer owns it. Thread-safe.
 */
final class ApiClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApiClient.class);
    /** Provider answers are small; anything longer is cut, never buffered without bound. */
    private static final long BODY_LIMIT = 256 * 1024;

    private final String transport;
    private final OkHttpClient client;
    private final boolean owned;
    private final Duration callTimeout;
    private final String secret;
    private final Secrets masker;
    private final ExchangeLog log;
    private final HttpClassifier classifier;
    private final AtomicBoolean closed = new AtomicBoolean();

    ApiClient(String transport, HttpSettings.Resolved settings, String secret, HttpClassifier classifier) {
        this.transport = transport;
        this.client = settings.client();
        this.owned = settings.owned();
        this.callTimeout = settings.callTimeout();
        this.secret = secret;
        this.masker = Secrets.of(secret);
        this.log = new ExchangeLog(transport, masker);
        this.classifier = classifier;
    }

    /**
     * Executes the request within what is left of {@code limit} (or the configured call timeout,
     * whichever is shorter) and returns the response, whatever its status.
     *
     * @throws MailException for network failures, classified; when the limit is spent; when the mailer is closed
     */
    ApiResponse execute(Request request, TimeLimit limit) {
        checkOpen();
        if (limit.expired()) {
            throw fail(classifier.of(HttpReason.NO_TIME_LEFT, "no time left to call " + request.url().host()));
        }
        Duration callLimit = limit.cap(callTimeout);
        Duration stated = limit.isSet() && limit.limit().compareTo(callTimeout) < 0 ? limit.limit() : callTimeout;
        Call call = client.newCall(request);
        call.timeout().timeout(callLimit.toMillis(), TimeUnit.MILLISECONDS);
        CallProgress progress = new CallProgress();
        call.addEventListener(progress);
        long start = System.nanoTime();
        log.request(request);
        Response response;
        try {
            response = call.execute();
        } catch (UnreadableAttachmentException e) {
            call.cancel(); // abort: the connection must never carry the rest of a half-written body
            throw logged(fail(e.toFailure(transport)), start);
        } catch (IOException e) {
            // no connection acquired means DNS, TCP connect or TLS failed: nothing of the request went out
            throw logged(fail(network(e, phase(progress), stated).possiblyDelivered(progress.possiblyDelivered())
                    .connectionFailed(!progress.connected())), start);
        }
        try (response; ResponseBody body = response.body()) {
            ApiResponse answer = ApiResponse.of(response.code(), response.headers(), readCapped(body));
            log.response(answer, Duration.ofNanos(System.nanoTime() - start));
            return answer;
        } catch (IOException e) {
            String phase = "reading the HTTP " + response.code() + " response";
            if (!response.isSuccessful()) {
                throw logged(fail(network(e, phase, stated).code(response.code())), start);
            }
            // the provider said yes and the rest of its answer was lost: most likely delivered
            NetworkFailures.Failure f = OkHttpFailures.classify(e, transport);
            HttpReason reason = f.kind() == FailureKind.CONNECTION_TIMEOUT ? HttpReason.ANSWER_STALLED : HttpReason.ANSWER_CUT_OFF;
            ApiResponse head = ApiResponse.of(response.code(), response.headers(), "");
            throw logged(fail(classifier.of(reason, printable(phase + ": " + f.detail()), head).toException(transport)
                    .cause(e)), start);
        }
    }

    /**
     * The result of a send the provider accepted, logged at debug; the detail (what the provider
     * said) has this mailer's secrets masked.
     */
    SendResult accepted(Email email, String messageId, String detail, Duration elapsed) {
        String said = masker.mask(detail);
        LOG.debug("{}: accepted {} as {} ({}, {} ms)", transport, email.messageId(), masker.mask(messageId), said,
                elapsed.toMillis());
        return SendResult.delivered(messageId, transport, said, elapsed);
    }

    /**
     * The text with every form of this mailer's secrets masked: for what a server said that ends up
     * in a result's detail, a health check or a log line.
     */
    String mask(String text) {
        return masker.mask(text);
    }

    private MailException logged(MailException failure, long start) {
        log.failure(failure, Duration.ofNanos(System.nanoTime() - start));
        return failure;
    }

    /**
     * Fails when the mailer is closed, before anything else of a send is looked at.
     *
     * @throws MailException INVALID_CONFIGURATION saying that the mailer is closed
     */
    void checkOpen() {
        if (closed.get()) {
            throw fail(classifier.of(HttpReason.CLOSED, "the mailer is closed"));
        }
    }

    /** The configured time limit of a whole call. */
    Duration callTimeout() {
        return callTimeout;
    }

    /** The exception for a classified failure, with the secret to mask. */
    MailException fail(Classification failure) {
        return fail(failure.toException(transport));
    }

    /** Adds the secret and builds the exception. */
    MailException fail(MailException.Builder builder) {
        return builder.secret(secret).build();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true) && owned) {
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
            LOG.debug("{}: released its HTTP client", transport);
        }
    }

    private static String readCapped(ResponseBody body) throws IOException {
        okio.BufferedSource source = body.source();
        source.request(BODY_LIMIT);
        okio.Buffer buffer = source.getBuffer();
        return buffer.readUtf8(Math.min(buffer.size(), BODY_LIMIT));
    }

    /** Binary garbage from a non-HTTP peer would garble logs: control characters become '?'. */
    private static String printable(String s) {
        return s.replaceAll("\\p{Cntrl}", "?");
    }

    private static String phase(CallProgress progress) {
        if (progress.possiblyDelivered()) {
            return "after the request was sent, waiting for the answer";
        }
        return progress.connected() ? "while sending the request" : "while connecting";
    }

    private MailException.Builder network(IOException e, String phase, Duration limit) {
        NetworkFailures.Failure f = OkHttpFailures.classify(e, transport);
        boolean callTimeout = !(e instanceof java.net.SocketTimeoutException) && "timeout".equals(e.getMessage());
        String detail = phase + ": " + f.detail() + (callTimeout ? " (time limit " + Durations.human(limit) + ")" : "");
        return f.toException(transport).detail(printable(detail)).cause(e);
    }
}
