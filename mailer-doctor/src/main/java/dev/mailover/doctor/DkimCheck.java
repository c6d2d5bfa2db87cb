package dev.mailover.doctor;

import dev.mailover.Finding;
import dev.mailover.SendingPath;
import dev.mailover.mime.DkimSigner;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The DKIM keys published for the sender domain (RFC 6376, 3.6.1; RFC 8463): the configured
 * signer's selector, the selectors asked for, and those the providers in use document (SendGrid's
 * {@code s1} and {@code s2}). Each must exist once, parse, not be revoked (empty {@code p=}), be of a
 * known key type and a safe size, and, for the signer's selector, be the signer's own key.
 */
final class DkimCheck {

    static final String STEP = "DKIM";

    /** Why a selector is looked up: it decides how grave its absence is and what to publish. */
    private enum Source { SIGNER, CONFIGURED, PROVIDER }

    private record Selector(String name, Source source, String provider, String setup) {
    }

    private final Dns dns;
    private final String domain;
    private final Optional<DkimSigner> signer;
    private final Map<String, Selector> selectors = new LinkedHashMap<>();

    DkimCheck(Dns dns, String domain, List<String> configured, Optional<DkimSigner> signer, List<SendingPath> paths) {
        this.dns = dns;
        this.domain = domain;
        this.signer = signer;
        signer.ifPresent(s -> selectors.put(s.recordName(), new Selector(s.recordName(), Source.SIGNER, "", "")));
        for (String s : configured) {
            String name = s + "._domainkey." + domain;
            selectors.putIfAbsent(name, new Selector(name, Source.CONFIGURED, "", ""));
        }
        for (SendingPath p : paths) {
            for (String s : p.dkimSelectors()) {
                String name = s + "._domainkey." + domain;
                selectors.putIfAbsent(name, new Selector(name, Source.PROVIDER, p.provider(), p.dkimSetup()));
            }
        }
    }

    List<Finding> run() {
        if (selectors.isEmpty()) {
            return List.of(Finding.warn(STEP, 0, "no DKIM selector to check for " + domain,
                    "Name the selectors your mail is signed with (dkimSelectors, or --dkim-selector), or configure a"
                            + " DkimSigner; without DKIM, DMARC rests on SPF alone"));
        }
        List<Finding> findings = new ArrayList<>();
        for (Selector s : selectors.values()) {
            findings.add(check(s));
        }
        return findings;
    }

