package dev.mailover.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailover.Diagnosis;
import dev.mailover.Finding;
import dev.mailover.Mailer;
import dev.mailover.http.SendGridMailer;
import dev.mailover.mime.DkimSigner;
import dev.mailover.mime.testing.DkimTesting;
import dev.mailover.smtp.SmtpMailer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** DomainProbe against a DNS server speaking the real wire protocol on loopback. */
class DomainProbeTest {

    private static final String DOMAIN = "shop.example";
    private static final DkimSigner DKIM = DkimSigner.builder().domain(DOMAIN).selector("s2026")
            .privateKey(DkimTesting.RSA.getPrivate()).build();
    private static final String GOOD_SPF = "v=spf1 include:sendgrid.net -all";

    /** A 4096-bit RSA public key (openssl genpkey): its record does not fit a 512-byte UDP answer. */
    private static final String RSA_4096 = "MIICIjANBgkqhkiG9w0BAQEFAAOCAg8AMIICCgKCAgEA1qYPyAK+39nMgNyXkN8ilzkpXUh8QHFsrQO4gydfV4UJEm"
            + "11DuTCW2p8iMr76Yc560iWnp6J4Hlo9suYzgX+k4bG/y4aCd1bhCDWs+xHcO9zhIWfGiAEJJ3bywshVA2wkXL64CDv"
            + "C8ggg4rzjB+f3PZpu3Wl7Tk0d2+1BHQdAru+s9kd3MNVx0ym8T6Hr0f82yTZYn2kcHwJwgy+V6hiZLtVGb/x8KsFYF"
            + "hv9eysX9eUzKuHhsMu01q1FeEjuu+DkGCcRUeuo+kCFh0dr9Fg1tyS/lhbZa9Od0YSw3VXLasqzcetFN1y1ZAAp8o3"
            + "HnqQ4QeJ/urkKRX6ytCqWMHGIhfx1HC0V14ms5Be+16pmQJpy1btDGf2K19v5qxqV/SZkqBJHD76+3ZUPtWPOujd0P"
            + "mur5FXzErYuZPs943M4NumGvYbGj/WXslTGGvV0TeiHxSHxlNXz7+1iST/IjPR+olOD4KZ2wWHYvRhkhxm246k9KMZ"
            + "41KcB0g/oqI2cMx64Wt0l0yngv1iHvdLasL1kioAjZR0rnz4z9vnn9fY18JuOc6Yyc8b5MRcQRr+k82V+7YADkWJ5T"
            + "Nz6e6z3J9ObBpfpj0GGMiOb/kCbGaajEuTsklfe+pmlBb/1JCCRe6V3YnYiAHqMrhy2Mfb89QxZjcOQC0Z20bXZS6o"
            + "YGbM4+UCAwEAAQ==";

    private ScriptedDnsServer dns;
    private final Mailer sendgrid = SendGridMailer.builder().apiKey("SG.test-key").build();

    @BeforeEach
    void startDns() throws Exception {
        dns = ScriptedDnsServer.start();
        dns.txt("sendgrid.net", "v=spf1 ip4:167.89.0.0/17 ip4:208.117.48.0/20 ~all");
        dns.cname("s1._domainkey." + DOMAIN, "s1.domainkey.u123.wl.sendgrid.net");
        dns.cname("s2._domainkey." + DOMAIN, "s2.domainkey.u123.wl.sendgrid.net");
        String sendgridKey = "v=DKIM1; k=rsa; p=" + java.util.Base64.getEncoder().encodeToString(DkimTesting.RSA.getPublic().getEncoded());
        dns.txt("s1.domainkey.u123.wl.sendgrid.net", sendgridKey);
        dns.txt("s2.domainkey.u123.wl.sendgrid.net", sendgridKey);
    }

    @AfterEach
    void stopDns() throws Exception {
        dns.close();
        sendgrid.close();
    }

    @Test
    void wellConfiguredDomainPassesEveryCheck() {
        good();

        Diagnosis d = probe().build().run();

        assertThat(d.findings()).extracting(Finding::status).containsOnly(Finding.Status.PASS);
        assertThat(d.findings()).extracting(Finding::step).contains("MX", "SPF", "DKIM", "DMARC");
        assertThat(d.healthy()).isTrue();
        assertThat(detail(d, "SPF")).contains("one valid record, 1 of 10 DNS lookups");
        assertThat(d.findings()).anySatisfy(f -> assertThat(f.detail()).contains("authorises SendGrid (include:sendgrid.net)"));
        assertThat(d.findings()).anySatisfy(f -> assertThat(f.detail())
                .isEqualTo("s2026._domainkey.shop.example: RSA 2048-bit key, the DkimSigner's own"));
        assertThat(d.findings()).anySatisfy(f -> assertThat(f.detail()).contains("s1._domainkey.shop.example: RSA 2048-bit key (SendGrid)"));
        assertThat(d.findings()).anySatisfy(f -> assertThat(f.detail()).contains("DKIM d=shop.example aligns"));
        assertThat(d.recommendation()).contains("in order");
    }

