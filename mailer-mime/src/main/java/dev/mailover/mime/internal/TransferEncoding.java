package dev.mailover.mime.internal;

import jakarta.mail.util.StreamProvider;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The Content-Transfer-Encoding of a part Mailover writes, chosen by the rule Jakarta Mail's
 * {@code MimeUtility.getEncoding} applies to text, so that the wire stays what it was: all ASCII
 * with no line over 998 bytes is {@code 7bit}, mostly ASCII (or a long line) is
 * {@code quoted-printable}, mostly non-ASCII is {@code base64}. The choice is made in one pass over
 * the characters, counting the bytes UTF-8 would give, without encoding anything; text of printable
 * ASCII, tabs and line breaks (most bodies) takes a cheaper pass that only measures the lines.
 *
 * <p>The encoders are Angus' own, from a {@link StreamProvider} looked up once per class loader:
 * {@code StreamProvider.provider()} is a ServiceLoader scan of the class path on every call.
 */
enum TransferEncoding {
    SEVEN_BIT("7bit"),
    QUOTED_PRINTABLE("quoted-printable"),
    BASE64("base64");

    /** RFC 5322 section 2.1.1: at most 998 octets on a line, without CRLF. */
    private static final int MAX_LINE = 998;

    private final String headerValue;

    TransferEncoding(String headerValue) {
        this.headerValue = headerValue;
    }

    /** The value of the Content-Transfer-Encoding header. */
    String headerValue() {
        return headerValue;
    }

    /**
     * The encoding of {@code text} written as UTF-8. Counts as non-ASCII every byte of a non-ASCII
     * character, DEL, and control characters other than CR, LF and tab, as Jakarta Mail does; a lone
     * surrogate is written as {@code ?}, one ASCII byte.
     */
    static TransferEncoding of(String text) {
        int n = text.length();
        int lineStart = 0;
        boolean longLine = false;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if ((c >= 0x20 && c < 0x7f) || c == '\t') {
                continue;
            }
            if (c != '\r' && c != '\n') {
                return counted(text);
            }
            longLine |= i - lineStart > MAX_LINE;
            lineStart = i + 1;
        }
        longLine |= n - lineStart > MAX_LINE;
        return longLine ? QUOTED_PRINTABLE : SEVEN_BIT;
    }

    /** The general rule, for text with a character other than printable ASCII, tab, CR and LF. */
    private static TransferEncoding counted(String text) {
        long ascii = 0;
        long nonAscii = 0;
        int lineLength = 0;
        boolean longLine = false;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n') {
                lineLength = 0;
                ascii++;
                continue;
            }
            if (++lineLength > MAX_LINE) {
                longLine = true;
            }
            if (c < 0x80) {
                if (c == 0x7f || (c < 0x20 && c != '\t')) {
                    nonAscii++;
                } else {
                    ascii++;
                }
            } else if (c < 0x800) {
                nonAscii += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                nonAscii += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                ascii++;
            } else {
                nonAscii += 3;
            }
        }
        if (nonAscii == 0) {
            return longLine ? QUOTED_PRINTABLE : SEVEN_BIT;
        }
        return ascii > nonAscii ? QUOTED_PRINTABLE : BASE64;
    }

    /**
     * A stream that encodes what is written to it onto {@code out}. Flushing it writes what the
     * encoder holds (base64's last group, quoted-printable's pending space) but does not flush
     * {@code out}, so that a message's parts do not each cost a system call; closing it does not
     * close {@code out}.
     */
    OutputStream encoder(OutputStream out) {
        OutputStream kept = new Unflushed(out);
        switch (this) {
            case QUOTED_PRINTABLE:
                return Streams.PROVIDER.outputQP(kept);
            case BASE64:
                return Streams.PROVIDER.outputBase64(kept);
            default:
                return kept;
        }
    }

    /** Looked up on first use only. */
    private static final class Streams {
        static final StreamProvider PROVIDER = StreamProvider.provider();
    }

    /** Passes writes through, but neither flushes nor closes the stream under it. */
    private static final class Unflushed extends FilterOutputStream {
        Unflushed(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
