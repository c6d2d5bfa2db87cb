package dev.mailover.smtp;

import java.io.IOException;

/** Thrown when a server sends more than any SMTP reply holds without being asked; see {@link ReplyLimitingSocket}. */
final class ReplyTooLongException extends IOException {

    private static final long serialVersionUID = 1L;

    ReplyTooLongException(int limit) {
        super("the server sent more than " + (limit >> 20) + " MiB without a command in between, far more "
                + "than any SMTP reply; the connection was closed");
    }
}
