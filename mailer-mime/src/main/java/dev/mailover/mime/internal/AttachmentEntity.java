package dev.mailover.mime.internal;

import dev.mailover.Attachment;
import jakarta.activation.DataHandler;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeBodyPart;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Collections;
import java.util.List;

/**
 * An attachment or inline part, base64-encoded and read through {@link Attachment#openStream()}
 * each time the message is written, so that a file is streamed and never held in memory. Its header
 * lines (Content-Type with the name, Content-Disposition with the RFC 2231 file name, Content-ID) are
 * made once by Jakarta Mail's own header code, so they are what Jakarta Mail has always written.
 */
final class AttachmentEntity implements MimeEntity {

    private final Attachment attachment;
    private final List<String> headerLines;
    private final String contentType;

    AttachmentEntity(Attachment attachment) throws MessagingException {
        this.attachment = attachment;
        Headers part = new Headers(attachment);
        this.headerLines = part.lines();
        this.contentType = part.getContentType();
    }

    @Override
    public String contentType() {
        return contentType;
    }

    @Override
    public String transferEncoding() {
        return TransferEncoding.BASE64.headerValue();
    }

    @Override
    public List<String> headerLines() {
        return headerLines;
    }

    @Override
    public void writeBody(HeaderLineOutputStream out) throws IOException {
        OutputStream encoder = TransferEncoding.BASE64.encoder(out);
        try (InputStream in = attachment.openStream()) {
            in.transferTo(encoder);
        }
        encoder.flush();
    }

    /** Jakarta Mail's headers for the part, computed without reading its content. */
    private static final class Headers extends MimeBodyPart {
        Headers(Attachment attachment) throws MessagingException {
            setDataHandler(new DataHandler(new AttachmentDataSource(attachment)));
            setFileName(attachment.filename());
            // Set explicitly so that Jakarta Mail need not read the content to choose an encoding.
            setHeader("Content-Transfer-Encoding", TransferEncoding.BASE64.headerValue());
            if (attachment.isInline()) {
                setDisposition(Part.INLINE);
                setContentID("<" + attachment.contentId().orElseThrow() + ">");
            } else {
                setDisposition(Part.ATTACHMENT);
            }
            updateHeaders();
        }

        List<String> lines() throws MessagingException {
            return List.copyOf(Collections.list(getAllHeaderLines()));
        }
    }
}
