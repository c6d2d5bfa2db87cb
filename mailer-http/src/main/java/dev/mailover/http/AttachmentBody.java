package dev.mailover.http;

import dev.mailover.Attachment;
import java.io.IOException;
import java.io.InputStream;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.BufferedSink;
import okio.Okio;
import okio.Source;

/** An attachment's bytes as a multipart part, streamed from {@link Attachment#openStream()} while it is sent. */
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
        InputStream in;
        try {
            in = attachment.openStream();
        } catch (IOException e) {
            throw new AttachmentUnreadableException(attachment.filename(), e);
        }
        try (Source source = Okio.source(in)) {
            okio.Buffer buffer = new okio.Buffer();
            while (true) {
                long read;
                try {
                    read = source.read(buffer, 64 * 1024);
                } catch (IOException e) {
                    throw new AttachmentUnreadableException(attachment.filename(), e);
                }
                if (read == -1) {
                    break;
                }
                sink.write(buffer, read);
            }
        }
    }
}
