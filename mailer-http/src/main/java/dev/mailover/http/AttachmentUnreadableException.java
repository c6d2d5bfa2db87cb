package dev.mailover.http;

import java.io.IOException;

/**
 * An attachment's content could not be read while the request body was written: a problem with the
 * message (a file that vanished), not with the network.
 */
final class AttachmentUnreadableException extends IOException {

    private static final long serialVersionUID = 1L;

    AttachmentUnreadableException(String filename, IOException cause) {
        super("attachment '" + filename + "' could not be read: " + cause.getMessage(), cause);
    }
}
