package dev.mailover.smtp;

import jakarta.mail.MessagingException;

/**
 * Thrown when credentials are configured but the server does not offer AUTH. Jakarta Mail would
 * silently continue unauthenticated; Mailover refuses, because the send would then fail later with
 * a less helpful reply, or relay without the identity the user meant to use.
 */
final class ServerLacksAuthException extends MessagingException {

    private static final long serialVersionUID = 1L;

    ServerLacksAuthException(String capabilities) {
        super("the server does not offer AUTH (capabilities: " + capabilities + ")");
    }
}
