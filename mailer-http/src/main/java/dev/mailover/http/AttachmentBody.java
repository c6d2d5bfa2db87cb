package dev.mailover.http;

import dev.mailover.Attachment;
import java.io.IOException;
import java.io.InputStream;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.BufferedSink;

/**
 * An attachment's bytes as a multipart part, streamed from {@link Attachment#openStream()} while it is
 * sent; a file that cannot be read, or changes, fails the upload (see {@link AttachmentStream}).
 */
final class AttachmentBody extends RequestBody {

    private final Attachment attachment;

    AttachmentBody(Attachment attachment) {
        this.attachment = attachment;
    }

    @Override
    public MediaType contentType() {
        return MediaType.parse(attachment.contentType());
    }

    @Override
    public long contentLength() {
        return -1; // the file may change size; streamed rather than trusted
    }

    @Override
    public boolean isOneShot() {
        return true;
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
        BatchingBodyStream body = new BatchingBodyStream(sink);
        try (InputStream content = AttachmentStream.open(attachment)) {
            content.transferTo(body);
        }
        body.close(); // not on a failure: the upload is aborted
    }
}
