package dev.mailover.mime.internal;

import jakarta.mail.util.LineOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The line stream {@link EmailMimeMessage#writeTo} writes a message through: header lines in
 * ISO-8859-1 (ASCII after RFC 2047 encoding) or, for an SMTPUTF8 message, UTF-8, each ended by CRLF.
 * It is made here rather than taken from {@code StreamProvider.provider()}, which in
 * jakarta.mail-api 2.1 is a ServiceLoader scan of every jar on the class path on each call
 * (jakartaee/mail-api#861). Bulk writes pass straight through, unlike Angus' own LineOutputStream,
 * which inherits FilterOutputStream's byte-by-byte copy.
 */
final class HeaderLineOutputStream extends FilterOutputStream implements LineOutputStream {
    private static final byte[] CRLF = {'\r', '\n'};

    private final boolean allowUtf8;

    HeaderLineOutputStream(OutputStream out, boolean allowUtf8) {
        super(out);
        this.allowUtf8 = allowUtf8;
    }

    @Override
    public void writeln(String line) throws IOException {
        out.write(line.getBytes(allowUtf8 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1));
        out.write(CRLF);
    }

    @Override
    public void writeln() throws IOException {
        out.write(CRLF);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
    }
}
