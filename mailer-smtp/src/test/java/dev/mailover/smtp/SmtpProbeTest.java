package dev.mailover.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailover.Diagnosis;
import dev.mailover.Finding;
import dev.mailover.testing.BlackholedPort;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SmtpProbeTest {

    private static SmtpProbe.Builder probe() {
        return SmtpProbe.builder().host("localhost").timeout(Duration.ofSeconds(1))
                .trustedCertificates(TestCertificates.CA.certificate());
    }

    private static Finding finding(Diagnosis d, int port, String step) {
        Optional<Finding> f = d.findings().stream().filter(x -> x.port() == port && x.step().equals(step)).findFirst();
        assertThat(f).as("finding %s on %s in%n%s", step, port, d.report()).isPresent();
        return f.get();
    }

    @Test
    void walksEveryPortAndRecommends587WithStartTls() throws Exception {
        try (SubEthaServer server = SubEthaServer.startTls(TestCertificates.serverContext(TestCertificates.LOCALHOST));
             BlackholedPort hole = new BlackholedPort()) {
            Diagnosis d = probe().credentials(SubEthaServer.USER, SubEthaServer.PASSWORD)
                    .dial(587, server.port()).dial(465, GreenMailServers.freePort()).dial(25, hole.port())
                    .dial(2525, GreenMailServers.freePort()).build().run();

            assertThat(d.healthy()).as(d.report()).isTrue();
            assertThat(d.recommendation()).isEqualTo("use 587 with STARTTLS");
            assertThat(finding(d, 0, "DNS").status()).isEqualTo(Finding.Status.PASS);
            assertThat(finding(d, 587, "TCP").status()).isEqualTo(Finding.Status.PASS);
            assertThat(finding(d, 587, "greeting").detail()).startsWith("220");
            assertThat(finding(d, 587, "EHLO").detail()).contains("STARTTLS");
            assertThat(finding(d, 587, "STARTTLS").detail()).startsWith("TLSv1.");
            assertThat(finding(d, 587, "certificate").detail()).contains("CN=localhost").contains("CN=Mailover Test CA")
                    .contains("days left").contains("matches localhost").contains("trusted");
            assertThat(finding(d, 587, "AUTH").detail()).contains("authenticated as app-user");
            assertThat(finding(d, 465, "TCP").status()).isEqualTo(Finding.Status.FAIL);
            assertThat(finding(d, 465, "TCP").detail()).contains("CONNECTION_REFUSED");
            assertThat(finding(d, 25, "TCP").detail()).contains("CONNECTION_TIMEOUT");
            assertThat(finding(d, 25, "TCP").hint()).contains("port 25 is commonly blocked by hosting providers");
            assertThat(d.report()).contains("Recommendation: use 587 with STARTTLS").doesNotContain(SubEthaServer.PASSWORD);
        }
    }

    @Test
    void findsImplicitTlsOn465() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                .implicitTls(TestCertificates.serverContext(TestCertificates.LOCALHOST)).start()) {
            Diagnosis d = probe().ports(465).dial(465, server.port()).build().run();

            assertThat(d.recommendation()).as(d.report()).isEqualTo("use 465 with SMTPS");
            assertThat(finding(d, 465, "TLS").detail()).startsWith("TLSv1.");
            assertThat(finding(d, 465, "AUTH").detail()).contains("offered; no credentials given");
        }
    }

    @Test
    void aPlaintextServerOn465IsDetectedAndWalkedWithStartTls() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                .startTls(TestCertificates.serverContext(TestCertificates.LOCALHOST)).start()) {
            Diagnosis d = probe().ports(465).dial(465, server.port()).build().run();

            assertThat(finding(d, 465, "TLS").detail()).as(d.report()).contains("speaks plaintext");
            assertThat(d.recommendation()).isEqualTo("use 465 with STARTTLS");
        }
    }

    @Test
    void saysSmtpIsBlockedWhenNoPortAnswers() throws Exception {
        try (BlackholedPort hole = new BlackholedPort()) {
            Diagnosis d = probe().ports(587, 465).dial(587, hole.port()).dial(465, GreenMailServers.freePort()).build().run();

            assertThat(d.healthy()).isFalse();
            assertThat(d.recommendation()).isEqualTo("SMTP is blocked from this host: use an HTTP API transport");
        }
    }

    @Test
    void saysNothingListensWhenEveryPortRefusesTheConnection() {
        int refused1 = GreenMailServers.freePort();
        int refused2 = GreenMailServers.freePort();

        Diagnosis d = probe().ports(587, 465).dial(587, refused1).dial(465, refused2).build().run();

        assertThat(d.healthy()).isFalse();
        assertThat(finding(d, 587, "TCP").detail()).contains("CONNECTION_REFUSED");
        assertThat(finding(d, 465, "TCP").detail()).contains("CONNECTION_REFUSED");
        assertThat(d.recommendation()).startsWith("nothing listens on localhost")
                .contains("ports 587, 465 refused the connection").contains("check the host name and port")
                .doesNotContain("blocked").doesNotContain("HTTP API");
    }

    @Test
    void saysSmtpIsBlockedWhenEveryPortTimesOut() throws Exception {
        try (BlackholedPort hole1 = new BlackholedPort(); BlackholedPort hole2 = new BlackholedPort()) {
            Diagnosis d = probe().ports(587, 465).dial(587, hole1.port()).dial(465, hole2.port()).build().run();

            assertThat(finding(d, 587, "TCP").detail()).contains("CONNECTION_TIMEOUT");
            assertThat(finding(d, 465, "TCP").detail()).contains("CONNECTION_TIMEOUT");
            assertThat(d.recommendation()).isEqualTo("SMTP is blocked from this host: use an HTTP API transport");
        }
    }

    @Test
    void recommendsTheWorkingPortWhenOthersAreRefusedOrBlocked() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                .implicitTls(TestCertificates.serverContext(TestCertificates.LOCALHOST)).start();
             BlackholedPort hole = new BlackholedPort()) {
            Diagnosis d = probe().ports(587, 465, 25).dial(587, GreenMailServers.freePort()).dial(465, server.port())
                    .dial(25, hole.port()).build().run();

            assertThat(d.healthy()).as(d.report()).isTrue();
            assertThat(d.recommendation()).isEqualTo("use 465 with SMTPS");
        }
    }

    @Test
    void describesAnExpiredCertificateWithoutTrustingIt() {
        try (SubEthaServer server = SubEthaServer.startTls(TestCertificates.serverContext(TestCertificates.EXPIRED))) {
            Diagnosis d = probe().ports(587).dial(587, server.port())
                    .credentials(SubEthaServer.USER, SubEthaServer.PASSWORD).build().run();

            Finding cert = finding(d, 587, "certificate");
            assertThat(cert.status()).isEqualTo(Finding.Status.FAIL);
            assertThat(cert.detail()).contains("expired 2024-03-01").contains("days ago");
            assertThat(finding(d, 587, "TLS").hint()).contains("expired on 2024-03-01 12:00 UTC");
            assertThat(d.findings()).noneMatch(f -> f.step().equals("AUTH"));
            assertThat(d.healthy()).isFalse();
            assertThat(d.recommendation()).contains("expired on 2024-03-01");
        }
    }

    @Test
    void certificateForAnotherHostIsReportedAsNotMatching() {
        try (SubEthaServer server = SubEthaServer.startTls(TestCertificates.serverContext(TestCertificates.WRONG_HOST))) {
            Diagnosis d = probe().ports(587).dial(587, server.port()).build().run();

            assertThat(finding(d, 587, "certificate").detail()).contains("CN=mail.example.com").contains("does not match localhost");
            assertThat(d.recommendation()).contains("does not match the host name localhost");
        }
    }

    @Test
    void refusedCredentialsGetTheProvidersHint() {
        try (SubEthaServer server = SubEthaServer.authReplying(TestCertificates.serverContext(TestCertificates.LOCALHOST),
                534, "5.7.9 Application-specific password required")) {
            Diagnosis d = probe().ports(587).dial(587, server.port()).credentials("app-user", "Probe-Passw0rd").build().run();

            Finding auth = finding(d, 587, "AUTH");
            assertThat(auth.status()).isEqualTo(Finding.Status.FAIL);
            assertThat(auth.detail()).contains("534");
            assertThat(auth.hint()).contains("the provider requires an app password");
            assertThat(d.recommendation()).contains("app password");
            assertThat(d.report()).doesNotContain("Probe-Passw0rd");
        }
    }

    @Test
    void unknownHostFailsAtDnsAndSaysSo() {
        Diagnosis d = SmtpProbe.builder().host("no-such-host.invalid").build().run();

        assertThat(d.findings()).extracting(Finding::step).containsExactly("DNS");
        assertThat(d.findings().get(0).status()).isEqualTo(Finding.Status.FAIL);
        assertThat(d.recommendation()).contains("does not resolve");
        assertThat(d.healthy()).isFalse();
        assertThat(List.of(d.report())).allMatch(r -> r.contains("no-such-host.invalid"));
    }

    private static ScriptedSmtpServer.Builder startTlsServer() {
        return ScriptedSmtpServer.builder().startTls(TestCertificates.serverContext(TestCertificates.LOCALHOST));
    }

    @Test
    void aRefusedStartTlsGetsTheMailersReasonAndHint() throws Exception {
        try (ScriptedSmtpServer server = startTlsServer()
                .on("STARTTLS", "454 4.7.0 TLS not available due to local problem").start()) {
            Diagnosis d = probe().ports(587).dial(587, server.port()).build().run();

            Finding starttls = finding(d, 587, "STARTTLS");
            assertThat(starttls.status()).as(d.report()).isEqualTo(Finding.Status.FAIL);
            assertThat(starttls.detail()).isEqualTo("TLS_FAILURE (454): 454 4.7.0 TLS not available due to local problem");
            assertThat(starttls.hint()).contains("offers STARTTLS but refused to start it (454 4.7.0)");
            assertThat(d.recommendation()).startsWith("no port works yet: the server offers STARTTLS but refused");
        }
    }

    @Test
    void aGreetingThatRefusesThisHostIsClassifiedFromItsCodeAndText() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                .on("GREETING", "554 5.7.1 mx.example.test: Client host rejected: Access denied").start()) {
            Diagnosis d = probe().ports(587).dial(587, server.port()).build().run();

            Finding greeting = finding(d, 587, "greeting");
            assertThat(greeting.detail()).as(d.report())
                    .isEqualTo("CONNECTION_REFUSED (554): 554 5.7.1 mx.example.test: Client host rejected: Access denied");
            assertThat(greeting.hint()).contains("refuses SMTP from this host (554 5.7.1 in its greeting)");
        }
    }

    @Test
    void aRefusedEhloNameIsRetriedWithHeloAndThenGetsTheLocalHostHint() throws Exception {
        String refusal = "504 5.5.2 <localhost>: Helo command rejected: need fully-qualified hostname";
        try (ScriptedSmtpServer server = startTlsServer().on("EHLO", refusal).on("HELO", refusal).start()) {
            Diagnosis d = probe().ports(587).dial(587, server.port()).build().run();

            Finding ehlo = finding(d, 587, "EHLO");
            assertThat(ehlo.status()).as(d.report()).isEqualTo(Finding.Status.FAIL);
            assertThat(ehlo.detail()).startsWith("INVALID_CONFIGURATION (504)");
            assertThat(ehlo.hint()).contains("refused the name this client gives in EHLO").contains("localHost(...)");
            assertThat(server.commands()).contains("EHLO localhost", "HELO localhost");
        }
    }

    @Test
    void aServerThatTakesOnlyHeloOffersNoStartTlsAsTheMailerWouldFind() throws Exception {
        try (ScriptedSmtpServer server = startTlsServer().on("EHLO", "502 5.5.2 Error: command not recognized").start()) {
            Diagnosis d = probe().ports(587).dial(587, server.port()).build().run();

            assertThat(finding(d, 587, "EHLO").detail()).as(d.report()).contains("HELO accepted");
            Finding starttls = finding(d, 587, "STARTTLS");
            assertThat(starttls.status()).isEqualTo(Finding.Status.FAIL);
            assertThat(starttls.detail()).startsWith("TLS_FAILURE: ");
            assertThat(starttls.hint()).contains("does not offer STARTTLS").contains("never falls back to plaintext");
        }
    }

    @Test
    void credentialsWithNoUsableAuthMechanismSaySo() throws Exception {
        try (ScriptedSmtpServer server = startTlsServer().capabilities("AUTH CRAM-MD5").start()) {
            Diagnosis d = probe().ports(587).dial(587, server.port()).credentials("app-user", "Probe-Passw0rd").build().run();

            Finding auth = finding(d, 587, "AUTH");
            assertThat(auth.status()).as(d.report()).isEqualTo(Finding.Status.FAIL);
            assertThat(auth.detail()).contains("INVALID_CONFIGURATION").contains("CRAM-MD5");
            assertThat(auth.hint()).contains("no AUTH mechanism this client can use");
        }
    }
}
