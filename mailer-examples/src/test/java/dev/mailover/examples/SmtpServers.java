package dev.mailover.examples;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/** A real SMTP server (GreenMail) on 127.0.0.1, plain SMTP only: GreenMail offers no STARTTLS. */
final class SmtpServers implements AutoCloseable {

    private final GreenMail greenMail;

    SmtpServers() {
        ServerSetup setup = new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort();
        // Generous: on a loaded CI machine the default 2 s startup budget is not always enough.
        setup.setServerStartupTimeout(15_000);
        greenMail = new GreenMail(setup);
        greenMail.start();
    }

    /** The plain SMTP port. */
    int plainPort() {
        return greenMail.getSmtp().getPort();
    }

    GreenMail greenMail() {
        return greenMail;
    }

    @Override
    public void close() {
        greenMail.stop();
    }
}
