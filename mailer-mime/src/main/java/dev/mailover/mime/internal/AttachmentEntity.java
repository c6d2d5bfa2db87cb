package dev.mailover.mime.internal;

import dev.mailover.Attachment;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.internet.ContentDisposition;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.ParameterList;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Collections;
import java.util.List;

/**
 * An attachment or inline part, base64-encoded and read through {@link Attachment#openStream()}
 * each time the message is written, so that a file is streamed and never held in memory. Its header
 * lines (Content-Type with the name, Content-Disposition with the RFC 2231 file name, Content-ID) are
 * made once with Jakarta Mail's own header classes, in the steps {@code MimeBodyPart.setFileName},
 * {@code setDisposition} and {@code updateHeaders} take, so they are what Jakarta Mail has always
 * written; but no {@code MimeBodyPart} is made, whose constructor scans the class path for a
 * {@code StreamProvider} each time.
 */
final class AttachmentEntity implements MimeEntity {

    private final Attachment attachment;
    private final List<String> headerLines;
    private final String contentType;

    AttachmentEntity(Attachment attachment) throws MessagingException {
        this.attachment = attachment;
        InternetHeaders headers = headers(attachment);
        this.headerLines = List.copyOf(Collections.list(headers.getAllHeaderLines()));
        this.contentType = headers.getHeader("Content-Type", null);
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

    /** Jakarta Mail's headers for the part (in its order of headers), computed without reading the content. */
    private static InternetHeaders headers(Attachment attachment) throws MessagingException {
        String charset = "UTF-8"; // not the platform's default, which a POSIX locale makes US-ASCII
        InternetHeaders headers = new InternetHeaders();
        ContentDisposition disposition = new ContentDisposition(attachment.isInline() ? Part.INLINE : Part.ATTACHMENT);
        ParameterList dispositionParameters = new ParameterList();
        dispositionParameters.set("filename", attachment.filename(), charset);
        disposition.setParameterList(dispositionParameters);
        headers.setHeader("Content-Disposition", disposition.toString());
        headers.setHeader("Content-Transfer-Encoding", TransferEncoding.BASE64.headerValue());
        attachment.contentId().filter(id -> attachment.isInline())
                .ifPresent(id -> headers.setHeader("Content-ID", "<" + id + ">"));
        ContentType type = new ContentType(attachment.contentType());
        if (type.match("text/*") && type.getParameter("charset") == null) {
            type.setParameter("charset", charset); // as Jakarta Mail's updateHeaders does for a text part that is not 7bit
        }
        ParameterList typeParameters = type.getParameterList();
        if (typeParameters == null) {
            typeParameters = new ParameterList();
            type.setParameterList(typeParameters);
        }
        typeParameters.set("name", attachment.filename(), charset); // for old mail readers, as Jakarta Mail does
        headers.setHeader("Content-Type", type.toString());
        return headers;
    }
}
