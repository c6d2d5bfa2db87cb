package dev.mailover.doctor;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * A DNS server in the test JVM that speaks the real wire protocol, built on dnsjava's message
 * classes: it answers over UDP and TCP on one loopback port from the records it is given, follows
 * CNAMEs, answers NXDOMAIN for names it has nothing for, and, as a server without EDNS does, truncates
 * a UDP answer longer than 512 bytes (TC set), so the client must ask again over TCP. A
 * {@link #silent()} server reads queries and never answers.
 */
final class ScriptedDnsServer implements AutoCloseable {

    private static final int UDP_LIMIT = 512;
    private static final long TTL = 300;

    private final DatagramSocket udp;
    private final ServerSocket tcp;
    private final boolean silent;
    private final Map<String, List<Record>> records = new ConcurrentHashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private final AtomicInteger udpQueries = new AtomicInteger();
    private final AtomicInteger tcpQueries = new AtomicInteger();

    private ScriptedDnsServer(boolean silent) throws IOException {
        this.silent = silent;
        ServerSocket t = null;
        DatagramSocket u = null;
        for (int attempt = 0; u == null; attempt++) {
            t = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            try {
                u = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), t.getLocalPort()));
            } catch (SocketException e) {
                t.close();
                if (attempt > 20) {
                    throw e;
                }
            }
        }
        this.tcp = t;
        this.udp = u;
        start("test-dns-udp", this::serveUdp);
        start("test-dns-tcp", this::serveTcp);
    }

    /** A server that answers from the records added to it. */
    static ScriptedDnsServer start() throws IOException {
        return new ScriptedDnsServer(false);
    }

    /** A server that takes queries and never answers, over UDP or TCP. */
    static ScriptedDnsServer silent() throws IOException {
        return new ScriptedDnsServer(true);
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), tcp.getLocalPort());
    }

    int udpQueries() {
        return udpQueries.get();
    }

    int tcpQueries() {
        return tcpQueries.get();
    }

    /** One TXT record per text; a text longer than 255 bytes is split into character-strings, as DNS requires. */
    ScriptedDnsServer txt(String name, String... texts) {
        for (String text : texts) {
            List<String> strings = new ArrayList<>();
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < bytes.length || i == 0; i += 255) {
                strings.add(new String(bytes, i, Math.min(255, bytes.length - i), StandardCharsets.UTF_8));
            }
            add(new TXTRecord(name(name), DClass.IN, TTL, strings));
        }
        return this;
    }

    ScriptedDnsServer mx(String name, int priority, String target) {
        return add(new MXRecord(name(name), DClass.IN, TTL, priority, name(target)));
    }

    ScriptedDnsServer a(String name, String address) {
        try {
            return add(new ARecord(name(name), DClass.IN, TTL, InetAddress.getByName(address)));
        } catch (IOException e) {
            throw new IllegalArgumentException(address, e);
        }
    }

    ScriptedDnsServer cname(String name, String target) {
        return add(new CNAMERecord(name(name), DClass.IN, TTL, name(target)));
    }

    private ScriptedDnsServer add(Record r) {
        records.computeIfAbsent(key(r.getName()), k -> new CopyOnWriteArrayList<>()).add(r);
        return this;
    }

    /** The answer to a query, from the records: CNAMEs followed, NXDOMAIN for unknown names. */
    Message answer(Message query) {
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.AA);
        if (query.getHeader().getFlag(Flags.RD)) {
            response.getHeader().setFlag(Flags.RD);
        }
        Record question = query.getQuestion();
        response.addRecord(question, Section.QUESTION);
        Name name = question.getName();
        for (int hops = 0; hops < 10; hops++) {
            List<Record> here = records.getOrDefault(key(name), List.of());
            if (here.isEmpty()) {
                if (hops == 0) {
                    response.getHeader().setRcode(Rcode.NXDOMAIN);
                }
                return response;
            }
            List<Record> wanted = here.stream().filter(r -> r.getType() == question.getType()).toList();
            if (!wanted.isEmpty() || question.getType() == Type.CNAME) {
                wanted.forEach(r -> response.addRecord(r, Section.ANSWER));
                return response;
            }
            Record cname = here.stream().filter(r -> r.getType() == Type.CNAME).findFirst().orElse(null);
            if (cname == null) {
                return response;
            }
            response.addRecord(cname, Section.ANSWER);
            name = ((CNAMERecord) cname).getTarget();
        }
        return response;
    }

    private void serveUdp() {
        byte[] buffer = new byte[4096];
        while (!udp.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                udp.receive(packet);
                udpQueries.incrementAndGet();
                if (silent) {
                    continue;
                }
                Message query = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
                byte[] wire = answer(query).toWire();
                if (wire.length > UDP_LIMIT) {
                    Message truncated = new Message(query.getHeader().getID());
                    truncated.getHeader().setFlag(Flags.QR);
                    truncated.getHeader().setFlag(Flags.TC);
                    truncated.addRecord(query.getQuestion(), Section.QUESTION);
                    wire = truncated.toWire();
                }
                udp.send(new DatagramPacket(wire, wire.length, packet.getSocketAddress()));
            } catch (IOException e) {
                if (udp.isClosed()) {
                    return;
                }
            }
        }
    }

    private void serveTcp() {
        while (!tcp.isClosed()) {
            try {
                Socket s = tcp.accept();
                connections.add(s);
                start("test-dns-tcp-conn", () -> serveConnection(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serveConnection(Socket s) {
        try (s; DataInputStream in = new DataInputStream(s.getInputStream());
             DataOutputStream out = new DataOutputStream(s.getOutputStream())) {
            while (true) {
                byte[] query = new byte[in.readUnsignedShort()];
                in.readFully(query);
                tcpQueries.incrementAndGet();
                if (silent) {
                    continue;
                }
                byte[] wire = answer(new Message(query)).toWire();
                out.writeShort(wire.length);
                out.write(wire);
                out.flush();
            }
        } catch (IOException e) {
            // the client hung up
        }
    }

    private void start(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    private static Name name(String n) {
        try {
            return Name.fromString(n.endsWith(".") ? n : n + ".");
        } catch (TextParseException e) {
            throw new IllegalArgumentException(n, e);
        }
    }

    private static String key(Name n) {
        return n.toString(true).toLowerCase(Locale.ROOT);
    }

    @Override
    public void close() throws IOException {
        udp.close();
        tcp.close();
        for (Socket s : connections) {
            s.close();
        }
        for (Thread t : threads) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
