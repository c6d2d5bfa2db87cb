package dev.mailover.smtp;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives Jakarta Mail's debug output for one connection and logs the SMTP dialogue line by line
 * at debug level, on the logger {@code dev.mailover.smtp.dialogue}.
 *
 * <p>Nothing secret reaches the log: the argument of an {@code AUTH} command and every client line
 * answering a {@code 334} challenge are masked, and so is any occurrence of the configured secrets,
 * plain or base64-encoded (a server may echo them).
 * The message body between {@code 354} and the final dot is summarised as a line count rather than
 * logged. Jakarta Mail's own chatter ({@code DEBUG SMTP: …}) goes to trace level.
 */
final class SmtpDialogueLog extends OutputStream {

    static final Logger LOG = LoggerFactory.getLogger("dev.mailover.smtp.dialogue");
    private static final String MASK = "****";

    private final String prefix;
    private final Supplier<List<String>> secrets;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private boolean credentialExpected;
    private boolean inBody;
    private int bodyLines;

    SmtpDialogueLog(String endpoint, Supplier<List<String>> secrets) {
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
            line.write(b);
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
        line.reset();
        String masked = mask(text);
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
        for (String secret : secrets.get()) {
            if (secret != null && !secret.isEmpty()) {
                out = out.replace(secret, MASK).replace(
                        Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)), MASK);
            }
        }
        return out;
    }

    @Override
    public synchronized void flush() {
        // lines are logged as they complete
    }
}
