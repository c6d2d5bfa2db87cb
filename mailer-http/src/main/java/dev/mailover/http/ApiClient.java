package dev.mailover.http;

import dev.mailover.FailureKind;
import dev.mailover.MailException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
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
 * Runs the HTTP calls of one mailer: applies the time limit, records how far each call got, turns
 * network failures into classified {@link MailException}s (secrets masked), and releases the client
 * on close when the mailer owns it. Thread-safe.
 */
final class ApiClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApiClient.class);
    /** Provider answers are small; anything longer is cut, never buffered without bound. */
    private static final long BODY_LIMIT = 256 * 1024;

    private final String transport;
    private final OkHttpClient client;
    private final boolean owned;
    private final Duration callTimeout;
    private final List<String> secrets;
    private final AtomicBoolean closed = new AtomicBoolean();

    ApiClient(String transport, HttpSettings.Resolved settings, List<String> secrets) {
        this.transport = transport;
        this.client = settings.client();
        this.owned = settings.owned();
        this.callTimeout = settings.callTimeout();
        this.secrets = List.copyOf(secrets);
    }

    /**
     * Executes the request within {@code timeLimit} (or the configured call timeout, whichever is
     * shorter; null means the configured one) and returns the response, whatever its status.
     *
     * @throws MailException for network failures, classified, and when the mailer is closed
     */
    ApiResponse execute(Request request, Duration timeLimit) {
        if (closed.get()) {
            throw fail(MailException.builder(FailureKind.INVALID_CONFIGURATION, transport)
                    .detail("the mailer is closed").hint("Create a new mailer; a closed one cannot send."));
        }
        Duration limit = timeLimit == null || timeLimit.compareTo(callTimeout) > 0 ? callTimeout : timeLimit;
        if (limit.isZero() || limit.isNegative()) {
            throw fail(MailException.builder(FailureKind.CONNECTION_TIMEOUT, transport)
                    .detail("no time left to call " + request.url().host())
                    .hint("The send's time limit was spent before this transport was tried; allow more time."));
        }
        Call call = client.newCall(request);
        call.timeout().timeout(Math.max(1, limit.toMillis()), TimeUnit.MILLISECONDS);
        CallProgress progress = new CallProgress();
        call.addEventListener(progress);
        Response response;
        try {
            response = call.execute();
        } catch (AttachmentUnreadableException e) {
            call.cancel(); // abort: the connection must never carry the rest of a half-written body
            throw fail(e.toFailure(transport));
        } catch (IOException e) {
            throw fail(network(e, phase(progress), limit).possiblyDelivered(progress.possiblyDelivered()));
        }
        try (response; ResponseBody body = response.body()) {
            String text = readCapped(body);
            return ApiResponse.of(response.code(), response.headers(), text);
        } catch (IOException e) {
            MailException.Builder b = network(e, "reading the HTTP " + response.code() + " response", limit)
                    .code(response.code());
            if (response.isSuccessful()) {
                b.possiblyDelivered(true).hint("The provider accepted the message (HTTP " + response.code()
                        + ") but the connection broke while its answer was read; it was most likely delivered.");
            }
            throw fail(b);
        }
    }

    /** Adds the secrets and builds the exception. */
    MailException fail(MailException.Builder builder) {
        secrets.forEach(builder::secret);
        return builder.build();
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
        NetworkFailures.Failure f = NetworkFailures.classifyOrUnknown(e, transport);
        boolean callTimeout = !(e instanceof java.net.SocketTimeoutException) && "timeout".equals(e.getMessage());
        String detail = phase + ": " + f.detail() + (callTimeout ? " (time limit " + limit.toMillis() + " ms)" : "");
        return MailException.builder(f.kind(), transport).detail(printable(detail)).hint(f.hint()).cause(e);
    }
}