    private Finding check(Selector s) {
        Dns.TextAnswer txt = dns.txt(s.name());
        if (txt.answer().failed()) {
            return Finding.fail(STEP, 0, txt.answer().failure(), DomainProbe.DNS_HINT);
        }
        List<String> keys = txt.texts().stream().filter(t -> TagList.parse(t).get("p").isPresent()
                || t.toLowerCase(Locale.ROOT).startsWith("v=dkim1")).toList();
        if (keys.isEmpty()) {
            return missing(s);
        }
        if (keys.size() > 1) {
            return Finding.fail(STEP, 0, keys.size() + " DKIM key records at " + s.name() + ": verifiers may pick either",
                    "Keep one TXT record at " + s.name() + publish(s, ": "));
        }
        String record = keys.get(0);
        TagList tags = TagList.parse(record);
        Optional<String> problem = tags.error()
                .or(() -> tags.get("v").filter(v -> !v.equals("DKIM1") || !"v".equals(tags.firstTag().orElse("")))
                        .map(v -> "v=" + v + " must be v=DKIM1, first"));
        String type = tags.get("k").orElse("rsa").toLowerCase(Locale.ROOT);
        if (problem.isEmpty() && !type.equals("rsa") && !type.equals("ed25519")) {
            problem = Optional.of("k=" + type + " is not a DKIM key type (rsa, ed25519)");
        }
        if (problem.isEmpty() && tags.get("p").isEmpty()) {
            problem = Optional.of("it has no p= (public key)");
        }
        if (problem.isPresent()) {
            return Finding.fail(STEP, 0, "the DKIM record at " + s.name() + " is malformed: " + problem.get(),
                    "Publish a valid key record at " + s.name() + publish(s, ": "));
        }
        String p = tags.get("p").get().replaceAll("\\s+", "");
        if (p.isEmpty()) {
            return Finding.fail(STEP, 0, "the DKIM key at " + s.name() + " is revoked (empty p=): signatures with selector "
                    + selector(s) + " fail", "Sign with a selector whose key is published" + publish(s, ", or publish: "));
        }
        byte[] der;
        try {
            der = Base64.getDecoder().decode(p);
        } catch (IllegalArgumentException e) {
            return Finding.fail(STEP, 0, "the DKIM record at " + s.name() + " is malformed: p= is not base64",
                    "Publish the key exactly as generated" + publish(s, ": "));
        }
        Optional<PublicKey> key = key(type, der);
        if (key.isEmpty()) {
            return Finding.fail(STEP, 0, "the DKIM record at " + s.name() + " is malformed: p= is not a " + type + " public key",
                    "Publish the key exactly as generated" + publish(s, ": "));
        }
        String describe = type.equals("rsa") ? "RSA " + ((RSAPublicKey) key.get()).getModulus().bitLength() + "-bit key"
                : "Ed25519 key";
        if (s.source() == Source.SIGNER) {
            DkimSigner signer = this.signer.orElseThrow();
            if (signer.publicKey().isPresent() && !Arrays.equals(signer.publicKey().get().getEncoded(), key.get().getEncoded())) {
                return Finding.fail(STEP, 0, "the " + describe + " at " + s.name() + " is not the key the DkimSigner signs"
                        + " with: every signature fails", "Publish the signer's key" + publish(s, ": "));
            }
        }
        if (type.equals("rsa") && ((RSAPublicKey) key.get()).getModulus().bitLength() < 1024) {
            return Finding.fail(STEP, 0, "the " + describe + " at " + s.name() + " is too short: receivers ignore it (RFC 8301)",
                    "Sign with an RSA key of 2048 bits and publish its record");
        }
        if (tags.get("t").filter(t -> Arrays.asList(t.split(":")).contains("y")).isPresent()) {
            return Finding.warn(STEP, 0, s.name() + ": " + describe + " in testing mode (t=y): receivers may treat"
                    + " signatures as unsigned", "Remove t=y from the record once signatures verify");
        }
        if (type.equals("rsa") && ((RSAPublicKey) key.get()).getModulus().bitLength() < 2048) {
            return Finding.warn(STEP, 0, s.name() + ": " + describe + ", shorter than the 2048 bits recommended",
                    "Rotate to a 2048-bit key with a new selector");
        }
        return Finding.pass(STEP, 0, s.name() + ": " + describe
                + (s.source() == Source.SIGNER ? ", the DkimSigner's own" : s.source() == Source.PROVIDER ? " (" + s.provider() + ")" : ""));
    }

    private Finding missing(Selector s) {
        return switch (s.source()) {
            case SIGNER -> Finding.fail(STEP, 0, "no DKIM key at " + s.name() + ": receivers cannot verify what the"
                    + " DkimSigner signs", "Publish a TXT record at " + s.name() + publish(s, ": "));
            case CONFIGURED -> Finding.fail(STEP, 0, "no DKIM key at " + s.name(),
                    "Publish the public key of selector " + selector(s) + " as a TXT record at " + s.name()
                            + " (v=DKIM1; k=rsa; p=BASE64)");
            case PROVIDER -> Finding.warn(STEP, 0, "no DKIM record at " + s.name() + ", which " + s.provider()
                    + " documents: until it exists " + s.provider() + " signs with its own domain, which does not align"
                    + " with " + domain + " for DMARC", "Publish " + s.setup());
        };
    }

    /** The record to publish for the signer's selector, after {@code lead}; empty for other selectors. */
    private String publish(Selector s, String lead) {
        if (s.source() == Source.SIGNER) {
            return signer.flatMap(DkimSigner::publicKeyRecord).map(r -> lead + r).orElse("");
        }
        if (s.source() == Source.PROVIDER) {
            return lead + s.setup();
        }
        return "";
    }

    private static String selector(Selector s) {
        return s.name().substring(0, s.name().indexOf("._domainkey."));
    }

    private static Optional<PublicKey> key(String type, byte[] der) {
        try {
            if (type.equals("rsa")) {
                return Optional.of(KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der)));
            }
            if (der.length != 32) {
                return Optional.empty();
            }
            byte[] prefix = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
            byte[] spki = Arrays.copyOf(prefix, prefix.length + 32);
            System.arraycopy(der, 0, spki, prefix.length, 32);
            return Optional.of(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki)));
        } catch (GeneralSecurityException | ClassCastException e) {
            return Optional.empty();
        }
    }
}
