package dev.mailover;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiagnosisTest {

    @Test
    void reportGroupsFindingsByPortAndEndsWithTheRecommendation() {
        Diagnosis d = Diagnosis.builder().target("smtp.example.com")
                .finding(Finding.pass("DNS", 0, "smtp.example.com -> 192.0.2.10"))
                .finding(Finding.fail("TCP", 25, "connection timed out after 5 s", "port 25 is commonly blocked"))
                .finding(Finding.pass("TCP", 587, "open"))
                .finding(Finding.warn("certificate", 587, "expires in 5 days", "renew the certificate"))
                .healthy(true).recommendation("use 587 with STARTTLS").build();

        String report = d.report();

        assertThat(report).startsWith("Diagnosis of smtp.example.com: HEALTHY");
        assertThat(report).containsSubsequence("host", "[PASS] DNS", "port 25", "[FAIL] TCP", "port 25 is commonly blocked",
                "port 587", "[WARN] certificate", "Recommendation: use 587 with STARTTLS");
        assertThat(d.findings()).hasSize(4);
    }

    @Test
    void aCompositeHealthCheckIsHealthyWhileOneComponentIs() {
        HealthCheck smtp = HealthCheck.unhealthy("smtp", FailureKind.CONNECTION_TIMEOUT, "timed out", null, Duration.ofSeconds(1));
        HealthCheck api = HealthCheck.healthy("sendgrid", "scopes: mail.send", Duration.ofMillis(20));

        HealthCheck both = HealthCheck.composite("failover", List.of(smtp, api), Duration.ofSeconds(1));
        HealthCheck none = HealthCheck.composite("failover", List.of(smtp), Duration.ofSeconds(1));

        assertThat(both.healthy()).isTrue();
        assertThat(both.detail()).isEqualTo("smtp CONNECTION_TIMEOUT; sendgrid healthy");
        assertThat(both.components()).containsExactly(smtp, api);
        assertThat(none.healthy()).isFalse();
        assertThat(none.failure()).contains(FailureKind.CONNECTION_TIMEOUT);
        assertThat(smtp.hint()).isEqualTo(FailureKind.CONNECTION_TIMEOUT.defaultHint());
    }
}
