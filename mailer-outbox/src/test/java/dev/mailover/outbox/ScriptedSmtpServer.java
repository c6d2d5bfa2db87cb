package dev.mailover.outbox;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * An SMTP server that answers with exact, scripted replies, for the faults GreenMail cannot play: the greeting of
 * each connection in turn (the last one repeats), a reply to RCPT chosen per recipient, and a pause before the
 * reply to the final dot. Everything else it answers as Postfix would, and it records every accepted message.
 */
final class ScriptedSmtpServer implements AutoCloseable {

    private final ServerSocket server;
    private final List<String> greetings;
    private final UnaryOperator<String> rcptReply;
    private final long dotPauseMillis;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<String> messages = new CopyOnWriteArrayList<>();

    /**
     * @param greetings the greeting of the first, second, … connection; the last one repeats
     * @param rcptReply the reply to {@code RCPT TO:<address>}, given the address
     * @param dotPauseMillis how long to wait before answering the final dot (a slow server)
     */
    ScriptedSmtpServer(List<String> greetings, UnaryOperator<String> rcptReply, long dotPauseMillis) throws IOException {
        this.greetings = List.copyOf(greetings);
        this.rcptReply = rcptReply;
        this.dotPauseMillis = dotPauseMillis;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        Thread acceptor = new Thread(this::accept, "scripted-smtp-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static String postfixGreeting() {
        return "220 mail.example.test ESMTP Postfix (Debian/GNU)";
    }

    int port() {
        return server.getLocalPort();
    }

    int connections() {
        return connections.get();
    }

    /** The data of every message whose final dot was answered with 250. */
    List<String> messages() {
        return messages;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                int n = connections.getAndIncrement();
                Thread t = new Thread(() -> serve(s, greetings.get(Math.min(n, greetings.size() - 1))),
                        "scripted-smtp-conn-" + n);
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket, String greeting) {
        try (Socket s = socket) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
            OutputStream out = s.getOutputStream();
            reply(out, greeting);
            if (!greeting.startsWith("220")) {
                return; // a 421 greeting closes the connection, as Postfix does
            }
            String line;
            while ((line = in.readLine()) != null) {
                String verb = line.length() < 4 ? line : line.substring(0, 4).toUpperCase(Locale.ROOT);
                switch (verb) {
                    case "EHLO" -> reply(out, "250-mail.example.test\r\n250-PIPELINING\r\n250-8BITMIME\r\n250 SMTPUTF8");
                    case "HELO" -> reply(out, "250 mail.example.test");
                    case "MAIL" -> reply(out, "250 2.1.0 Ok");
                    case "RCPT" -> reply(out, rcptReply.apply(line.substring(line.indexOf('<') + 1, line.lastIndexOf('>'))));
                    case "DATA" -> {
                        reply(out, "354 End data with <CR><LF>.<CR><LF>");
                        StringBuilder data = new StringBuilder();
                        String l;
                        while ((l = in.readLine()) != null && !l.equals(".")) {
                            data.append(l).append("\r\n");
                        }
                        if (dotPauseMillis > 0) {
                            Thread.sleep(dotPauseMillis);
                        }
                        messages.add(data.toString());
                        reply(out, "250 2.0.0 Ok: queued as " + Integer.toHexString(messages.size()));
                    }
                    case "RSET", "NOOP" -> reply(out, "250 2.0.0 Ok");
                    case "QUIT" -> {
                        reply(out, "221 2.0.0 Bye");
                        return;
                    }
                    default -> reply(out, "502 5.5.2 Error: command not recognized");
                }
            }
        } catch (IOException e) {
            // the client went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void reply(OutputStream out, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
