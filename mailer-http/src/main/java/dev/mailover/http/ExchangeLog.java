package dev.mailover.http;

import dev.mailover.MailException;
import dev.mailover.internal.Secrets;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import okhttp3.Headers;
import okhttp3.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs each HTTP exchange of a mailer at TRACE (logger {@code dev.mailover.http.ExchangeLog}): the
 * request line and headers, then the status, headers and the start of the answer, or the failure.
 * Request bodies (the message itself) are never logged. Credential headers are always written as
 * {@value Secrets#MASK}, and every other value goes through {@link Secrets}, so a server that echoes a
 * key is masked too. Thread-safe.
 */
final class ExchangeLog {

    private static final Logger LOG = LoggerFactory.getLogger(ExchangeLog.class);
    private static final int BODY_EXCERPT = 500;
    private static final Set<String> CREDENTIAL_HEADERS = Set.of(
            "authorization", "proxy-authorization", "x-postmark-server-token", "x-postmark-account-token", "api-key",
            "cookie", "set-cookie");

    private final String transport;
    private final Secrets secrets;

    ExchangeLog(String transport, Secrets secrets) {
        this.transport = transport;
        this.secrets = secrets;
    }

    void request(Request request) {
        if (LOG.isTraceEnabled()) {
            String body = request.body() == null ? "" : " body " + request.body().contentType();
            LOG.trace("{}: --> {} {} {}{}", transport, request.method(), mask(request.url().toString()),
                    headers(request.headers()), body);
        }
    }

    void response(ApiResponse response, Duration elapsed) {
        if (LOG.isTraceEnabled()) {
            LOG.trace("{}: <-- HTTP {} ({} ms) {} {}", transport, response.status(), elapsed.toMillis(),
                    headers(response.headers()), mask(response.bodyExcerpt(BODY_EXCERPT)));
        }
    }

    void failure(MailException failure, Duration elapsed) {
        if (LOG.isTraceEnabled()) {
            LOG.trace("{}: <-- failed ({} ms): {}", transport, elapsed.toMillis(), failure.getMessage());
        }
    }

    private String headers(Headers headers) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < headers.size(); i++) {
            String name = headers.name(i);
            boolean credential = CREDENTIAL_HEADERS.contains(name.toLowerCase(Locale.ROOT));
            b.append(i == 0 ? "" : ", ").append(name).append(": ").append(credential ? Secrets.MASK : mask(headers.value(i)));
        }
        return b.append(']').toString();
    }

    private String mask(String text) {
        return secrets.mask(text).replaceAll("\\p{Cntrl}", "?");
    }
}
