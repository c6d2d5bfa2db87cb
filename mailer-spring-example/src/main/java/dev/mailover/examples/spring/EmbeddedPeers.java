package dev.mailover.examples.spring;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * The servers the example sends to, inside this process on 127.0.0.1, as in the demo: an SMTP server
 * (GreenMail) and an endpoint that answers as SendGrid's v3 API does (202 with an {@code X-Message-Id}).
 */
final class EmbeddedPeers implements AutoCloseable {

    private static final String API_KEY = "SG.example-key";

    private final GreenMail smtp;
    private final MockWebServer api = new MockWebServer();
    private final AtomicInteger apiDeliveries = new AtomicInteger();

    private EmbeddedPeers() {
        ServerSetup setup = new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        setup.setServerStartupTimeout(15_000);
        smtp = new GreenMail(setup);
    }

    /** Starts both servers. */
    static EmbeddedPeers start() {
        Logger.getLogger(MockWebServer.class.getName()).setLevel(Level.WARNING);
        EmbeddedPeers peers = new EmbeddedPeers();
        peers.smtp.start();
        peers.api.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String path = request.getUrl().encodedPath();
                if (path.equals("/v3/mail/send")) {
                    return new MockResponse.Builder().code(202)
                            .addHeader("X-Message-Id", "sg-" + peers.apiDeliveries.incrementAndGet()).build();
                }
                if (path.equals("/v3/scopes")) {
                    return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                            .body("{\"scopes\":[\"mail.send\"]}").build();
                }
                return new MockResponse.Builder().code(404).addHeader("Content-Type", "application/json")
                        .body("{\"errors\":[{\"field\":null,\"message\":\"resource not found\"}]}").build();
            }
        });
        try {
            peers.api.start(InetAddress.getLoopbackAddress(), 0);
        } catch (IOException e) {
            peers.close();
            throw new UncheckedIOException(e);
        }
        return peers;
    }

    /** {@code failover(smtp://… sendgrid+api://…)}: SMTP first, the API when SMTP fails. */
    String failoverDsn() {
        return "failover(smtp://127.0.0.1:" + smtp.getSmtp().getPort() + "?security=none"
                + " sendgrid+api://" + API_KEY + "@127.0.0.1:" + api.getPort() + ")";
    }

    GreenMail smtp() {
        return smtp;
    }

    /** The emails the API accepted. */
    int apiDeliveries() {
        return apiDeliveries.get();
    }

    /** Stops the SMTP server, as when a provider's SMTP goes down. */
    void stopSmtp() {
        smtp.stop();
    }

    @Override
    public void close() {
        smtp.stop();
        api.close();
    }
}
