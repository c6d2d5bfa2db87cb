package dev.mailover.mime.internal;

import dev.mailover.mime.DkimSigner;
import java.util.Optional;

/**
 * A transport that writes MIME and may sign it: mailer-doctor asks it for its signer, so the DKIM key
 * published in DNS can be checked against the one that signs. Implemented by the SMTP and SES
 * transports. Not API.
 */
public interface DkimTransport {
    /** The signer this transport signs with; empty when it does not sign. */
    Optional<DkimSigner> dkim();
}
