package dev.mailover.mime;

import java.util.Optional;

/**
 * A transport that writes MIME and may sign it with DKIM: the doctor asks it for its signer, so the
 * key published in DNS can be checked against the one that signs. Implemented by {@code SmtpMailer}
 * and {@code SesMailer}.
 */
public interface DkimSigned {
    /** The signer this transport signs with; empty when it does not sign. */
    Optional<DkimSigner> dkim();
}
