package dev.mailover.micrometer;

import java.io.IOException;
import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/** A local endpoint that answers as SendGrid's v3 API does: 202 with an X-Message-Id for each send. */
final class SendGridStub implements AutoCloseable {

    static final String API_KEY = "SG.metrics-test-secret-key";

    private final MockWebServer server = new MockWebServer();
    private final AtomicInteger ids = new AtomicInteger();

    SendGridStub() throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                if (request.getUrl().encodedPath().equals("/v3/mail/send")) {
                    return new MockResponse.Builder().code(202)
                            .addHeader("X-Message-Id", "sg-" + ids.incrementAndGet()).build();
                }
                return new MockResponse.Builder().code(404).addHeader("Content-Type", "application/json")
                        .body("{\"errors\":[{\"field\":null,\"message\":\"resource not found\"}]}").build();
            }
        });
        server.start(InetAddress.getLoopbackAddress(), 0);
    }

    /** {@code sendgrid+api://KEY@127.0.0.1:PORT}. */
    String dsn() {
        return "sendgrid+api://" + API_KEY + "@127.0.0.1:" + server.getPort();
    }

    int requests() {
        return server.getRequestCount();
    }

    @Override
    public void close() {
        server.close();
    }
}
