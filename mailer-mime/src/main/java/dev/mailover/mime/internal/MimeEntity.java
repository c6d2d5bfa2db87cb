package dev.mailover.mime.internal;

import java.io.IOException;
import java.util.List;

/**
 * One MIME entity of a message as Mailover writes it: its header lines and its body, already in its
 * transfer encoding. Writing needs no content handler, no encoding scan and no provider lookup: each
 * entity knows its type and encoding when it is made. Immutable; written as often as the message is.
 */
interface MimeEntity {

    /** The value of the Content-Type header, folded as Jakarta Mail folds it. */
    String contentType();

    /** The value of the Content-Transfer-Encoding header; null for a multipart. */
    String transferEncoding();

    /** The header lines of this entity inside a multipart, Content-Type first, without line ends. */
    List<String> headerLines();

    /** Writes the body (after the blank line that ends the headers), without flushing {@code out}. */
    void writeBody(HeaderLineOutputStream out) throws IOException;
}
