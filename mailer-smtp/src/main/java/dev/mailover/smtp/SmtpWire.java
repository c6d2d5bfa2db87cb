package dev.mailover.smtp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Raw SMTP over a socket, for the probe: send a command line, read a (multi-line) reply. Reads
 * byte by byte so that nothing beyond a reply is consumed before a TLS upgrade.
 */
final class SmtpWire {

    /** One reply: its code and its lines without the code prefix. */
    record Reply(int code, List<String> lines) {
        /** The reply on one line, for a finding: {@code 250 first / second}. */
        String text() {
            return code + " " + String.join(" / ", lines);
        }

        /** The reply as it was on the wire, each line with its code, as Jakarta Mail reports a server's reply. */
        String wire() {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < lines.size(); i++) {
                b.append(i == 0 ? "" : "\n").append(code).append(i < lines.size() - 1 ? '-' : ' ').append(lines.get(i));
            }
            return b.toString();
        }
    }

    private Socket socket;
    private InputStream in;
    private OutputStream out;

    SmtpWire(Socket socket) throws IOException {
        use(socket);
    }

    /** Switches to another socket, for example the TLS socket after STARTTLS. */
    void use(Socket s) throws IOException {
        this.socket = s;
        this.in = s.getInputStream();
        this.out = s.getOutputStream();
    }

    Socket socket() {
        return socket;
    }

    void send(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    Reply read() throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = readLine();
            if (line == null) {
                throw new java.io.EOFException("the server closed the connection");
            }
            if (line.length() < 3 || !Character.isDigit(line.charAt(0))) {
                throw new IOException("not an SMTP reply: " + line);
            }
            int code = Integer.parseInt(line.substring(0, 3));
            lines.add(line.length() > 4 ? line.substring(4) : "");
            if (line.length() == 3 || line.charAt(3) != '-') {
                return new Reply(code, lines);
            }
            if (lines.size() > 200) {
                throw new IOException("the reply has more than 200 lines");
            }
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(80);
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                break;
            }
            if (c != '\r') {
                b.write(c);
            }
            if (b.size() > 4096) {
                throw new IOException("a reply line is longer than 4096 bytes");
            }
        }
        if (c == -1 && b.size() == 0) {
            return null;
        }
        return b.toString(StandardCharsets.UTF_8);
    }
}
