package dev.mailover.mime;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import org.apache.james.jdkim.DKIMVerifier;
import org.apache.james.jdkim.api.SignatureRecord;
import org.apache.james.jdkim.exceptions.FailException;
import org.apache.james.jdkim.exceptions.PermFailException;

/**
 * Apache James jDKIM's verifier with the DNS replaced by the records given: an RFC 6376 verifier
 * written by other people than the signer, so a passing test means the signature is what receivers see.
 */
final class JdkimVerifier {

    private final Map<String, String> records;

    /** Records by name, for example {@code s2026._domainkey.example.com -> v=DKIM1; k=rsa; p=…}. */
    JdkimVerifier(Map<String, String> records) {
        this.records = Map.copyOf(records);
    }

    /** The verified signatures; throws when none verifies. */
    List<SignatureRecord> verify(byte[] message) throws Exception {
        DKIMVerifier verifier = new DKIMVerifier((method, selector, domain) -> {
            String record = records.get(selector + "._domainkey." + domain);
            if (record == null) {
                throw new PermFailException("no key for " + selector + "._domainkey." + domain);
            }
            return List.of(record);
        });
        return verifier.verify(new ByteArrayInputStream(message));
    }

    /** True when jDKIM verifies the message. */
    boolean verifies(byte[] message) {
        try {
            return !verify(message).isEmpty();
        } catch (FailException e) {
            return false;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
