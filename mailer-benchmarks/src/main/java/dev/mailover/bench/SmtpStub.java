package dev.mailover.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An SMTP sink that costs less CPU per message than the client sending to it, so that a 1-thread row's
 * time ÷ CPU says whether the client waits (a stall) rather than how fast the server is. Postfix's
 * {@code smtp-sink} reads a message line by line and needs about as much CPU per 100 KiB or 1 MiB message as
 * Mailover, or more; this one reads 64 KiB at a time and only looks for the line that ends the data. It answers
 * what smtp-sink answers (EHLO with PIPELINING and 8BITMIME, MAIL, RCPT, DATA, RSET, NOOP, QUIT), keeps nothing but
 * a count of messages, and runs in a child JVM ({@link SmtpStubProcess}). One thread per connection.
 */
public final class SmtpStub implements AutoCloseable {
    private static final byte[] GREETING = reply("220 mailover-bench-stub ESMTP");
    private static final byte[] EHLO = reply("250-mailover-bench-stub\r\n250-PIPELINING\r\n250-8BITMIME\r\n"
            + "250 ENHANCEDSTATUSCODES");
    private static final byte[] HELO = reply("250 mailover-bench-stub");
    private static final byte[] MAIL = reply("250 2.1.0 Ok");
    private static final byte[] RCPT = reply("250 2.1.5 Ok");
    private static final byte[] DATA = reply("354 End data with <CR><LF>.<CR><LF>");
    private static final byte[] QUEUED = reply("250 2.0.0 Ok: queued");
    private static final byte[] OK = reply("250 2.0.0 Ok");
    private static final byte[] BYE = reply("221 2.0.0 Bye");
    private static final byte[] UNKNOWN = reply("502 5.5.2 Error: command not recognized");
    private static final byte[] TOO_LONG = reply("500 5.5.0 Error: line too long");

    private final ServerSocket server;
    private final AtomicLong received = new AtomicLong();

    SmtpStub() throws IOException {
        server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "bench-smtp-stub-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * The child JVM: prints {@code PORT n}, serves until its standard input is closed, and prints the count of
     * messages received for every line it reads there (see {@link ChildJvm}).
     */
    public static void main(String[] args) throws IOException {
        try (SmtpStub stub = new SmtpStub()) {
            ChildJvm.serve(stub.port(), stub::received);
        }
        System.exit(0);
    }

    int port() {
        return server.getLocalPort();
    }

    /** Messages whose data ended and were answered 250, so far. */
    long received() {
        return received.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread session = new Thread(() -> session(socket), "bench-smtp-stub-session");
                session.setDaemon(true);
                session.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void session(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(60_000);
            new Session(socket.getInputStream(), socket.getOutputStream()).run();
        } catch (IOException e) {
            // the client went away; nothing to count
        }
    }

    /** One connection: commands a line at a time, the data in bulk; replies are flushed when the input runs dry. */
    private final class Session {
        private final InputStream in;
        private final OutputStream out;
        private final byte[] buffer = new byte[64 * 1024];
        private int position;
        private int limit;

        Session(InputStream in, OutputStream out) {
            this.in = in;
            this.out = new BufferedOutputStream(out, 4096);
        }

        void run() throws IOException {
            send(GREETING);
            while (true) {
                String line = readLine();
                if (line == null) {
                    return;
                }
                String verb = line.length() < 4 ? line : line.substring(0, 4).toUpperCase(Locale.ROOT);
                switch (verb) {
                    case "EHLO" -> send(EHLO);
                    case "HELO" -> send(HELO);
                    case "MAIL" -> send(MAIL);
                    case "RCPT" -> send(RCPT);
                    case "DATA" -> {
                        send(DATA);
                        if (!skipData()) {
                            return;
                        }
                        received.incrementAndGet();
                        send(QUEUED);
                    }
                    case "RSET", "NOOP" -> send(OK);
                    case "QUIT" -> {
                        send(BYE);
                        return;
                    }
                    default -> send(line.length() > 512 ? TOO_LONG : UNKNOWN);
                }
            }
        }

        /** Writes a reply; sends what is written once no pipelined command waits in the buffer. */
        private void send(byte[] reply) throws IOException {
            out.write(reply);
            if (position == limit) {
                out.flush();
            }
        }

        /** The next command line without its CRLF, or null at the end of the input. */
        private String readLine() throws IOException {
            StringBuilder line = new StringBuilder();
            while (true) {
                if (position == limit && !fill()) {
                    return null;
                }
                int start = position;
                while (position < limit && buffer[position] != '\n') {
                    position++;
                }
                if (line.length() < 1024) {
                    line.append(new String(buffer, start, position - start, StandardCharsets.ISO_8859_1));
                }
                if (position < limit) {
                    position++; // the LF
                    int end = line.length();
                    return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
                }
            }
        }

        /**
         * Skips the message up to and including the line holding only a dot; false when the input ends first. The
         * data starts at a line's beginning (after DATA's CRLF). Only a LF followed by {@code .\r\n} (or the data's
         * very start) ends it; every other byte is passed over without being looked at twice.
         */
        private boolean skipData() throws IOException {
            int matched = 1; // bytes of "\n.\r\n" seen: the DATA command's LF counts as the first
            while (true) {
                if (position == limit && !fill()) {
                    return false;
                }
                while (position < limit) {
                    if (matched == 0) {
                        int at = position;
                        while (at < limit && buffer[at] != '\n') {
                            at++;
                        }
                        position = at;
                        if (at == limit) {
                            break;
                        }
                        position++;
                        matched = 1;
                        continue;
                    }
                    byte b = buffer[position++];
                    byte expected = matched == 1 ? (byte) '.' : matched == 2 ? (byte) '\r' : (byte) '\n';
                    if (b == expected) {
                        if (++matched == 4) {
                            return true;
                        }
                    } else {
                        matched = b == '\n' ? 1 : 0;
                    }
                }
            }
        }

        private boolean fill() throws IOException {
            out.flush(); // before waiting for the client, which may be waiting for a reply
            int read = in.read(buffer);
            if (read < 0) {
                return false;
            }
            position = 0;
            limit = read;
            return true;
        }
    }

    private static byte[] reply(String text) {
        return (text + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
