package dev.mailover.smtp;

/**
 * Where in the SMTP conversation a connection is. The classifier uses it to tell, for example, a
 * greeting timeout from a read timeout after the final dot (which may mean the message was
 * delivered).
 */
enum SmtpPhase {
    /** Opening the TCP connection (and, for SMTPS, the TLS handshake). */
    CONNECT("connecting"),
    /** Waiting for the server's 220 greeting. */
    GREETING("waiting for the greeting"),
    /** EHLO or HELO. */
    EHLO("at EHLO"),
    /** STARTTLS and its handshake. */
    STARTTLS("at STARTTLS"),
    /** AUTH. */
    AUTH("at AUTH"),
    /**
     * Checking the message against what the server announced in EHLO (SIZE, SMTPUTF8), before MAIL
     * FROM: a failure here sent nothing.
     */
    CHECK("before MAIL FROM"),
    /** MAIL FROM. */
    MAIL("at MAIL FROM"),
    /** RCPT TO. */
    RCPT("at RCPT TO"),
    /** The DATA command, before the server's 354. */
    DATA("at DATA"),
    /** Writing the message after the server's 354. */
    MESSAGE("while sending the message"),
    /** After the final dot, waiting for the server to accept the message. */
    DOT("after the final dot"),
    /** Between messages (NOOP, RSET, QUIT). */
    IDLE("between messages"),
    /** Turning the email into a MIME message, before any connection (an attachment file that is gone). */
    BUILD("before connecting");

    private final String description;

    SmtpPhase(String description) {
        this.description = description;
    }

    /** For example "at RCPT TO". */
    String description() {
        return description;
    }

    /** The phase a client command starts, or null for commands that do not change it. */
    static SmtpPhase ofCommand(String command) {
        String verb = command.length() >= 4 ? command.substring(0, 4).toUpperCase(java.util.Locale.ROOT) : command;
        switch (verb) {
            case "EHLO": case "HELO": return EHLO;
            case "STAR": return STARTTLS;
            case "AUTH": return AUTH;
            case "MAIL": return MAIL;
            case "RCPT": return RCPT;
            case "DATA": return DATA;
            case "NOOP": case "QUIT": return IDLE;
            default: return ".".equals(command) ? DOT : null;
        }
    }
}
