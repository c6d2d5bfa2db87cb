package dev.mailover.mime;

import java.io.OutputStream;
import java.security.MessageDigest;

/**
 * Hashes a message body as DKIM's "relaxed" body canonicalisation has it (RFC 6376, 3.4.4), as the
 * bytes stream past: whitespace runs become one space, whitespace at line ends goes, empty lines at
 * the end go, and a non-empty body ends with exactly one CRLF. A bare CR or LF counts as a line end,
 * as SMTP's CRLF stream sends it. Holds no more than a few counters, whatever the body's size.
 */
final class RelaxedBody extends OutputStream {

    private static final byte[] CRLF = {'\r', '\n'};

    private final MessageDigest digest;
    private final byte[] buffer = new byte[8192];
    private int buffered;
    /** Line ends seen but not yet hashed: they are hashed only if content follows them. */
    private long pendingLineEnds;
    private boolean pendingSpace;
    private boolean lastWasCr;
    private boolean anyContent;
    private boolean finished;

    RelaxedBody(MessageDigest digest) {
        this.digest = digest;
    }

    @Override
    public void write(int b) {
        if (lastWasCr) {
            lastWasCr = false;
            if (b == '\n') {
                return;
            }
        }
        switch (b) {
            case '\r' -> {
                lastWasCr = true;
                endLine();
            }
            case '\n' -> endLine();
            case ' ', '\t' -> pendingSpace = true;
            default -> content((byte) b);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            write(b[i] & 0xff);
        }
    }

    private void endLine() {
        pendingSpace = false;
        pendingLineEnds++;
    }

    private void content(byte b) {
        for (; pendingLineEnds > 0; pendingLineEnds--) {
            put(CRLF[0]);
            put(CRLF[1]);
        }
        if (pendingSpace) {
            put((byte) ' ');
            pendingSpace = false;
        }
        put(b);
        anyContent = true;
    }

    private void put(byte b) {
        if (buffered == buffer.length) {
            digest.update(buffer, 0, buffered);
            buffered = 0;
        }
        buffer[buffered++] = b;
    }

    /** The body hash; the body's last line gets its CRLF here. Call once, after the whole body. */
    byte[] hash() {
        if (!finished) {
            finished = true;
            if (anyContent) {
                put(CRLF[0]);
                put(CRLF[1]);
            }
            digest.update(buffer, 0, buffered);
            buffered = 0;
        }
        return digest.digest();
    }
}
