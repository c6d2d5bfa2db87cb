package dev.mailover.smtp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A small SMTP server for exact faults: it answers each command with a scripted reply, drops the
 * connection, or never answers. Verbs are EHLO, HELO, STARTTLS, AUTH, MAIL, RCPT, DATA (the 354 step),
 * DOT (the reply after the final dot), NOOP, RSET, QUIT, and GREETING for the 220 line. Each can
 * have a list of replies used in turn per connection (the last one repeats). It keeps the bytes it
 * received exactly ({@link #rawCommands()}), so a test can see how a non-ASCII address went out.
 */
final class ScriptedSmtpServer implements AutoCloseable {

    /** Close the connection instead of replying. */
    static final String DROP = "<drop>";
    /** Appended to a reply: send it, then close the connection (a server timing out an idle client). */
    static final String THEN_DROP = "<then-drop>";
    /** Never reply (the client's read times out). */
    static final String HANG = "<hang>";
    /** Appended to a reply: send it, then neither read nor reply again (the client's writes stall). */
    static final String THEN_HANG = "<then-hang>";
    /**
     * Appended to a reply code ({@code "250" + TRICKLE}): an endless multi-line reply of that code, sent
     * one byte at a time, each well within the client's read timeout (a tarpit).
     */
    static final String TRICKLE = "<trickle>";
    /** Appended to a reply code ({@code "220" + FLOOD}): one endless reply line, sent as fast as the client reads. */
    static final String FLOOD = "<flood>";
    /** Inside a reply: replaced by the last line the client sent (a server echoing the AUTH argument). */
    static final String ECHO = "<echo>";
    /** Pause between two trickled bytes. */
    static final Duration TRICKLE_PAUSE = Duration.ofMillis(50);

    private final ServerSocket server;
    private final Map<String, List<String>> replies = new HashMap<>();
    private final SSLContext startTls;
    private final boolean implicitTls;
    private final String password;
    private final List<String> capabilities;
    private final List<Socket> clients = new CopyOnWriteArrayList<>();
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final List<String> unfinished = new CopyOnWriteArrayList<>();
    private final Map<String, Runnable> before = new HashMap<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicLong flooded = new AtomicLong();
    /** The last line the client sent on the connection this thread serves, for {@link #ECHO}. */
    private final ThreadLocal<String> lastLine = new ThreadLocal<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread acceptor;

    private ScriptedSmtpServer(Builder b) throws IOException {
        this.startTls = b.startTls;
        this.implicitTls = b.implicitTls != null;
        this.password = b.password;
        this.capabilities = b.capabilities;
        this.replies.putAll(b.replies);
        this.before.putAll(b.before);
        this.server = implicitTls ? b.implicitTls.getServerSocketFactory().createServerSocket() : new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), b.port), 50);
        this.acceptor = new Thread(this::acceptLoop, "scripted-smtp-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static Builder builder() {
        return new Builder();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Every command received, decoded as UTF-8, in order, across connections (AUTH arguments included, for the tests' eyes only). */
    List<String> commands() {
        return commands.stream().map(ScriptedSmtpServer::utf8).toList();
    }

    /** Every command received, one character per byte (ISO-8859-1), as it was on the wire. */
    List<String> rawCommands() {
        return List.copyOf(commands);
    }

    /** The data of every message whose final dot was answered with 250, decoded as UTF-8. */
    List<String> messages() {
        return messages.stream().map(ScriptedSmtpServer::utf8).toList();
    }

    /** The data of every accepted message, one character per byte, as it was on the wire. */
    List<String> rawMessages() {
        return List.copyOf(messages);
    }

    /** The data of every message whose connection ended before the final dot: nothing the server may accept. */
    List<String> unfinishedMessages() {
        return unfinished.stream().map(ScriptedSmtpServer::utf8).toList();
    }

    private static String utf8(String raw) {
        return new String(raw.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    /** The Message-ID of every accepted message. */
    List<String> messageIds() {
        List<String> ids = new ArrayList<>();
        for (String m : messages) {
            for (String line : m.split("\r\n")) {
                if (line.regionMatches(true, 0, "Message-ID: ", 0, 12)) {
                    ids.add(line.substring(12).strip());
                }
            }
        }
        return ids;
    }

    /** How many connections were accepted. */
    int connections() {
        return connections.get();
    }

    /** How many bytes of {@link #FLOOD} replies the server got out before the client hung up. */
    long flooded() {
        return flooded.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                clients.add(s);
                connections.incrementAndGet();
                Thread t = new Thread(() -> serve(s), "scripted-smtp-conn-" + s.getPort());
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        Map<String, Integer> used = new HashMap<>();
        try (Socket s0 = socket) {
            Socket s = socket;
            BufferedReader in = reader(s);
            OutputStream out = s.getOutputStream();
            if (!reply(out, s, "GREETING", used, "220 scripted.test ESMTP ready")) {
                return;
            }
            boolean tls = implicitTls;
            String line;
            while ((line = in.readLine()) != null) {
                commands.add(line);
                lastLine.set(line);
                String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase(Locale.ROOT) : line.toUpperCase(Locale.ROOT);
                Runnable hook = before.get(verb);
                if (hook != null) {
                    hook.run();
                }
                switch (verb) {
                    case "EHLO": {
                        List<String> caps = new ArrayList<>(capabilities);
                        if (startTls != null && !tls) {
                            caps.add("STARTTLS");
                        }
                        StringBuilder r = new StringBuilder("250-scripted.test");
                        for (int i = 0; i < caps.size(); i++) {
                            r.append("\r\n250").append(i == caps.size() - 1 ? ' ' : '-').append(caps.get(i));
                        }
                        if (caps.isEmpty()) {
                            r = new StringBuilder("250 scripted.test");
                        }
                        if (!reply(out, s, "EHLO", used, r.toString())) {
                            return;
                        }
                        break;
                    }
                    case "HELO": if (!reply(out, s, "HELO", used, "250 scripted.test")) { return; } break;
                    case "STAR": {
                        if (!reply(out, s, "STARTTLS", used, "220 2.0.0 go ahead")) {
                            return;
                        }
                        SSLSocket ssl = (SSLSocket) startTls.getSocketFactory().createSocket(s, null, s.getPort(), true);
                        ssl.setUseClientMode(false);
                        ssl.startHandshake();
                        s = ssl;
                        clients.add(ssl);
                        in = reader(s);
                        out = s.getOutputStream();
                        tls = true;
                        break;
                    }
                    case "AUTH": {
                        String def = authReply(line, in, out);
                        if (def == null) {
                            return;
                        }
                        if (!reply(out, s, "AUTH", used, def)) {
                            return;
                        }
                        break;
                    }
                    case "MAIL": if (!reply(out, s, "MAIL", used, "250 2.1.0 OK")) { return; } break;
                    case "RCPT": if (!reply(out, s, "RCPT", used, "250 2.1.5 OK")) { return; } break;
                    case "DATA": {
                        String r = next("DATA", used, "354 go ahead");
                        if (!send(out, s, r)) {
                            return;
                        }
                        if (!r.startsWith("354") || r.endsWith(THEN_HANG)) {
                            break;
                        }
                        StringBuilder data = new StringBuilder();
                        String d;
                        while ((d = in.readLine()) != null && !d.equals(".")) {
                            data.append(d).append("\r\n");
                        }
                        if (d == null) {
                            unfinished.add(data.toString());
                            return;
                        }
                        String dot = next("DOT", used, "250 2.0.0 OK queued");
                        if (dot.startsWith("250")) {
                            messages.add(data.toString());
                        }
                        if (!send(out, s, dot)) {
                            return;
                        }
                        break;
                    }
                    case "QUIT": reply(out, s, "QUIT", used, "221 2.0.0 bye"); return;
                    case "NOOP": if (!reply(out, s, "NOOP", used, "250 2.0.0 OK")) { return; } break;
                    case "RSET": if (!reply(out, s, "RSET", used, "250 2.0.0 OK")) { return; } break;
                    default: if (!send(out, s, "502 5.5.2 command not recognized")) { return; }
                }
            }
        } catch (IOException e) {
            // the client went away or the test closed the server
        }
    }

    /** Runs the client's side of AUTH PLAIN or LOGIN; returns the default reply, or null when the connection ended. */
    private String authReply(String line, BufferedReader in, OutputStream out) throws IOException {
        String[] parts = line.split(" ");
        String mechanism = parts.length > 1 ? parts[1].toUpperCase(Locale.ROOT) : "";
        String given;
        if (mechanism.equals("LOGIN")) {
            write(out, "334 VXNlcm5hbWU6");
            String user = in.readLine();
            write(out, "334 UGFzc3dvcmQ6");
            String pass = in.readLine();
            if (user == null || pass == null) {
                return null;
            }
            lastLine.set(pass);
            given = new String(Base64.getDecoder().decode(pass), StandardCharsets.UTF_8);
        } else {
            String initial = parts.length > 2 ? parts[2] : null;
            if (initial == null) {
                write(out, "334 ");
                initial = in.readLine();
                if (initial == null) {
                    return null;
                }
                lastLine.set(initial);
            }
            String decoded = new String(Base64.getDecoder().decode(initial), StandardCharsets.UTF_8);
            if (mechanism.equals("XOAUTH2")) {
                int at = decoded.indexOf("auth=Bearer ");
                given = at < 0 ? "" : decoded.substring(at + "auth=Bearer ".length()).replace("\u0001", "");
            } else {
                given = decoded.substring(decoded.lastIndexOf('\0') + 1);
            }
        }
        return password == null || password.equals(given) ? "235 2.7.0 Accepted"
                : "535 5.7.8 Authentication credentials invalid";
    }

    private String next(String verb, Map<String, Integer> used, String def) {
        List<String> list = replies.get(verb);
        if (list == null || list.isEmpty()) {
            return def;
        }
        int i = used.merge(verb, 1, Integer::sum) - 1;
        return list.get(Math.min(i, list.size() - 1));
    }

    private boolean reply(OutputStream out, Socket s, String verb, Map<String, Integer> used, String def) throws IOException {
        return send(out, s, next(verb, used, def));
    }

    private boolean send(OutputStream out, Socket s, String scripted) throws IOException {
        String reply = lastLine.get() == null ? scripted : scripted.replace(ECHO, lastLine.get());
        if (reply.endsWith(TRICKLE)) {
            byte[] line = (reply.substring(0, 3) + "-still talking, one byte at a time\r\n").getBytes(StandardCharsets.US_ASCII);
            try {
                while (true) {
                    for (byte b : line) {
                        out.write(b);
                        out.flush();
                        if (closed.await(TRICKLE_PAUSE.toMillis(), TimeUnit.MILLISECONDS)) {
                            return false;
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        if (reply.endsWith(FLOOD)) {
            out.write((reply.substring(0, 3) + " ").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) 'x');
            while (flooded.get() < 64L * 1024 * 1024) {
                out.write(chunk);
                flooded.addAndGet(chunk.length);
            }
            return false;
        }
        if (reply.equals(DROP)) {
            s.close();
            return false;
        }
        if (reply.equals(HANG)) {
            try {
                closed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return false;
        }
        if (reply.endsWith(THEN_HANG)) {
            write(out, reply.substring(0, reply.length() - THEN_HANG.length()));
            return send(out, s, HANG);
        }
        if (reply.endsWith(THEN_DROP)) {
            write(out, reply.substring(0, reply.length() - THEN_DROP.length()));
            s.close();
            return false;
        }
        write(out, reply);
        return true;
    }

    private static void write(OutputStream out, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static BufferedReader reader(Socket s) throws IOException {
        return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
    }

    /** Stops the server and closes every connection. */
    @Override
    public void close() throws IOException {
        closed.countDown();
        server.close();
        for (Socket c : clients) {
            c.close();
        }
    }

    static final class Builder {
        private final Map<String, List<String>> replies = new HashMap<>();
        private final Map<String, Runnable> before = new HashMap<>();
        private SSLContext startTls;
        private SSLContext implicitTls;
        private String password;
        private List<String> capabilities = List.of("AUTH PLAIN LOGIN", "SIZE 10485760");
        private int port;

        /** Listens on this port (0, the default, for any free one). */
        Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Replies for a verb, used in turn on each connection; the last one repeats. */
        Builder on(String verb, String... replies) {
            this.replies.put(verb, List.of(replies));
            return this;
        }

        /** Runs this when the verb's command arrives, before replying (for example, delete a file at DATA). */
        Builder before(String verb, Runnable action) {
            this.before.put(verb.substring(0, Math.min(4, verb.length())).toUpperCase(Locale.ROOT), action);
            return this;
        }

        /** Offers STARTTLS with this server context. */
        Builder startTls(SSLContext context) {
            this.startTls = context;
            return this;
        }

        /** Speaks TLS from the first byte (SMTPS). */
        Builder implicitTls(SSLContext context) {
            this.implicitTls = context;
            return this;
        }

        /** Accepts AUTH only with this password (any password when not set). */
        Builder password(String password) {
            this.password = password;
            return this;
        }

        /** The EHLO capabilities besides STARTTLS; defaults to AUTH PLAIN LOGIN and SIZE. */
        Builder capabilities(String... capabilities) {
            this.capabilities = List.of(capabilities);
            return this;
        }

        ScriptedSmtpServer start() throws IOException {
            return new ScriptedSmtpServer(this);
        }
    }
}
