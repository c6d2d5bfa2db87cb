package dev.mailover.smtp;

import jakarta.mail.MessagingException;

/**
 * Thrown before MAIL FROM when an address has a non-ASCII local part (such as {@code josé@example.test})
 * and the server does not offer SMTPUTF8 (RFC 6531). Without it the address cannot be written at all:
 * sending it anyway would mangle it.
 */
final class ServerLacksSmtpUtf8Exception extends MessagingException {

    private static final long serialVersionUID = 1L;

    private final String address;

    ServerLacksSmtpUtf8Exception(String address) {
        super("the server does not offer SMTPUTF8, which the address " + address + " needs");
        this.address = address;
    }

    /** The first address that needs SMTPUTF8. */
    String address() {
        return address;
    }
}
