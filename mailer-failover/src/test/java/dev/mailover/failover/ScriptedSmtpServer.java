package dev.mailover.failover;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A real SMTP server on a loopback socket, scripted per transaction, for end-to-end tests. It speaks
 * enough ESMTP for Jakarta Mail (EHLO, MAIL, RCPT, DATA with dot-stuffing, RSET, NOOP, QUIT), keeps
 * connections open for reuse, and counts every message it accepted by its Message-ID header. The
 * reply lines are the ones real servers (Postfix) send.
 */
final class ScriptedSmtpServer implements AutoCloseable {

    /** What the server does to one mail transaction. */
    enum Fault {
        /** Accept the message: 250 after the final dot. */
        NONE,
        /** Refuse the recipient: {@code 550 5.1.1 ... User unknown}. */
        REJECT_RECIPIENT,
        /** Defer the recipient as Postfix with postgrey does: {@code 450 4.2.0 ... Greylisted}. */
        GREYLIST_RECIPIENT,
        /** Refuse the transaction at MAIL FROM with Postfix's 421 and close: the service is unavailable. */
        UNAVAILABLE_AT_MAIL,
        /** Close the connection right after MAIL FROM, without a reply: the connection is lost before the message. */
        DROP_AT_MAIL,
        /** Refuse the message after the final dot with 451: nothing is delivered. */
        TEMPORARY_FAILURE_AT_DOT,
        /** Take the whole message, then close without replying to the final dot: it is delivered, the client cannot know. */
        DROP_AFTER_DOT
    }

    private final ServerSocket server;
    private final ExecutorService connections = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "scripted-smtp-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });
    private static final AtomicInteger THREADS = new AtomicInteger();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
    private final Set<String> droppedAfterDot = ConcurrentHashMap.newKeySet();
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private final AtomicInteger transactions = new AtomicInteger();
    private volatile Supplier<Fault> faults = () -> Fault.NONE;

    private ScriptedSmtpServer(ServerSocket server) {
        this.server = server;
        connections.execute(this::acceptLoop);
    }

    /** Starts on a free loopback port. */
    static ScriptedSmtpServer start() throws IOException {
        return start(0);
    }

    /** Starts on the given loopback port, for example to bring a stopped server back. */
    static ScriptedSmtpServer start(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        return new ScriptedSmtpServer(socket);
    }

    int port() {
        return server.getLocalPort();
    }

    /** Chooses the fault of each next transaction. */
    ScriptedSmtpServer faults(Supplier<Fault> faults) {
        this.faults = faults;
        return this;
    }

    ScriptedSmtpServer always(Fault fault) {
        return faults(() -> fault);
    }

    /** How many times a message with this Message-ID was accepted (dropped-after-dot ones included). */
    int received(String messageId) {
        AtomicInteger n = received.get(messageId);
        return n == null ? 0 : n.get();
    }

    /** Every message accepted, by Message-ID. */
    Map<String, AtomicInteger> received() {
        return received;
    }

    /** Message-IDs the server took in full and then dropped the connection without replying. */
    Set<String> droppedAfterDot() {
        return droppedAfterDot;
    }

    /** Mail transactions started (MAIL FROM commands seen). */
    int transactions() {
        return transactions.get();
    }

    /** Every command verb received, in order. */
    List<String> commands() {
        return commands;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                open.add(s);
                connections.execute(() -> serve(s));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setSoTimeout(30_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            OutputStream out = socket.getOutputStream();
            reply(out, "220 localhost ESMTP Postfix (scripted)");
            Fault fault = Fault.NONE;
            String line;
            while ((line = in.readLine()) != null) {
                String verb = (line.length() < 4 ? line : line.substring(0, 4)).toUpperCase(Locale.ROOT);
                commands.add(verb);
                switch (verb) {
                    case "EHLO" -> reply(out, "250-localhost\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250-8BITMIME\r\n250 SMTPUTF8");
                    case "HELO" -> reply(out, "250 localhost");
                    case "MAIL" -> {
                        transactions.incrementAndGet();
                        fault = faults.get();
                        if (fault == Fault.DROP_AT_MAIL) {
                            return;
                        }
                        if (fault == Fault.UNAVAILABLE_AT_MAIL) {
                            reply(out, "421 4.3.2 Service not available, closing transmission channel");
                            return;
                        }
                        reply(out, "250 2.1.0 Ok");
                    }
                    case "RCPT" -> {
                        String address = line.substring(line.indexOf(':') + 1).strip();
                        reply(out, switch (fault) {
                            case REJECT_RECIPIENT -> "550 5.1.1 " + address
                                    + ": Recipient address rejected: User unknown in virtual mailbox table";
                            case GREYLIST_RECIPIENT -> "450 4.2.0 " + address + ": Recipient address rejected: "
                                    + "Greylisted, see http://postgrey.schweikert.ch/help/rcpt.example.html";
                            default -> "250 2.1.5 Ok";
                        });
                    }
                    case "DATA" -> {
                        reply(out, "354 End data with <CR><LF>.<CR><LF>");
                        String messageId = readMessage(in);
                        if (fault == Fault.TEMPORARY_FAILURE_AT_DOT) {
                            reply(out, "451 4.3.0 Error: queue file write error");
                        } else {
                            received.computeIfAbsent(messageId, k -> new AtomicInteger()).incrementAndGet();
                            if (fault == Fault.DROP_AFTER_DOT) {
                                droppedAfterDot.add(messageId);
                                return;
                            }
                            reply(out, "250 2.0.0 Ok: queued as " + Integer.toHexString(messageId.hashCode()));
                        }
                        fault = Fault.NONE;
                    }
                    case "RSET" -> {
                        fault = Fault.NONE;
                        reply(out, "250 2.0.0 Ok");
                    }
                    case "NOOP" -> reply(out, "250 2.0.0 Ok");
                    case "QUIT" -> {
                        reply(out, "221 2.0.0 Bye");
                        return;
                    }
                    default -> reply(out, "502 5.5.2 Error: command not recognized");
                }
            }
        } catch (SocketException e) {
            // the client or close() closed the connection
        } catch (IOException e) {
            throw new IllegalStateException("scripted SMTP server failed", e);
        } finally {
            open.remove(socket);
        }
    }

    /** Reads DATA up to the final dot; returns the Message-ID header's value. */
    private static String readMessage(BufferedReader in) throws IOException {
        String messageId = "<none>";
        boolean headers = true;
        String line;
        while ((line = in.readLine()) != null && !line.equals(".")) {
            if (headers && line.isEmpty()) {
                headers = false;
            } else if (headers && line.regionMatches(true, 0, "Message-ID:", 0, 11)) {
                messageId = line.substring(11).strip();
            }
        }
        return messageId;
    }

    private static void reply(OutputStream out, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Stops accepting and closes every open connection, as a crashed server would. */
    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : open) {
            s.close();
        }
        connections.shutdownNow();
    }
}
