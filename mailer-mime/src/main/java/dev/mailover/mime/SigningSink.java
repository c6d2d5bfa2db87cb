package dev.mailover.mime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The first pass of signing: takes the whole message as it is written, keeps its header section
 * (small) and hashes its body as it streams past ({@link RelaxedBody}), so an attachment of any size
 * is never held.
 */
final class SigningSink extends OutputStream {

    /** Header sections longer than this are not a message Mailover wrote. */
    private static final int MAX_HEADER_BYTES = 1024 * 1024;

    private final ByteArrayOutputStream header = new ByteArrayOutputStream(2048);
    private final RelaxedBody body;
    private boolean inBody;
    private int lineLength;

    SigningSink(RelaxedBody body) {
        this.body = body;
    }

    @Override
    public void write(int b) throws IOException {
        if (inBody) {
            body.write(b);
            return;
        }
        if (b == '\n') {
            if (lineLength == 0) {
                inBody = true;
                return;
            }
            lineLength = 0;
        } else if (b != '\r') {
            lineLength++;
        }
        if (header.size() >= MAX_HEADER_BYTES) {
            throw new IOException("the message's header section is longer than " + MAX_HEADER_BYTES + " bytes");
        }
        header.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        int i = off;
        int end = off + len;
        while (i < end && !inBody) {
            write(b[i++] & 0xff);
        }
        if (i < end) {
            body.write(b, i, end - i);
        }
    }

    /** The header section, without the empty line that ends it. */
    HeaderFields headers() {
        return HeaderFields.parse(header.toByteArray());
    }

    byte[] bodyHash() {
        return body.hash();
    }
}
