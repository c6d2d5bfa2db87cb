package dev.mailover.ses;

import java.net.URI;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * SES's REST-JSON answers from a MockWebServer, started before and closed after each test
 * ({@code @RegisterExtension final MockSes ses = new MockSes();}), for the tests that every API
 * transport has, written for SES as mailer-http writes them for its providers: the mailer built against
 * a base URL, and the answers SES gives.
 */
final class MockSes implements BeforeEachCallback, AfterEachCallback {

    static final String ACCESS_KEY_ID = "AKIDHTTPMAILERS01";
    static final String SECRET = "hmSesSecretKey/7f6e+5d4c3b2a1";

    private MockWebServer server;

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        server = new MockWebServer();
        server.start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        server.close();
    }

    /** The server, to enqueue answers and count requests. */
    MockWebServer server() {
        return server;
    }

    /** A mailer aimed at the server with every timeout {@code timeout}, named {@code name} unless it is null. */
    SesMailer mailer(Duration timeout, String name) {
        return create(server.url("/").toString(), timeout, name);
    }

    /** A mailer aimed at the server with its default name. */
    SesMailer mailer(Duration timeout) {
        return mailer(timeout, null);
    }

    /** The mailer aimed at any loopback peer, with its default name. */
    static SesMailer create(String baseUrl, Duration timeout) {
        return create(baseUrl, timeout, null);
    }

    /** The mailer aimed at any loopback peer, named {@code name} unless it is null. */
    static SesMailer create(String baseUrl, Duration timeout, String name) {
        SesMailer.Builder b = SesMailer.builder().region("eu-west-1").credentials(ACCESS_KEY_ID, SECRET)
                .endpoint(URI.create(baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl))
                .connectTimeout(timeout).readTimeout(timeout).timeout(timeout);
        return (name == null ? b : b.name(name)).build();
    }

    /** SES's answer for an accepted message whose MessageId is {@code id}. */
    static MockResponse accepted(String id) {
        return json(200, "{\"MessageId\":\"" + id + "\"}").newBuilder().addHeader("x-amzn-RequestId", "req-" + id).build();
    }

    /** An answer from AWS (it has a request id) for an accepted message, but without the MessageId. */
    static MockResponse acceptedWithoutId() {
        return json(200, "{}").newBuilder().addHeader("x-amzn-RequestId", "req-no-id").build();
    }

    /** An error as SES's REST-JSON protocol sends it: the code in {@code x-amzn-ErrorType}, the message in the body. */
    static MockResponse error(int status, String code, String message) {
        return json(status, "{\"message\":\"" + message + "\"}").newBuilder()
                .addHeader("x-amzn-RequestId", "req-err-1")
                .addHeader("x-amzn-ErrorType", code + ":http://internal.amazon.com/coral/com.amazonaws.sesv2/").build();
    }

    static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
    }
}
