package dev.mailover.examples;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/** A real SMTP server (GreenMail) on 127.0.0.1, with a plain SMTP port and an implicit-TLS (SMTPS) port. */
final class SmtpServers implements AutoCloseable {

    private final GreenMail greenMail = new GreenMail(new ServerSetup[] {
            new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort(),
            new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS).dynamicPort()});

    SmtpServers() {
        greenMail.start();
    }

    /** The plain SMTP port: no TLS at all (GreenMail offers no STARTTLS). */
    int plainPort() {
        return greenMail.getSmtp().getPort();
    }

    /** The implicit-TLS port, with GreenMail's self-signed certificate. */
    int smtpsPort() {
        return greenMail.getSmtps().getPort();
    }

    GreenMail greenMail() {
        return greenMail;
    }

    @Override
    public void close() {
        greenMail.stop();
    }
}
