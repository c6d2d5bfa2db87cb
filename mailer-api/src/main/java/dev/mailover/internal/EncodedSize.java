package dev.mailover.internal;

import dev.mailover.Attachment;
import dev.mailover.Email;
import java.util.Map;

/**
 * The size of an email as it travels, estimated the one way every API transport counts it before it
 * sends anything: text (subject, bodies, header names and values, attachment names and types) as
 * UTF-8 bytes, attachments base64-encoded (4 bytes for every 3). Providers limit the encoded message,
 * so a 25 MB file does not fit a 25 MB limit. Nothing is copied to count it: text is measured in
 * place, and attachment files are sized without being read. Not API.
 */
public final class EncodedSize {

    /** Room for the colon, space and line end of each header line. */
    private static final int HEADER_LINE = 4;

    private EncodedSize() {
    }

    /**
     * The email's size once encoded.
     *
     * @param transport the transport's name, for the failure
     * @throws dev.mailover.MailException MESSAGE_REJECTED naming an attachment file that can no longer be read
     */
    public static long of(Email email, String transport) {
        long size = Utf8.length(email.subject()) + Utf8.length(email.text().orElse("")) + Utf8.length(email.html().orElse(""));
        for (Map.Entry<String, String> h : email.headers().entrySet()) {
            size += Utf8.length(h.getKey()) + Utf8.length(h.getValue()) + HEADER_LINE;
        }
        for (Attachment a : email.attachments()) {
            size += base64(UnreadableAttachmentException.sizeOf(a, transport)) + Utf8.length(a.filename()) + Utf8.length(a.contentType());
        }
        return size;
    }

    /** How many bytes {@code bytes} of content take in base64, without line breaks. */
    public static long base64(long bytes) {
        return (bytes + 2) / 3 * 4;
    }
}
