package dev.mailover.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --trust-cert FILE} works on every command (send, test, demo, doctor), for every SMTP
 * transport of the DSN, and the hints for an untrusted certificate name that flag.
 */
class TrustCertTest {

    @TempDir
    Path dir;
    private TlsSmtpServer relay;
    private Path pem;
    private Map<String, String> env;

    @BeforeEach
    void startRelay() throws Exception {
        relay = new TlsSmtpServer();
        pem = Files.writeString(dir.resolve("relay.pem"), relay.certificatePem());
        env = Map.of("MAILER_DSN", dsn(relay), "MAIL_FROM", "ops@example.com", "MAIL_TO", "me@example.org");
    }

    @AfterEach
    void stopRelay() throws Exception {
        relay.close();
    }

    private static String dsn(TlsSmtpServer server) {
        return "smtps://ops%40example.com:correct%20horse@127.0.0.1:" + server.port() + "?read_timeout=2s";
    }

    private static String[] send(String... extra) {
        String[] base = {"send", "--from", "ops@example.com", "--to", "me@example.org", "--subject", "Hi", "--text", "Hello"};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return all;
    }

    @Test
    void sendTrustsASelfSignedRelayGivenWithTrustCert() {
        CommandRun run = CommandRun.run(env, send("--trust-cert", pem.toString()));

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("Sent by smtp");
        assertThat(relay.messages()).isEqualTo(1);
    }

    @Test
    void withoutTrustCertTheSendFailsAndTheHintNamesTheFlag() {
        CommandRun run = CommandRun.run(env, send());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("Not sent: TLS_FAILURE on smtp")
                .contains("--trust-cert FILE").doesNotContain("trustedCertificates(").doesNotContain("trusted_certificates");
        assertThat(relay.messages()).isZero();
    }

    @Test
    void testTrustsTheRelayToo() {
        CommandRun run = CommandRun.run(env, "test", "--to", "me@example.org", "--trust-cert", pem.toString());

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(relay.messages()).isEqualTo(1);
    }

    @Test
    void demoWithMailerDsnTrustsTheRelayToo() {
        CommandRun run = CommandRun.run(env, "demo", "--trust-cert", pem.toString());

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("Sent by smtp");
        assertThat(relay.messages()).isEqualTo(1);
    }

    @Test
    void doctorOfADsnTrustsTheRelayToo() {
        CommandRun run = CommandRun.run(env, "doctor", "--trust-cert", pem.toString());

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("[PASS] certificate", "trusted", "[PASS] AUTH", "Result: HEALTHY").doesNotContain("correct horse");
    }

    @Test
    void anExpiredSelfSignedRelayIsAProblemEvenWhenItIsTheTrustedCertificate() throws Exception {
        try (TlsSmtpServer expired = TlsSmtpServer.expired()) {
            Path expiredPem = Files.writeString(dir.resolve("expired.pem"), expired.certificatePem());

            CommandRun doctor = CommandRun.run(Map.of("MAILER_DSN", dsn(expired)), "doctor", "--trust-cert", expiredPem.toString());
            CommandRun probe = CommandRun.run("doctor", "127.0.0.1", "--port", String.valueOf(expired.port()),
                    "--trust-cert", expiredPem.toString(), "--timeout", "2s");
            CommandRun send = CommandRun.run(Map.of("MAILER_DSN", dsn(expired)), send("--trust-cert", expiredPem.toString()));

            assertThat(doctor.exitCode()).as(doctor.all()).isEqualTo(1);
            assertThat(doctor.out()).contains("[FAIL] TLS          TLS_FAILURE", "expired on 2024-03-01 12:00 UTC")
                    .doesNotContain("HEALTHY");
            assertThat(probe.exitCode()).as(probe.all()).isEqualTo(1);
            assertThat(probe.out()).contains("[FAIL] certificate", "expired 2024-03-01", "PROBLEMS FOUND");
            assertThat(send.exitCode()).isEqualTo(1);
            assertThat(send.err()).startsWith("Not sent: TLS_FAILURE").contains("expired on 2024-03-01 12:00 UTC");
            assertThat(expired.messages()).isZero();
        }
    }

    @Test
    void aTrustCertFileWithoutACertificateIsBadUsageNamingTheFlag() throws Exception {
        Path notPem = Files.writeString(dir.resolve("notes.txt"), "not a certificate");

        CommandRun run = CommandRun.run(env, send("--trust-cert", notPem.toString()));

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("mailover: --trust-cert: '" + notPem + "'");
        assertThat(relay.messages()).isZero();
    }
}
