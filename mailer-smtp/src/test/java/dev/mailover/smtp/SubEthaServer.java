package dev.mailover.smtp;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import org.subethamail.smtp.AuthenticationHandler;
import org.subethamail.smtp.AuthenticationHandlerFactory;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.auth.EasyAuthenticationHandlerFactory;
import org.subethamail.smtp.auth.LoginFailedException;
import org.subethamail.smtp.server.SMTPServer;

/**
 * A SubEthaSMTP server for the tests: STARTTLS with a given certificate, AUTH, and scripted
 * refusals of MAIL, RCPT and the message data with exact reply codes.
 */
final class SubEthaServer implements AutoCloseable {

    static final String USER = "app-user";
    static final String PASSWORD = "subetha-Passw0rd!";

    private final SMTPServer server;
    private final List<String> delivered = new CopyOnWriteArrayList<>();
    private volatile RejectException mailReply;
    private volatile RejectException dataReply;
    private volatile String refusedRecipientPrefix;
    private volatile RejectException recipientReply;

    private SubEthaServer(SSLContext tls, boolean offerStartTls, AuthenticationHandlerFactory auth) {
        SMTPServer.Builder b = SMTPServer.port(0).bindAddress(InetAddress.getLoopbackAddress()).hostName("localhost")
                .messageHandlerFactory(this::handler);
        if (tls != null) {
            b.enableTLS(offerStartTls).startTlsSocketFactory(tls);
            if (offerStartTls) {
                b.requireTLS();
            }
        }
        if (auth != null) {
            b.authenticationHandlerFactory(auth);
        }
        server = b.build();
        server.start();
    }

    /** STARTTLS with this certificate (required by the server), AUTH PLAIN/LOGIN with {@link #PASSWORD}. */
    static SubEthaServer startTls(SSLContext tls) {
        return new SubEthaServer(tls, true, new EasyAuthenticationHandlerFactory((user, password, ctx) -> {
            if (!USER.equals(user) || !PASSWORD.equals(password)) {
                throw new LoginFailedException("535 5.7.8 Authentication credentials invalid");
            }
        }));
    }

    /** A server that does not offer STARTTLS at all. */
    static SubEthaServer withoutStartTls() {
        return new SubEthaServer(null, false, null);
    }

    /** STARTTLS, and every AUTH answered with this reply. */
    static SubEthaServer authReplying(SSLContext tls, int code, String text) {
        return new SubEthaServer(tls, true, new AuthenticationHandlerFactory() {
            @Override
            public List<String> getAuthenticationMechanisms() {
                return List.of("PLAIN", "LOGIN");
            }

            @Override
            public AuthenticationHandler create() {
                return new AuthenticationHandler() {
                    @Override
                    public Optional<String> auth(String clientInput, MessageContext context) throws RejectException {
                        throw new RejectException(code, text);
                    }

                    @Override
                    public Object getIdentity() {
                        return null;
                    }
                };
            }
        });
    }

    int port() {
        return server.getPortAllocated();
    }

    /** The data of each accepted message. */
    List<String> delivered() {
        return delivered;
    }

    SubEthaServer refuseMail(int code, String text) {
        mailReply = new RejectException(code, text);
        return this;
    }

    SubEthaServer refuseRecipients(String prefix, int code, String text) {
        refusedRecipientPrefix = prefix;
        recipientReply = new RejectException(code, text);
        return this;
    }

    SubEthaServer refuseData(int code, String text) {
        dataReply = new RejectException(code, text);
        return this;
    }

    private MessageHandler handler(MessageContext context) {
        return new MessageHandler() {
            @Override
            public void from(String from) throws RejectException {
                if (mailReply != null) {
                    throw mailReply;
                }
            }

            @Override
            public void recipient(String recipient) throws RejectException {
                if (refusedRecipientPrefix != null && recipient.startsWith(refusedRecipientPrefix)) {
                    throw recipientReply;
                }
            }

            @Override
            public String data(InputStream data) throws RejectException, IOException {
                String text = new String(data.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                if (dataReply != null) {
                    throw dataReply;
                }
                delivered.add(text);
                return null;
            }

            @Override
            public void done() {
            }
        };
    }

    @Override
    public void close() {
        server.stop();
    }
}
