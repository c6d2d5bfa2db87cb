package dev.mailover.smtp;

import jakarta.mail.MessagingException;

/** Thrown when the password is empty, or the OAuth2 token supplier returned nothing or failed. */
final class MissingSecretException extends MessagingException {

    private static final long serialVersionUID = 1L;

    MissingSecretException(boolean oauth2) {
        super(oauth2 ? "the OAuth2 token supplier returned no token" : "the password is empty");
    }

    MissingSecretException(RuntimeException supplierFailure) {
        super("the OAuth2 token supplier failed: " + supplierFailure, supplierFailure);
    }
}