    @Test
    void missingRecordsFailWithTheRecordsToPublish() {
        dns.a(DOMAIN, "192.0.2.10");

        Diagnosis d = probe().build().run();

        assertThat(finding(d, "MX").status()).isEqualTo(Finding.Status.WARN);
        assertThat(finding(d, "SPF").status()).isEqualTo(Finding.Status.FAIL);
        assertThat(finding(d, "SPF").hint()).isEqualTo("Publish one TXT record at shop.example: v=spf1 include:sendgrid.net ~all");
        Finding dkim = d.findings().stream().filter(f -> f.detail().startsWith("no DKIM key at s2026._domainkey")).findFirst().orElseThrow();
        assertThat(dkim.status()).isEqualTo(Finding.Status.FAIL);
        assertThat(dkim.hint()).endsWith(DKIM.publicKeyRecord().orElseThrow());
        assertThat(finding(d, "DMARC").hint()).contains("v=DMARC1; p=none; rua=mailto:dmarc-reports@shop.example");
        assertThat(d.healthy()).isFalse();
    }

    @Test
    void twoSpfRecordsFailWithTheMergedRecord() {
        good();
        dns.txt(DOMAIN, "v=spf1 ip4:192.0.2.0/24 ~all");

        Finding spf = finding(probe().build().run(), "SPF");

        assertThat(spf.status()).isEqualTo(Finding.Status.FAIL);
        assertThat(spf.detail()).startsWith("2 SPF records at shop.example");
        assertThat(spf.hint()).isEqualTo("Replace them with one TXT record: v=spf1 include:sendgrid.net ip4:192.0.2.0/24 ~all");
    }

    @Test
    void malformedSpfNamesEachBadTermAndOffersTheRecordWithoutThem() {
        dns.mx(DOMAIN, 10, "mx." + DOMAIN).txt(DOMAIN, "v=spf1 inclde:mailgun.org ip4:300.1.1.1 include:sendgrid.net ~all");

        Finding spf = finding(probe().build().run(), "SPF");

        assertThat(spf.status()).isEqualTo(Finding.Status.FAIL);
        assertThat(spf.detail()).contains("'inclde:mailgun.org' is not an SPF mechanism").contains("'ip4:300.1.1.1' is malformed");
        assertThat(spf.hint()).endsWith("v=spf1 include:sendgrid.net ~all");
    }

    @Test
    void plusAllFailsBecauseAnyoneMaySend() {
        dns.mx(DOMAIN, 10, "mx." + DOMAIN).txt(DOMAIN, "v=spf1 include:sendgrid.net +all");

        Finding spf = finding(probe().build().run(), "SPF");

        assertThat(spf.status()).isEqualTo(Finding.Status.FAIL);
        assertThat(spf.hint()).endsWith("v=spf1 include:sendgrid.net ~all");
    }

    @Test
    void moreThanTenLookupsThroughIncludesFail() {
        dns.mx(DOMAIN, 10, "mx." + DOMAIN).txt(DOMAIN, "v=spf1 include:a1.example include:sendgrid.net ~all");
        for (int i = 1; i <= 10; i++) {
            dns.txt("a" + i + ".example", i < 10 ? "v=spf1 include:a" + (i + 1) + ".example ~all" : "v=spf1 a mx ~all");
        }

        Finding spf = finding(probe().build().run(), "SPF");

        assertThat(spf.status()).isEqualTo(Finding.Status.FAIL);
        assertThat(spf.detail()).contains("needs 13 DNS lookups").contains("more than the 10");
    }

    @Test
    void missingProviderIncludeWarnsWithTheCorrectedRecord() {
        dns.mx(DOMAIN, 10, "mx." + DOMAIN).txt(DOMAIN, "v=spf1 ip4:192.0.2.0/24 -all")
                .txt("_dmarc." + DOMAIN, "v=DMARC1; p=reject; rua=mailto:d@shop.example");
        Mailer unauthenticated = SendGridMailer.builder().apiKey("SG.other").build();
        DomainProbe.Builder probe = DomainProbe.builder().domain("sub." + DOMAIN).transports(unauthenticated);
        dns.mx("sub." + DOMAIN, 10, "mx." + DOMAIN).txt("sub." + DOMAIN, "v=spf1 ip4:192.0.2.0/24 -all");

        Diagnosis d = probe.resolver(dns.address()).timeout(Duration.ofSeconds(2)).build().run();
        unauthenticated.close();

        assertThat(d.findings()).anySatisfy(f -> {
            assertThat(f.status()).isEqualTo(Finding.Status.WARN);
            assertThat(f.detail()).startsWith("does not include sendgrid.net, which SendGrid documents");
            assertThat(f.hint()).isEqualTo("Publish: v=spf1 ip4:192.0.2.0/24 include:sendgrid.net -all");
        });
        assertThat(d.findings()).anySatisfy(f -> assertThat(f.detail()).startsWith("no DKIM record at s1._domainkey.sub.shop.example"));
        assertThat(d.findings()).anySatisfy(f -> assertThat(f.detail()).contains("(inherited from shop.example)"));
    }

