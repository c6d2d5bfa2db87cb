package dev.mailover.mime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.RSAKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * What DKIM needs of a private key, with the JDK alone: its algorithm ({@code rsa-sha256} for RSA of
 * 2048 bits or more, {@code ed25519-sha256} for Ed25519, RFC 8463), a PKCS#8 PEM file read, and the
 * public key derived from it, for the DNS record to publish.
 */
final class DkimKeys {

    /** RFC 8301: signers must use RSA keys of at least 1024 bits; 2048 is today's floor. */
    static final int MIN_RSA_BITS = 2048;

    private DkimKeys() {
    }

    /** {@code rsa-sha256} or {@code ed25519-sha256}. */
    static String algorithm(PrivateKey key) {
        if (isRsa(key)) {
            int bits = ((RSAKey) key).getModulus().bitLength();
            if (bits < MIN_RSA_BITS) {
                throw new IllegalArgumentException("privateKey: an RSA key of " + bits + " bits is too weak for DKIM;"
                        + " use " + MIN_RSA_BITS + " bits or more (openssl genpkey -algorithm RSA"
                        + " -pkeyopt rsa_keygen_bits:2048), or an Ed25519 key");
            }
            return "rsa-sha256";
        }
        if (isEd25519(key)) {
            return "ed25519-sha256";
        }
        throw new IllegalArgumentException("privateKey: a " + key.getAlgorithm() + " key cannot sign DKIM;"
                + " give an RSA key of " + MIN_RSA_BITS + " bits or more, or an Ed25519 key");
    }

    /** The DNS key type: {@code rsa} or {@code ed25519}. */
    static String keyType(PrivateKey key) {
        return isRsa(key) ? "rsa" : "ed25519";
    }

    private static boolean isRsa(PrivateKey key) {
        return key instanceof RSAKey && "RSA".equalsIgnoreCase(key.getAlgorithm());
    }

    private static boolean isEd25519(PrivateKey key) {
        if (key instanceof EdECPrivateKey ed) {
            return ed.getParams().getName().equalsIgnoreCase("Ed25519");
        }
        return "Ed25519".equalsIgnoreCase(key.getAlgorithm());
    }

    /**
     * Reads an unencrypted PKCS#8 PEM file ({@code -----BEGIN PRIVATE KEY-----}), RSA or Ed25519.
     *
     * @throws IllegalArgumentException naming {@code field} and saying how to convert another format
     */
    static PrivateKey readPem(Path file, String field) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(field + ": cannot read the key file " + file + ": " + e.getMessage(), e);
        }
        if (text.contains("-----BEGIN RSA PRIVATE KEY-----")) {
            throw new IllegalArgumentException(field + ": " + file + " is a PKCS#1 RSA key; convert it to PKCS#8 with"
                    + " openssl pkcs8 -topk8 -nocrypt -in " + file + " -out dkim.pk8.pem");
        }
        if (text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
            throw new IllegalArgumentException(field + ": " + file + " is encrypted; give an unencrypted PKCS#8 key"
                    + " (openssl pkcs8 -topk8 -nocrypt) and protect the file's permissions instead");
        }
        int begin = text.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = text.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException(field + ": " + file + " holds no PKCS#8 private key"
                    + " (-----BEGIN PRIVATE KEY-----)");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(text.substring(begin + 27, end));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": " + file + " is not valid PEM: " + e.getMessage(), e);
        }
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        Arrays.fill(der, (byte) 0);
        for (String algorithm : new String[] {"RSA", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (InvalidKeySpecException e) {
                continue; // not this algorithm: try the next
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK lacks " + algorithm + " keys", e);
            }
        }
        throw new IllegalArgumentException(field + ": the key in " + file + " is neither RSA nor Ed25519");
    }

    /**
     * The public key of this private key: an RSA key's from its modulus and public exponent, an
     * Ed25519 key's by deriving it from the private seed (the JDK's own key generator, fed the seed).
     * Empty when the key does not reveal what is needed (a key held in a hardware token).
     */
    static Optional<PublicKey> publicKey(PrivateKey key) {
        try {
            if (key instanceof RSAPrivateCrtKey rsa) {
                return Optional.of(KeyFactory.getInstance("RSA")
                        .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent())));
            }
            if (key instanceof EdECPrivateKey ed && ed.getBytes().isPresent()) {
                byte[] seed = ed.getBytes().get();
                KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
                g.initialize(NamedParameterSpec.ED25519, new SeedRandom(seed));
                java.security.KeyPair pair = g.generateKeyPair();
                byte[] derived = ((EdECPrivateKey) pair.getPrivate()).getBytes().orElse(new byte[0]);
                boolean same = Arrays.equals(derived, seed);
                Arrays.fill(seed, (byte) 0);
                Arrays.fill(derived, (byte) 0);
                return same ? Optional.of(pair.getPublic()) : Optional.empty();
            }
        } catch (GeneralSecurityException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /**
     * The {@code p=} value of the DNS record: base64 of the SubjectPublicKeyInfo for RSA (what
     * {@code openssl rsa -pubout} prints), of the raw 32-byte key for Ed25519 (RFC 8463, 4.2).
     */
    static String publicKeyValue(PublicKey key) {
        byte[] spki = key.getEncoded();
        if ("RSA".equalsIgnoreCase(key.getAlgorithm())) {
            return Base64.getEncoder().encodeToString(spki);
        }
        return Base64.getEncoder().encodeToString(Arrays.copyOfRange(spki, spki.length - 32, spki.length));
    }

    /** Hands the Ed25519 key generator the seed of an existing key instead of random bytes. */
    private static final class SeedRandom extends SecureRandom {
        private static final long serialVersionUID = 1L;
        private final byte[] seed;

        SeedRandom(byte[] seed) {
            this.seed = seed.clone();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            if (bytes.length != seed.length) {
                throw new IllegalStateException("the key generator asked for " + bytes.length + " bytes, not a seed");
            }
            System.arraycopy(seed, 0, bytes, 0, seed.length);
        }
    }
}
