package dev.mailover.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailover.Diagnosis;
import dev.mailover.Finding;
import dev.mailover.testing.Peers;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The doctor over a failover DSN of real transports: an SMTP port nothing listens on, and SendGrid's API on loopback. */
class DoctorTest {

    private final MockWebServer sendgrid = new MockWebServer();
    private ScriptedDnsServer dns;
    private int closedPort;

    @BeforeEach
    void start() throws Exception {
        sendgrid.start();
        closedPort = Peers.closedPort();
        dns = ScriptedDnsServer.start();
        dns.mx("shop.example", 10, "mx.shop.example")
                .txt("shop.example", "v=spf1 include:sendgrid.net ~all")
                .txt("sendgrid.net", "v=spf1 ip4:167.89.0.0/17 ~all")
                .txt("_dmarc.shop.example", "v=DMARC1; p=quarantine; rua=mailto:dmarc@shop.example");
    }

    @AfterEach
    void stop() throws Exception {
        sendgrid.close();
        dns.close();
    }

    @Test
    void failoverWithOneBrokenTransportIsHealthyNamesTheCauseAndRecommendsTheHealthyOne() {
        sendgrid.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                .body("{\"scopes\":[\"mail.send\"]}").build());

        Diagnosis d = Doctor.forDsn(failover()).from("orders@shop.example").resolver(dns.address())
                .timeout(Duration.ofSeconds(2)).build().run();

        assertThat(d.healthy()).isTrue();
        assertThat(d.findings()).anySatisfy(f -> {
            assertThat(f.subject()).isEqualTo("smtp");
            assertThat(f.step()).isEqualTo("TCP");
            assertThat(f.status()).isEqualTo(Finding.Status.FAIL);
            assertThat(f.port()).isEqualTo(closedPort);
        });
        assertThat(d.findings()).anySatisfy(f -> {
            assertThat(f.subject()).isEqualTo("sendgrid");
            assertThat(f.status()).isEqualTo(Finding.Status.PASS);
        });
        assertThat(d.findings()).filteredOn(f -> f.subject().equals("sender domain shop.example"))
                .extracting(Finding::step).contains("MX", "SPF", "DKIM", "DMARC");
        assertThat(d.recommendation()).startsWith("Send through sendgrid, which works; fix or remove the broken one.")
                .contains("smtp is broken: nothing listens on 127.0.0.1");
        assertThat(d.report()).contains("  smtp (port " + closedPort + ")", "  sendgrid", "  sender domain shop.example")
                .doesNotContain("SG.test-key");
    }

    @Test
    void failoverWithEveryTransportBrokenIsUnhealthy() {
        sendgrid.enqueue(new MockResponse.Builder().code(401).addHeader("Content-Type", "application/json")
                .body("{\"errors\":[{\"field\":null,\"message\":\"The provided authorization grant is invalid, expired, or revoked\"}]}")
                .build());

        Diagnosis d = Doctor.forDsn(failover()).timeout(Duration.ofSeconds(2)).build().run();

        assertThat(d.healthy()).isFalse();
        assertThat(d.findings()).anySatisfy(f -> {
            assertThat(f.subject()).isEqualTo("sendgrid");
            assertThat(f.status()).isEqualTo(Finding.Status.FAIL);
            assertThat(f.detail()).startsWith("AUTHENTICATION_FAILED");
        });
        assertThat(d.recommendation()).startsWith("No transport can send.").contains("sendgrid is broken: AUTHENTICATION_FAILED")
                .endsWith("The sender domain was not checked: give the From address.");
    }

    private String failover() {
        return "failover(smtp://127.0.0.1:" + closedPort + " sendgrid+api://SG.test-key@127.0.0.1:" + sendgrid.getPort() + ")";
    }
}