    @Test
    void smtpHostIsAuthorisedThroughItsARecord() throws Exception {
        dns.mx(DOMAIN, 10, "mx." + DOMAIN).a("mail." + DOMAIN, "192.0.2.25")
                .txt(DOMAIN, "v=spf1 a:mail.shop.example -all").txt("_dmarc." + DOMAIN, "v=DMARC1; p=quarantine; rua=mailto:d@shop.example");
        try (SmtpMailer smtp = SmtpMailer.builder().host("mail." + DOMAIN).build()) {
            Diagnosis d = DomainProbe.builder().domain(DOMAIN).transports(smtp).dkimSelectors("s2026")
                    .resolver(dns.address()).timeout(Duration.ofSeconds(2)).build().run();

            assertThat(d.findings()).anySatisfy(f -> assertThat(f.detail())
                    .isEqualTo("authorises the SMTP server mail.shop.example (192.0.2.25)"));
        }
    }

    @Test
    void smtpHostOutsideTheRecordWarnsWithItsATermAdded() throws Exception {
        dns.mx(DOMAIN, 10, "mx." + DOMAIN).a("mail." + DOMAIN, "192.0.2.25")
                .txt(DOMAIN, "v=spf1 ip4:198.51.100.0/24 -all");
        try (SmtpMailer smtp = SmtpMailer.builder().host("mail." + DOMAIN).build()) {
            Diagnosis d = DomainProbe.builder().domain(DOMAIN).transports(smtp).resolver(dns.address())
                    .timeout(Duration.ofSeconds(2)).build().run();

            Finding warn = d.findings().stream().filter(f -> f.detail().startsWith("does not authorise the SMTP server"))
                    .findFirst().orElseThrow();
            assertThat(warn.status()).isEqualTo(Finding.Status.WARN);
            assertThat(warn.hint()).isEqualTo("Publish: v=spf1 ip4:198.51.100.0/24 a:mail.shop.example -all");
        }
    }

    @Test
    void dkimKeyOfAnotherSignerFails() {
        DkimSigner other = DkimSigner.builder().domain(DOMAIN).selector("s2026").privateKey(DkimTesting.ED25519.getPrivate()).build();
        dns.mx(DOMAIN, 10, "mx." + DOMAIN).txt(DOMAIN, GOOD_SPF).txt(other.recordName(), other.publicKeyRecord().orElseThrow());

        Diagnosis d = DomainProbe.builder().domain(DOMAIN).dkimSigner(DKIM).resolver(dns.address())
                .timeout(Duration.ofSeconds(2)).build().run();

        Finding dkim = finding(d, "DKIM");
        assertThat(dkim.status()).isEqualTo(Finding.Status.FAIL);
        assertThat(dkim.detail()).contains("Ed25519 key at s2026._domainkey.shop.example is not the key the DkimSigner signs with");
        assertThat(dkim.hint()).endsWith(DKIM.publicKeyRecord().orElseThrow());
    }

    @Test
    void revokedAndMalformedDkimKeysFail() {
        dns.mx(DOMAIN, 10, "mx." + DOMAIN).txt(DOMAIN, GOOD_SPF)
                .txt("old._domainkey." + DOMAIN, "v=DKIM1; k=rsa; p=")
                .txt("bad._domainkey." + DOMAIN, "v=DKIM1; k=rsa; p=this is not base64!!")
                .txt("dsa._domainkey." + DOMAIN, "v=DKIM1; k=dsa; p=AAAA");

        Diagnosis d = DomainProbe.builder().domain(DOMAIN).dkimSelectors("old", "bad", "dsa").resolver(dns.address())
                .timeout(Duration.ofSeconds(2)).build().run();

        List<Finding> dkim = d.findings().stream().filter(f -> f.step().equals("DKIM")).toList();
        assertThat(dkim).extracting(Finding::status).containsOnly(Finding.Status.FAIL);
        assertThat(dkim.get(0).detail()).contains("revoked (empty p=)");
        assertThat(dkim.get(1).detail()).contains("p= is not base64");
        assertThat(dkim.get(2).detail()).contains("k=dsa is not a DKIM key type");
    }

