package dev.mailover.outbox;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.mailover.smtp.SmtpMailer;
import dev.mailover.smtp.SmtpSecurity;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A real SMTP server in the JVM (GreenMail, plain SMTP on loopback) and the SmtpMailer that the tests relay through. */
final class SmtpSink implements AutoCloseable {

    private final GreenMail greenMail;

    private SmtpSink(int port) {
        ServerSetup setup = new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        greenMail = new GreenMail(port == 0 ? setup.dynamicPort() : setup);
        greenMail.start();
    }

    /** Starts on a free port. */
    static SmtpSink start() {
        return new SmtpSink(0);
    }

    /** Starts on this port (to play a server that comes back). */
    static SmtpSink start(int port) {
        return new SmtpSink(port);
    }

    int port() {
        return greenMail.getSmtp().getPort();
    }

    /** An SmtpMailer to a loopback server on {@code port}, with short timeouts. */
    static SmtpMailer mailer(int port) {
        return SmtpMailer.builder().host("127.0.0.1").port(port).security(SmtpSecurity.NONE)
                .connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(10)).poolSize(2).build();
    }

    SmtpMailer mailer() {
        return mailer(port());
    }

    List<MimeMessage> messages() {
        return List.of(greenMail.getReceivedMessages());
    }

    /** How many times each Message-ID arrived. */
    Map<String, Integer> arrivals() {
        Map<String, Integer> counts = new TreeMap<>();
        for (String id : messageIds()) {
            counts.merge(id, 1, Integer::sum);
        }
        return counts;
    }

    List<String> messageIds() {
        List<String> ids = new ArrayList<>();
        for (MimeMessage m : greenMail.getReceivedMessages()) {
            try {
                ids.add(m.getMessageID());
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }
        return ids;
    }

    @Override
    public void close() {
        greenMail.stop();
    }
}
