package dev.mailover.mime;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Signs the messages Mailover writes with DKIM (RFC 6376), so receivers can tell they come from the
 * domain they say.
 *
 * <pre>{@code
 * DkimSigner dkim = DkimSigner.builder()
 *     .domain("example.com").selector("s2026")
 *     .privateKeyPem(Path.of("/etc/mailover/dkim.pem"))   // or .privateKey(key)
 *     .build();
 * SmtpMailer.builder().host("smtp.example.com").dkim(dkim).build();
 * }</pre>
 *
 * <p>What a signature holds: {@code a=rsa-sha256} for an RSA key of 2048 bits or more, or
 * {@code a=ed25519-sha256} (RFC 8463) for an Ed25519 key; {@code c=relaxed/relaxed}; the header
 * fields From, To, Cc, Subject, Date, Message-ID, MIME-Version, Content-Type and
 * Content-Transfer-Encoding that the message has, with From listed once more than it occurs, so a
 * From added on the way breaks the signature; a {@code t=} timestamp; and no {@code l=}, so nothing
 * can be appended to the body. It verifies with any RFC 6376 verifier against the key published at
 * {@code SELECTOR._domainkey.DOMAIN} ({@link #publicKeyRecord()} is that record's text).
 *
 * <p>Signing streams: the message is written twice, once to hash its body as it goes by and once to
 * send it behind the signature, so an attachment is read twice from its file and never held in
 * memory. Immutable and thread-safe; one signer serves every message of a domain.
 */
public final class DkimSigner {

    /** The header fields signed when the message has them, in this order. */
    private static final List<String> SIGNED = List.of("From", "To", "Cc", "Subject", "Date", "Message-ID",
            "MIME-Version", "Content-Type", "Content-Transfer-Encoding");
    /** Listed once more than they occur, so that one cannot be added without breaking the signature. */
    private static final List<String> OVERSIGNED = List.of("From");
    private static final Pattern DOMAIN = Pattern.compile("(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+");
    private static final Pattern SELECTOR = Pattern.compile("(?i)[a-z0-9]([a-z0-9_-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9_-]{0,61}[a-z0-9])?)*");
    private static final int LINE = 76;

    private final String domain;
    private final String selector;
    private final PrivateKey privateKey;
    private final String algorithm;
    private final Optional<PublicKey> publicKey;
    private final Clock clock;

    private DkimSigner(Builder b, String algorithm) {
        this.domain = b.domain;
        this.selector = b.selector;
        this.privateKey = b.privateKey;
        this.algorithm = algorithm;
        this.publicKey = DkimKeys.publicKey(b.privateKey);
        this.clock = b.clock;
    }

    /** Starts a builder; domain, selector and private key are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The signing domain, the signature's {@code d=}: DMARC wants it to be the From domain or its parent. */
    public String domain() {
        return domain;
    }

    /** The selector, the signature's {@code s=}: the key is published at {@code SELECTOR._domainkey.DOMAIN}. */
    public String selector() {
        return selector;
    }

    /** {@code rsa-sha256} or {@code ed25519-sha256}. */
    public String algorithm() {
        return algorithm;
    }

    /** Where the public key must be published: {@code SELECTOR._domainkey.DOMAIN}. */
    public String recordName() {
        return selector + "._domainkey." + domain;
    }

    /**
     * The public key that verifies this signer's signatures, derived from the private key. Empty only
     * for a key that does not reveal it (held in a hardware token).
     */
    public Optional<PublicKey> publicKey() {
        return publicKey;
    }

    /**
     * The TXT record to publish at {@link #recordName()}, for example
     * {@code v=DKIM1; k=rsa; p=MIIBIjANBgkq…}; empty when {@link #publicKey()} is.
     */
    public Optional<String> publicKeyRecord() {
        return publicKey.map(k -> "v=DKIM1; k=" + DkimKeys.keyType(privateKey) + "; p=" + DkimKeys.publicKeyValue(k));
    }

    /**
     * Writes the message to {@code out} with a DKIM-Signature header field in front of it, with CRLF
     * line ends throughout (as SMTP sends it), so every verifier sees what was hashed. The writer is
     * called twice and must write the same bytes each time (a Jakarta Mail message after
     * {@code saveChanges()} does): first to hash the body as it streams by, then to {@code out}.
     *
     * @throws IOException when the writer or {@code out} fails
     */
    public void writeSigned(MessageWriter message, OutputStream out) throws IOException {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(out, "out");
        String field = signatureField(message);
        out.write(field.getBytes(StandardCharsets.US_ASCII));
        out.write('\r');
        out.write('\n');
        CrlfLines lines = new CrlfLines(out);
        message.writeTo(lines);
        lines.finish();
    }

    /** The DKIM-Signature header field for the message the writer writes, without its CRLF. */
    String signatureField(MessageWriter message) throws IOException {
        SigningSink sink = new SigningSink(new RelaxedBody(sha256()));
        message.writeTo(sink);
        sink.flush();
        byte[] bodyHash = sink.bodyHash();
        HeaderFields.Selection signed = sink.headers().select(SIGNED, OVERSIGNED);
        String unsigned = "DKIM-Signature: v=1; a=" + algorithm + "; c=relaxed/relaxed; d=" + domain + "; s=" + selector
                + ";\r\n\tt=" + clock.instant().getEpochSecond() + "; h=" + fold(String.join(":", signed.names()), ':')
                + ";\r\n\tbh=" + Base64.getEncoder().encodeToString(bodyHash) + ";\r\n\tb=";
        byte[] data = (signed.canonical() + HeaderFields.relaxed(unsigned)).getBytes(StandardCharsets.ISO_8859_1);
        return unsigned + fold(Base64.getEncoder().encodeToString(sign(data)), '\0');
    }

    private byte[] sign(byte[] data) {
        try {
            if (algorithm.startsWith("rsa")) {
                Signature rsa = Signature.getInstance("SHA256withRSA");
                rsa.initSign(privateKey);
                rsa.update(data);
                return rsa.sign();
            }
            // RFC 8463: Ed25519 (PureEdDSA) signs the SHA-256 hash of the header data.
            Signature ed = Signature.getInstance("Ed25519");
            ed.initSign(privateKey);
            ed.update(sha256().digest(data));
            return ed.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("DKIM signing with " + algorithm + " failed: " + e.getMessage(), e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    /** Breaks a long tag value into lines of folding whitespace: after a separator, or anywhere ({@code '\0'}). */
    private static String fold(String value, char separator) {
        StringBuilder out = new StringBuilder(value.length() + 16);
        int line = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            out.append(c);
            line++;
            boolean breakable = separator == '\0' || c == separator;
            if (breakable && line >= LINE - 8 && i < value.length() - 1) {
                out.append("\r\n\t");
                line = 0;
            }
        }
        return out.toString();
    }

    /** For example {@code DkimSigner{example.com s2026 rsa-sha256}}: never the key. */
    @Override
    public String toString() {
        return "DkimSigner{" + domain + " " + selector + " " + algorithm + "}";
    }

    /** Writes a whole message (header fields, empty line, body); called more than once, it writes the same bytes. */
    @FunctionalInterface
    public interface MessageWriter {
        /**
         * Writes the message.
         *
         * @throws IOException when it cannot be written
         */
        void writeTo(OutputStream out) throws IOException;
    }

    /** Builds a {@link DkimSigner}. Not thread-safe. */
    public static final class Builder {
        private String domain;
        private String selector;
        private PrivateKey privateKey;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** The signing domain ({@code d=}), for example {@code example.com}. Required. */
        public Builder domain(String domain) {
            String d = Objects.requireNonNull(domain, "domain").strip().toLowerCase(Locale.ROOT);
            if (d.endsWith(".")) {
                d = d.substring(0, d.length() - 1);
            }
            if (!DOMAIN.matcher(d).matches()) {
                throw new IllegalArgumentException("domain: '" + domain + "' is not a domain name such as example.com");
            }
            this.domain = d;
            return this;
        }

        /** The selector ({@code s=}), for example {@code s2026}. Required. */
        public Builder selector(String selector) {
            String s = Objects.requireNonNull(selector, "selector").strip();
            if (!SELECTOR.matcher(s).matches()) {
                throw new IllegalArgumentException("selector: '" + selector + "' is not a DNS label such as s2026");
            }
            this.selector = s;
            return this;
        }

        /**
         * The private key: RSA of 2048 bits or more (signs {@code rsa-sha256}) or Ed25519 (signs
         * {@code ed25519-sha256}). Required, here or with {@link #privateKeyPem(Path)}.
         */
        public Builder privateKey(PrivateKey privateKey) {
            this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
            return this;
        }

        /**
         * Reads the private key from an unencrypted PKCS#8 PEM file ({@code -----BEGIN PRIVATE KEY-----},
         * what {@code openssl genpkey} writes), now.
         *
         * @throws IllegalArgumentException when the file cannot be read or holds no such key; the
         *                                  message says how to convert a PKCS#1 or encrypted key
         */
        public Builder privateKeyPem(Path pemFile) {
            Objects.requireNonNull(pemFile, "privateKeyPem");
            this.privateKey = DkimKeys.readPem(pemFile, "privateKeyPem");
            return this;
        }

        /** The clock of the {@code t=} timestamp; for tests. */
        Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Checks the settings and creates the signer.
         *
         * @throws IllegalArgumentException naming the field that is missing or wrong, such as an RSA
         *                                  key shorter than 2048 bits
         */
        public DkimSigner build() {
            if (domain == null) {
                throw new IllegalArgumentException("domain: the signing domain is required, for example example.com");
            }
            if (selector == null) {
                throw new IllegalArgumentException("selector: the selector is required, for example s2026");
            }
            if (privateKey == null) {
                throw new IllegalArgumentException("privateKey: the private key is required (privateKey or privateKeyPem)");
            }
            return new DkimSigner(this, DkimKeys.algorithm(privateKey));
        }

        @Override
        public String toString() {
            return "DkimSigner.Builder{" + domain + " " + selector + (privateKey == null ? "" : " key=****") + "}";
        }
    }
}
