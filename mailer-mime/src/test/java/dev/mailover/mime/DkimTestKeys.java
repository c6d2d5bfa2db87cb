package dev.mailover.mime;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;

/** Keys made once per test run: RSA 2048 takes a moment to generate. */
final class DkimTestKeys {

    static final KeyPair RSA = generate("RSA", 2048);
    static final KeyPair ED25519 = generate("Ed25519", 0);

    private DkimTestKeys() {
    }

    static KeyPair generate(String algorithm, int bits) {
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
}
