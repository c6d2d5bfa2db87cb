package dev.mailover.mime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailover.mime.testing.DkimTesting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DkimSignerTest {

    @Test
    void rsaKeyShorterThan2048BitsIsRefusedAtBuildNamingTheField() {
        KeyPair weak = DkimTesting.generate("RSA", 1024);

        assertThatThrownBy(() -> DkimSigner.builder().domain("example.com").selector("s1")
                .privateKey(weak.getPrivate()).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("privateKey:")
                .hasMessageContaining("1024 bits")
                .hasMessageContaining("2048");
    }

    @Test
    void ecKeyIsRefusedBecauseDkimKnowsOnlyRsaAndEd25519() {
        KeyPair ec = DkimTesting.generate("EC", 256);

        assertThatThrownBy(() -> DkimSigner.builder().domain("example.com").selector("s1")
                .privateKey(ec.getPrivate()).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("privateKey:")
                .hasMessageContaining("Ed25519");
    }

    @Test
    void missingFieldsAreNamed() {
        assertThatThrownBy(() -> DkimSigner.builder().selector("s1").privateKey(DkimTesting.RSA.getPrivate()).build())
                .hasMessageStartingWith("domain:");
        assertThatThrownBy(() -> DkimSigner.builder().domain("example.com").privateKey(DkimTesting.RSA.getPrivate()).build())
                .hasMessageStartingWith("selector:");
        assertThatThrownBy(() -> DkimSigner.builder().domain("example.com").selector("s1").build())
                .hasMessageStartingWith("privateKey:");
        assertThatThrownBy(() -> DkimSigner.builder().domain("not a domain"))
                .hasMessageStartingWith("domain:");
    }

    @Test
    void rsaSignerPublishesTheSubjectPublicKeyInfoOfItsKey() {
        DkimSigner dkim = DkimSigner.builder().domain("Example.COM.").selector("s2026")
                .privateKey(DkimTesting.RSA.getPrivate()).build();

        assertThat(dkim.algorithm()).isEqualTo("rsa-sha256");
        assertThat(dkim.domain()).isEqualTo("example.com");
        assertThat(dkim.recordName()).isEqualTo("s2026._domainkey.example.com");
        assertThat(dkim.publicKeyRecord()).contains("v=DKIM1; k=rsa; p="
                + Base64.getEncoder().encodeToString(DkimTesting.RSA.getPublic().getEncoded()));
    }

    @Test
    void ed25519SignerPublishesTheRaw32ByteKeyDerivedFromThePrivateKey() {
        DkimSigner dkim = DkimSigner.builder().domain("example.com").selector("ed")
                .privateKey(DkimTesting.ED25519.getPrivate()).build();
        byte[] spki = DkimTesting.ED25519.getPublic().getEncoded();
        byte[] raw = java.util.Arrays.copyOfRange(spki, spki.length - 32, spki.length);

        assertThat(dkim.algorithm()).isEqualTo("ed25519-sha256");
        assertThat(dkim.publicKeyRecord()).contains("v=DKIM1; k=ed25519; p=" + Base64.getEncoder().encodeToString(raw));
    }

    @Test
    void pkcs8PemFilesOfBothKeyTypesAreRead(@TempDir Path dir) throws Exception {
        for (KeyPair pair : new KeyPair[] {DkimTesting.RSA, DkimTesting.ED25519}) {
            Path pem = dir.resolve(pair.getPrivate().getAlgorithm() + ".pem");
            Files.writeString(pem, DkimTesting.pem(pair.getPrivate()));

            DkimSigner dkim = DkimSigner.builder().domain("example.com").selector("s").privateKeyPem(pem).build();

            assertThat(dkim.publicKey()).map(k -> k.getEncoded()).contains(pair.getPublic().getEncoded());
        }
    }

    @Test
    void pkcs1PemIsRefusedWithTheCommandThatConvertsIt(@TempDir Path dir) throws Exception {
        Path pem = dir.resolve("rsa.pem");
        Files.writeString(pem, "-----BEGIN RSA PRIVATE KEY-----\nMIIEow==\n-----END RSA PRIVATE KEY-----\n");

        assertThatThrownBy(() -> DkimSigner.builder().privateKeyPem(pem))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("privateKeyPem:")
                .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
    }

    @Test
    void toStringNamesDomainSelectorAndAlgorithmButNeverTheKey() {
        PrivateKey key = DkimTesting.RSA.getPrivate();
        DkimSigner dkim = DkimSigner.builder().domain("example.com").selector("s2026").privateKey(key).build();

        assertThat(dkim).hasToString("DkimSigner{example.com s2026 rsa-sha256}");
    }
}
