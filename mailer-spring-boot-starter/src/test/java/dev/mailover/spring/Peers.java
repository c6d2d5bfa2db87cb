package dev.mailover.spring;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.IOException;
import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/** The real servers the starter's tests send to: GreenMail over SMTP, and a SendGrid-shaped MockWebServer. */
final class Peers {

    static final String SMTP_PASSWORD = "smtp-s3cret-password";
    static final String API_KEY = "SG.starter-test-secret-key";

    private Peers() {
    }

    /** A GreenMail SMTP server on a free loopback port, started. */
    static GreenMail smtp() {
        ServerSetup setup = new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        setup.setServerStartupTimeout(15_000);
        GreenMail greenMail = new GreenMail(setup);
        greenMail.start();
        return greenMail;
    }

    /** {@code smtp://127.0.0.1:PORT?security=none} for a GreenMail server. */
    static String smtpDsn(GreenMail greenMail) {
        return "smtp://127.0.0.1:" + greenMail.getSmtp().getPort() + "?security=none&local_host=client.test";
    }

    /** A local endpoint that answers as SendGrid's v3 API does: 202 with an X-Message-Id for each send. */
    static final class SendGrid implements AutoCloseable {
        private final MockWebServer server = new MockWebServer();
        private final AtomicInteger ids = new AtomicInteger();

        SendGrid() throws IOException {
            server.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    String path = request.getUrl().encodedPath();
                    if (path.equals("/v3/mail/send")) {
                        return new MockResponse.Builder().code(202).addHeader("X-Message-Id", "sg-" + ids.incrementAndGet()).build();
                    }
                    if (path.equals("/v3/scopes")) {
                        return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                                .body("{\"scopes\":[\"mail.send\"]}").build();
                    }
                    return new MockResponse.Builder().code(404).addHeader("Content-Type", "application/json")
                            .body("{\"errors\":[{\"field\":null,\"message\":\"resource not found\"}]}").build();
                }
            });
            server.start(InetAddress.getLoopbackAddress(), 0);
        }

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
}
