package dev.mailover.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mailover.testing.BlackholedPort;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DoctorCommandTest {

    private final SmtpServers smtp = new SmtpServers();

    @AfterEach
    void stopServer() {
        smtp.close();
    }

    @Test
    void aHealthyDsnExitsWith0() {
        CommandRun run = CommandRun.run("doctor", "--dsn", "smtp://127.0.0.1:" + smtp.plainPort() + "?security=none");

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("  smtp\n", "[PASS] check", "Result: HEALTHY");
        assertThat(smtp.greenMail().getReceivedMessages()).isEmpty();
    }

    @Test
    void aClosedPortInTheDsnIsAProblemWithAHint() {
        int closed = ClosedPort.find();

        CommandRun run = CommandRun.run(Map.of("MAILER_DSN", "smtp://127.0.0.1:" + closed + "?security=none"), "doctor");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("[FAIL] check        CONNECTION_REFUSED", "-> ", "Result: PROBLEMS FOUND",
                "For the full SMTP checklist: mailover doctor 127.0.0.1 --port " + closed);
    }

    @Test
    void aBlackholedPortInTheDsnIsATimeout() throws Exception {
        try (BlackholedPort blackholed = new BlackholedPort()) {
            CommandRun run = CommandRun.run("doctor", "--dsn", "smtp://127.0.0.1:" + blackholed.port()
                    + "?security=none&connect_timeout=1s");

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.out()).contains("[FAIL] check        CONNECTION_TIMEOUT", "Result: PROBLEMS FOUND");
        }
    }

    @Test
    void implicitTlsAgainstAPlainPortIsATlsFailure() {
        CommandRun run = CommandRun.run("doctor", "--dsn", "smtps://127.0.0.1:" + smtp.plainPort() + "?read_timeout=2s");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("  smtp (port " + smtp.plainPort() + ")", "TLS_FAILURE", "Result: PROBLEMS FOUND");
    }

    @Test
    void aFailoverDsnListsEachTransportAndFlagsTheBrokenOneWhileMailStillFlows() throws Exception {
        int closed = ClosedPort.find();
        try (MockWebServer sendgrid = new MockWebServer()) {
            sendgrid.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                    .body("{\"scopes\":[\"mail.send\"]}").build());
            sendgrid.start(InetAddress.getLoopbackAddress(), 0);

            CommandRun run = CommandRun.run(Map.of("MAILER_DSN", "failover(smtp://127.0.0.1:" + closed
                    + "?security=none sendgrid+api://SG.test-key@127.0.0.1:" + sendgrid.getPort() + ")"), "doctor");

            assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
            assertThat(run.out()).containsSubsequence("  smtp", "[FAIL] check        CONNECTION_REFUSED", "  sendgrid",
                    "[PASS] check", "Recommendation: Send through sendgrid, which works",
                    "Result: PROBLEMS FOUND (mail still flows through the healthy transports)");
            assertThat(run.all()).doesNotContain("SG.test-key");
            assertThat(sendgrid.takeRequest().getUrl().encodedPath()).isEqualTo("/v3/scopes");
        }
    }

    @Test
    void fromAddsTheSenderDomainChecksThroughTheGivenDnsServer() throws Exception {
        try (DatagramSocket deadResolver = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            CommandRun run = CommandRun.run("doctor", "--dsn", "smtp://127.0.0.1:" + smtp.plainPort() + "?security=none",
                    "--from", "orders@shop.example", "--dns-server", "127.0.0.1:" + deadResolver.getLocalPort(),
                    "--timeout", "1s");

            assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
            assertThat(run.out()).contains("and the domain of orders@shop.example")
                    .containsSubsequence("  smtp", "[PASS] check", "  sender domain shop.example", "[FAIL] MX",
                            "DNS could not be queried", "[FAIL] SPF", "[WARN] DKIM", "[FAIL] DMARC",
                            "Result: PROBLEMS FOUND (mail still flows through the healthy transports)");
        }
    }

    @Test
    void jsonPrintsTheDiagnosisForMachines() throws Exception {
        CommandRun run = CommandRun.run("doctor", "--dsn", "smtp://127.0.0.1:" + smtp.plainPort() + "?security=none", "--json");

        assertThat(run.exitCode()).as(run.all()).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.path("healthy").asBoolean()).isTrue();
        assertThat(json.path("recommendation").asText()).startsWith("Send through smtp: it works.");
        assertThat(json.path("findings").get(0).path("subject").asText()).isEqualTo("smtp");
        assertThat(json.path("findings").get(0).path("status").asText()).isEqualTo("PASS");
    }

    @Test
    void aRevokedApiKeyIsAnAuthenticationFailure() throws Exception {
        try (MockWebServer sendgrid = new MockWebServer()) {
            sendgrid.enqueue(new MockResponse.Builder().code(401).addHeader("Content-Type", "application/json")
                    .body("{\"errors\":[{\"field\":null,\"message\":\"The provided authorization grant is invalid, expired, or revoked\"}]}")
                    .build());
            sendgrid.start(InetAddress.getLoopbackAddress(), 0);

            CommandRun run = CommandRun.run(Map.of("MAILER_DSN", "sendgrid+api://SG.revoked@127.0.0.1:" + sendgrid.getPort()),
                    "doctor");

            assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
            assertThat(run.out()).contains("  sendgrid", "[FAIL] check        AUTHENTICATION_FAILED", "Result: PROBLEMS FOUND")
                    .doesNotContain("SG.revoked");
        }
    }

    @Test
    void probingAClosedPortNamesThePortAndRecommendsARemedy() {
        int closed = ClosedPort.find();

        CommandRun run = CommandRun.run("doctor", "127.0.0.1", "--port", String.valueOf(closed));

        assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
        assertThat(run.out()).contains("port " + closed, "FAIL", "PROBLEMS FOUND", "Recommendation: ");
    }

    @Test
    void probingABlackholedPortReportsTheTimeout() throws Exception {
        try (BlackholedPort blackholed = new BlackholedPort()) {
            CommandRun run = CommandRun.run("doctor", "127.0.0.1", "--port", String.valueOf(blackholed.port()), "--timeout", "1s");

            assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
            assertThat(run.out()).contains("port " + blackholed.port(), "FAIL", "Recommendation: ")
                    .containsIgnoringCase("timed out");
        }
    }

    @Test
    void probingAHealthyTlsServerWithItsCertificateTrustedExitsWith0(@TempDir Path dir) throws Exception {
        try (TlsSmtpServer tls = new TlsSmtpServer()) {
            Path pem = Files.writeString(dir.resolve("relay.pem"), tls.certificatePem());

            CommandRun run = CommandRun.run(Map.of("SMTP_PASSWORD", TlsSmtpServer.PASSWORD), "doctor", "127.0.0.1",
                    "--port", String.valueOf(tls.port()), "--trust-cert", pem.toString(), "--timeout", "1s",
                    "--user", TlsSmtpServer.USER, "--password-env", "SMTP_PASSWORD");

            assertThat(run.exitCode()).as(run.all()).isZero();
            assertThat(run.out()).contains("HEALTHY", "port " + tls.port(), "certificate", "AUTH", "Recommendation: ")
                    .doesNotContain(TlsSmtpServer.PASSWORD);
        }
    }

    @Test
    void anUntrustedCertificateIsAProblem() throws Exception {
        try (TlsSmtpServer tls = new TlsSmtpServer()) {
            CommandRun run = CommandRun.run("doctor", "127.0.0.1", "--port", String.valueOf(tls.port()), "--timeout", "1s");

            assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
            assertThat(run.out()).contains("PROBLEMS FOUND", "certificate").contains("not trusted");
        }
    }

    @Test
    void aRefusedPasswordIsAnAuthenticationFailure(@TempDir Path dir) throws Exception {
        try (TlsSmtpServer tls = new TlsSmtpServer()) {
            Path pem = Files.writeString(dir.resolve("relay.pem"), tls.certificatePem());

            CommandRun run = CommandRun.run(Map.of("SMTP_PASSWORD", "wrong password"), "doctor", "127.0.0.1",
                    "--port", String.valueOf(tls.port()), "--trust-cert", pem.toString(), "--timeout", "1s",
                    "--user", TlsSmtpServer.USER, "--password-env", "SMTP_PASSWORD");

            assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
            assertThat(run.out()).contains("AUTHENTICATION_FAILED", "535").doesNotContain("wrong password");
        }
    }

    @Test
    void probingAPlaintextOnlyServerSaysStartTlsIsMissingAndNeverFallsBack() {
        CommandRun run = CommandRun.run("doctor", "127.0.0.1", "--port", String.valueOf(smtp.plainPort()), "--timeout", "2s");

        assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
        assertThat(run.out()).contains("port " + smtp.plainPort(), "[PASS] greeting", "TLS_FAILURE", "STARTTLS",
                "Recommendation: ");
    }

    @Test
    void aHostAndADsnTogetherIsBadUsage() {
        CommandRun run = CommandRun.run("doctor", "127.0.0.1", "--dsn", "smtp://127.0.0.1:25");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("give either a HOST to probe or a DSN to check, not both");
    }

    @Test
    void aUserWithoutAPasswordSourceIsBadUsage() {
        CommandRun run = CommandRun.run("doctor", "127.0.0.1", "--user", "me@example.com", "--password-env", "SMTP_PASSWORD");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("the environment variable SMTP_PASSWORD is not set");
    }

    @Test
    void nothingToDiagnoseIsBadUsage() {
        CommandRun run = CommandRun.run("doctor");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("nothing to diagnose");
    }
}