    @Test
    void fourThousandBitKeyIsTooLongForUdpAndIsReadOverTcp() {
        dns.mx(DOMAIN, 10, "mx." + DOMAIN).txt("big._domainkey." + DOMAIN, "v=DKIM1; k=rsa; p=" + RSA_4096);

        Diagnosis d = DomainProbe.builder().domain(DOMAIN).dkimSelectors("big").resolver(dns.address())
                .timeout(Duration.ofSeconds(2)).build().run();

        assertThat(finding(d, "DKIM").detail()).isEqualTo("big._domainkey.shop.example: RSA 4096-bit key");
        assertThat(dns.tcpQueries()).isPositive();
    }

    @Test
    void nullMxFails() {
        dns.mx(DOMAIN, 0, ".");

        Finding mx = finding(probe().build().run(), "MX");

        assertThat(mx.status()).isEqualTo(Finding.Status.FAIL);
        assertThat(mx.detail()).contains("null MX");
    }

    @Test
    void duplicatedAndMalformedDmarcRecordsFail() {
        dns.mx(DOMAIN, 10, "mx." + DOMAIN).txt(DOMAIN, GOOD_SPF).txt("_dmarc." + DOMAIN, "v=DMARC1; p=maybe; pct=150");

        Finding malformed = finding(probe().build().run(), "DMARC");
        dns.txt("_dmarc." + DOMAIN, "v=DMARC1; p=none");
        Finding twice = finding(probe().build().run(), "DMARC");

        assertThat(malformed.status()).isEqualTo(Finding.Status.FAIL);
        assertThat(malformed.detail()).contains("p=maybe is not none, quarantine or reject").contains("pct=150");
        assertThat(twice.status()).isEqualTo(Finding.Status.FAIL);
        assertThat(twice.detail()).startsWith("2 DMARC records");
    }

    @Test
    void signerOfAnotherDomainDoesNotAlignForDmarc() {
        good();
        DkimSigner elsewhere = DkimSigner.builder().domain("mailer.example").selector("s2026")
                .privateKey(DkimTesting.RSA.getPrivate()).build();

        Diagnosis d = DomainProbe.builder().domain(DOMAIN).dkimSigner(elsewhere).resolver(dns.address())
                .timeout(Duration.ofSeconds(2)).build().run();

        assertThat(d.findings()).anySatisfy(f -> {
            assertThat(f.step()).isEqualTo("DMARC");
            assertThat(f.status()).isEqualTo(Finding.Status.FAIL);
            assertThat(f.detail()).contains("DKIM d=mailer.example does not align with the From domain shop.example");
        });
    }

    @Test
    void silentResolverEndsWithinTheTimeoutAndSaysDnsCouldNotBeQueried() throws Exception {
        try (ScriptedDnsServer silent = ScriptedDnsServer.silent()) {
            long start = System.nanoTime();
            Diagnosis d = DomainProbe.builder().domain(DOMAIN).dkimSigner(DKIM).transports(sendgrid)
                    .resolver(silent.address()).timeout(Duration.ofSeconds(1)).build().run();
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(took).isLessThan(Duration.ofSeconds(8));
            assertThat(d.healthy()).isFalse();
            assertThat(d.findings()).extracting(Finding::step).contains("MX", "SPF", "DKIM", "DMARC");
            assertThat(d.findings()).allSatisfy(f -> {
                assertThat(f.status()).isEqualTo(Finding.Status.FAIL);
                assertThat(f.detail()).startsWith("DNS could not be queried: no answer from 127.0.0.1:" + silent.address().getPort());
            });
        }
    }

    private void good() {
        dns.mx(DOMAIN, 10, "mx1." + DOMAIN).mx(DOMAIN, 20, "mx2." + DOMAIN)
                .txt(DOMAIN, GOOD_SPF, "google-site-verification=abc")
                .txt(DKIM.recordName(), DKIM.publicKeyRecord().orElseThrow())
                .txt("_dmarc." + DOMAIN, "v=DMARC1; p=reject; rua=mailto:dmarc@shop.example");
    }

    private DomainProbe.Builder probe() {
        return DomainProbe.builder().domain(DOMAIN).dkimSigner(DKIM).transports(sendgrid).resolver(dns.address())
                .timeout(Duration.ofSeconds(2));
    }

    private static Finding finding(Diagnosis d, String step) {
        return d.findings().stream().filter(f -> f.step().equals(step)).findFirst().orElseThrow();
    }

    private static String detail(Diagnosis d, String step) {
        return finding(d, step).detail();
    }
}
