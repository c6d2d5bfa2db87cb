package dev.mailover.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import dev.mailover.Email;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Without TCP_NODELAY, the last segment of a message waits for the server's delayed ACK (Nagle):
 * about 40 ms for every message between 16 KiB and 1 MiB. Over loopback it takes milliseconds.
 * The stall hits every send, so the fastest of seven shows it whatever else the machine is doing;
 * a median would measure the machine's load as well.
 */
class NoDelayTest {

    private static final int WARM_UP = 30;
    private static final int SENDS = 15;
    /**
     * Below Linux's shortest delayed ACK (40 ms), which every send would wait for with Nagle on (42 ms
     * plain, 46 ms SMTPS before the fix), and well above a loaded machine's 100 KiB send without it.
     */
    private static final long STALL_FREE_MILLIS = 35;
    private static GreenMail greenMail;

    @BeforeAll
    static void startServer() {
        greenMail = GreenMailServers.start(0, 0);
    }

    @AfterAll
    static void stopServer() {
        greenMail.stop();
    }

    private static Email hundredKib() {
        char[] body = new char[100 * 1024];
        Arrays.fill(body, 'x');
        for (int i = 72; i < body.length; i += 74) {
            body[i] = '\n';
        }
        return Email.builder().from("sender@example.com").to("to@localhost").subject("100 KiB")
                .text(new String(body)).build();
    }

    private static long fastestMillis(SmtpMailer mailer, Email email) {
        for (int i = 0; i < WARM_UP; i++) {
            mailer.send(email); // opens the pooled connection and warms the JIT; the timed sends reuse it
        }
        long[] nanos = new long[SENDS];
        for (int i = 0; i < SENDS; i++) {
            long start = System.nanoTime();
            mailer.send(email);
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        return Duration.ofNanos(nanos[0]).toMillis();
    }

    @Test
    void everyTcpSocketTheConnectionsOpenHasNagleTurnedOff() throws Exception {
        ConnectionSockets sockets = new ConnectionSockets();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             ConnectionSockets.Binding bound = sockets.bindToThisThread();
             Socket plain = ConnectionSockets.plainFactory().createSocket();
             Socket raw = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
             Socket tls = ConnectionSockets.tlsFactory(TrustedTls.jvmDefault()::socketFactory)
                     .createSocket(raw, "localhost", server.getLocalPort(), true)) {
            plain.connect(server.getLocalSocketAddress());
            assertThat(plain.getTcpNoDelay()).as("plain SMTP and STARTTLS").isTrue();
            assertThat(raw.getTcpNoDelay()).as("the TCP socket under SMTPS").isTrue();
            assertThat(tls.getTcpNoDelay()).isTrue();
        }
    }

    @Test
    void aHundredKibMessageOverPlainSmtpTakesMillisecondsNotTheNagleStall() {
        try (SmtpMailer mailer = SmtpMailer.builder().host("localhost").port(greenMail.getSmtp().getPort())
                .security(SmtpSecurity.NONE).poolSize(1).build()) {
            assertThat(fastestMillis(mailer, hundredKib())).isLessThan(STALL_FREE_MILLIS);
        }
    }

    @Test
    void aHundredKibMessageOverSmtpsTakesMillisecondsNotTheNagleStall() {
        try (SmtpMailer mailer = SmtpMailer.builder().host("localhost").port(greenMail.getSmtps().getPort())
                .security(SmtpSecurity.SMTPS).trustedCertificates(TestCertificates.CA.certificate())
                .poolSize(1).build()) {
            assertThat(fastestMillis(mailer, hundredKib())).isLessThan(STALL_FREE_MILLIS);
        }
    }
}
