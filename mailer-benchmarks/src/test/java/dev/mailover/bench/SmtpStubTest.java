package dev.mailover.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stall check's server ends a message only at a line holding one dot, however the bytes arrive. */
class SmtpStubTest {

    @Test
    void countsEachMessageOnceWhateverTheDotsAndTheSplitsOfTheInput() throws Exception {
        try (SmtpStub stub = new SmtpStub();
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), stub.port())) {
            socket.setSoTimeout(5000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            assertThat(in.readLine()).startsWith("220 ");

            // pipelined, as a PIPELINING client may: the replies come in order
            out.write("EHLO client\r\nMAIL FROM:<a@mailover.test>\r\nRCPT TO:<b@mailover.test>\r\nDATA\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            List<String> replies = new ArrayList<>();
            for (String line = in.readLine(); !line.startsWith("354 "); line = in.readLine()) {
                replies.add(line);
            }
            assertThat(replies).contains("250-PIPELINING", "250 2.1.0 Ok", "250 2.1.5 Ok");

            // dot-stuffed lines, a dot inside a line and ".\r" without its LF do not end the data; sent a byte
            // at a time so that every state of the end-of-data match meets the end of a read
            byte[] data = "..\r\n.x\r\na.\r\n.\rb\r\n\r\n.\r\n".getBytes(StandardCharsets.US_ASCII);
            for (byte b : data) {
                out.write(b);
                out.flush();
            }
            assertThat(in.readLine()).isEqualTo("250 2.0.0 Ok: queued");
            assertThat(stub.received()).isEqualTo(1);

            // a message whose first line is the dot is empty; the next one ends with its data in one write
            out.write("MAIL FROM:<a@mailover.test>\r\nRCPT TO:<b@mailover.test>\r\nDATA\r\n.\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(List.of(in.readLine(), in.readLine(), in.readLine(), in.readLine()))
                    .containsExactly("250 2.1.0 Ok", "250 2.1.5 Ok", "354 End data with <CR><LF>.<CR><LF>",
                            "250 2.0.0 Ok: queued");
            out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(in.readLine()).isEqualTo("221 2.0.0 Bye");
            assertThat(stub.received()).isEqualTo(2);
        }
    }
}
