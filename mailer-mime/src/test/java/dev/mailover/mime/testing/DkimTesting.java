package dev.mailover.mime.testing;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.james.jdkim.DKIMVerifier;
import org.apache.james.jdkim.api.SignatureRecord;
import org.apache.james.jdkim.exceptions.FailException;
import org.apache.james.jdkim.exceptions.PermFailException;

/**
 * DKIM fixtures shared through mailer-mime's test jar: keys made once per test run (RSA 2048 takes a
 * moment), and Apache James jDKIM's verifier with its DNS replaced by given records, an RFC 6376
 * verifier written by other people than the signer.
 */
public final class DkimTesting {

    /** An RSA key of 2048 bits. */
    public static final KeyPair RSA = generate("RSA", 2048);
    /** An Ed25519 key. */
    public static final KeyPair ED25519 = generate("Ed25519", 0);

    private DkimTesting() {
    }

    /** A new key pair; {@code bits} 0 for algorithms without a size. */
    public static KeyPair generate(String algorithm, int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
            if (bits > 0) {
                g.initialize(bits);
            }
            return g.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The key as an unencrypted PKCS#8 PEM file's text, as {@code openssl genpkey} writes it. */
    public static String pem(PrivateKey key) {
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    /** jDKIM, finding keys in these records by name ({@code s2026._domainkey.example.com -> v=DKIM1; …}). */
    public static Verifier verifier(Map<String, String> records) {
        return new Verifier(records);
    }

    /** jDKIM's verifier over fixed records. */
    public static final class Verifier {
        private final Map<String, String> records;

        private Verifier(Map<String, String> records) {
            this.records = Map.copyOf(records);
        }

        /** The verified signatures; throws jDKIM's failure when none verifies. */
        public List<SignatureRecord> verify(byte[] message) throws Exception {
            DKIMVerifier verifier = new DKIMVerifier((method, selector, domain) -> {
                String record = records.get(selector + "._domainkey." + domain);
                if (record == null) {
                    throw new PermFailException("no key for " + selector + "._domainkey." + domain);
                }
                return List.of(record);
            });
            return verifier.verify(new ByteArrayInputStream(message));
        }

        /** True when jDKIM verifies the message, false when it refuses it. */
        public boolean verifies(byte[] message) {
            try {
                return !verify(message).isEmpty();
            } catch (FailException e) {
                return false;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
    }
}
