package dev.mailover.mime;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a signed message with CRLF line ends only, and a final CRLF, as SMTP sends it: a bare CR or
 * LF becomes CRLF. Then every verifier, whichever way it reads line ends, sees the bytes the body
 * hash was computed over ({@link RelaxedBody} reads line ends the same way).
 */
final class CrlfLines extends FilterOutputStream {

    private int last = '\n';

    CrlfLines(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        if (b == '\n' && last != '\r') {
            out.write('\r');
        } else if (last == '\r' && b != '\n') {
            out.write('\n');
        }
        out.write(b);
        last = b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        int run = off;
        for (int i = off; i < off + len; i++) {
            int c = b[i] & 0xff;
            boolean bareLf = c == '\n' && last != '\r';
            boolean bareCr = last == '\r' && c != '\n';
            if (bareLf || bareCr) {
                out.write(b, run, i - run);
                out.write(bareLf ? '\r' : '\n');
                run = i;
            }
            last = c;
        }
        out.write(b, run, off + len - run);
    }

    /** Ends the last line when the message did not. */
    void finish() throws IOException {
        if (last == '\r') {
            out.write('\n');
        } else if (last != '\n') {
            out.write('\r');
            out.write('\n');
        }
        last = '\n';
        out.flush();
    }
}
