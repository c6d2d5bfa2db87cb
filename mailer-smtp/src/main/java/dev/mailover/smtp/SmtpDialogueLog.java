package dev.mailover.smtp;

import dev.mailover.internal.Secrets;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives Jakarta Mail's debug output for one connection and logs the SMTP dialogue line by line
 * at debug level, on the logger {@code dev.mailover.smtp.dialogue}.
 *
 * <p>Nothing secret reaches the log: the argument of an {@code AUTH} command and every client line
 * answering a {@code 334} challenge are masked, and every line goes through {@link Secrets}, the one
 * masking mechanism, which hides the configured secrets in every form they travel in, also inside an
 * AUTH PLAIN, LOGIN or XOAUTH2 blob that a server echoes back.
 * The message body between {@code 354} and the final dot is summarised as a line count rather than
 * logged. Jakarta Mail's own chatter ({@code DEBUG SMTP: …}) goes to trace level. A line longer than
 * {@value #MAX_LINE} characters is cut, saying how much was left out, so that a hostile server's
 * 10 MB reply line is not a 10 MB log line.
 */
final class SmtpDialogueLog extends OutputStream {

    static final Logger LOG = LoggerFactory.getLogger("dev.mailover.smtp.dialogue");
    /** The longest line logged, in characters. */
    static final int MAX_LINE = 1000;
    /**
     * Bytes of a line kept for masking; beyond, they are only counted. Twice the logged length, so that
     * a secret the limit cuts through is still recognised and masked.
     */
    private static final int KEPT_BYTES = 2 * MAX_LINE;
    private static final String MASK = Secrets.MASK;

    private final String prefix;
    private final Supplier<Secrets> secrets;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private long droppedBytes;
    private boolean credentialExpected;
    private boolean inBody;
    private int bodyLines;

    SmtpDialogueLog(String endpoint, Supplier<Secrets> secrets) {
        this.prefix = "[" + endpoint + "] ";
        this.secrets = secrets;
    }

    /** A print stream over this log, to hand to {@code Session.setDebugOut}. */
    PrintStream printStream() {
        return new PrintStream(this, true, StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void write(int b) {
        if (b == '\n') {
            flushLine();
        } else if (b != '\r') {
            if (line.size() < KEPT_BYTES) {
                line.write(b);
            } else {
                droppedBytes++;
            }
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            write(b[i]);
        }
    }

    private void flushLine() {
        String text = line.toString(StandardCharsets.UTF_8);
        long dropped = droppedBytes;
        line.reset();
        droppedBytes = 0;
        String masked = mask(text);
        if (masked != null && (masked.length() > MAX_LINE || dropped > 0)) {
            int cut = Math.min(masked.length(), MAX_LINE);
            masked = masked.substring(0, cut) + "… (line cut: " + (masked.length() - cut + dropped) + " more characters)";
        }
        if (masked == null) {
            return;
        }
        if (masked.startsWith("DEBUG")) {
            LOG.trace("{}{}", prefix, masked);
        } else {
            LOG.debug("{}{}", prefix, masked);
        }
    }

    /** Returns the line to log, masked, or null when it is part of a message body. */
    String mask(String text) {
        if (inBody) {
            if (text.equals(".")) {
                inBody = false;
                return "[message body: " + bodyLines + " lines]";
            }
            bodyLines++;
            return null;
        }
        String out = text;
        boolean serverReply = out.length() >= 3 && Character.isDigit(out.charAt(0))
                && Character.isDigit(out.charAt(1)) && Character.isDigit(out.charAt(2))
                && (out.length() == 3 || out.charAt(3) == ' ' || out.charAt(3) == '-');
        if (serverReply) {
            credentialExpected = out.startsWith("334");
            if (out.startsWith("354")) {
                inBody = true;
                bodyLines = 0;
            }
        } else if (out.toUpperCase(Locale.ROOT).startsWith("AUTH ")) {
            int mechanismEnd = out.indexOf(' ', 5);
            if (mechanismEnd > 0) {
                out = out.substring(0, mechanismEnd) + " " + MASK;
            }
        } else if (credentialExpected && !out.startsWith("DEBUG")) {
            credentialExpected = false;
            out = MASK;
        }
        return secrets.get().mask(out);
    }

    @Override
    public synchronized void flush() {
        // lines are logged as they complete
    }
}
