package dev.mailover.smtp;

import jakarta.mail.MessagingException;

/**
 * Thrown before MAIL FROM when the message is larger than the SIZE the server announced in its EHLO
 * reply (RFC 1870): the server would refuse it after the upload, so nothing is uploaded.
 */
final class MessageTooLargeException extends MessagingException {

    private static final long serialVersionUID = 1L;

    private final long size;
    private final long limit;

    MessageTooLargeException(long size, long limit) {
        super("the message is " + size + " bytes, over the server's SIZE limit of " + limit + " bytes");
        this.size = size;
        this.limit = limit;
    }

    /** The message's size in bytes, as it would go over the wire (CRLF line ends, before dot-stuffing). */
    long size() {
        return size;
    }

    /** The server's limit in bytes. */
    long limit() {
        return limit;
    }
}
