package dev.mailover.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mailover.Attachment;
import dev.mailover.Email;
import dev.mailover.FailureKind;
import dev.mailover.MailException;
import dev.mailover.Mailer;
import dev.mailover.testing.Peers;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An Email that a transport cannot express is a message problem: MESSAGE_REJECTED naming what is
 * wrong, found before the request where possible, never a network kind and never a breaker count.
 */
class MessageProblemsTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(HttpMailers.class)
    void attachmentFileDeletedBeforeTheSendIsMessageRejectedNamingItBeforeAnyRequest(HttpMailers provider) throws Exception {
        Path file = Files.writeString(dir.resolve("invoice-0042.pdf"), "%PDF-1.4 invoice");
        Email email = Email.builder().from("ada@example.com").to("bob@example.org").subject("Invoice").text("attached")
                .attach(Attachment.of("invoice-0042.pdf", "application/pdf", file)).build();
        Files.delete(file);
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            try (Mailer mailer = provider.create(server.url("/").toString(), Duration.ofSeconds(10))) {
                MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(email));

                assertThat(e.kind()).isEqualTo(FailureKind.MESSAGE_REJECTED);
                assertThat(e.kind().transportFault()).as("never a breaker count").isFalse();
                assertThat(e.possiblyDelivered()).isFalse();
                assertThat(e.detail()).contains("invoice-0042.pdf");
                assertThat(e.hint()).contains("attachment files stay readable");
            }
            assertThat(server.getRequestCount()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(HttpMailers.class)
    void fileTruncatedMidUploadAbortsTheCallAsMessageRejectedNotConnectionLost(HttpMailers provider) throws Exception {
        Path file = dir.resolve("backup.tar");
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(7L * 1024 * 1024); // 9.3 MB in base64: within every provider's limit, far beyond the socket buffers
        }
        Email email = Email.builder().from("ada@example.com").to("bob@example.org").subject("Backup").text("attached")
                .attach(Attachment.of("backup.tar", "application/x-tar", file)).build();
        try (Peers.RequestSink sink = new Peers.RequestSink(256 * 1024, () -> truncate(file));
             Mailer mailer = provider.create("http://127.0.0.1:" + sink.port(), Duration.ofSeconds(20))) {
            long start = System.nanoTime();
            MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(email));

            assertThat(e.kind()).isEqualTo(FailureKind.MESSAGE_REJECTED);
            assertThat(e.possiblyDelivered()).isFalse();
            assertThat(e.detail()).contains("backup.tar", "changed while it was sent");
            assertThat(sink.terminated()).as("the server never got a complete request").isFalse();
            assertThat(sink.received()).isLessThan(9L * 1024 * 1024);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("aborted, not left to time out")
                    .isLessThan(Duration.ofSeconds(15));
        }
    }

    /** A metadata key with a quote is refused by Email.build() already (it travels as a header name on SMTP and SES). */
    @Test
    void aQuoteInAMailgunHeaderNameIsRefusedBeforeAnyRequestNamingIt() throws Exception {
        String named = "header name 'X-\"Campaign\"'";
        Email email = Email.builder().from("ada@example.com").to("bob@example.org").subject("s").text("t")
                .header("X-\"Campaign\"", "q3").build();
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            try (Mailer mailer = HttpMailers.MAILGUN.create(server.url("/").toString(), Duration.ofSeconds(10))) {
                MailException e = catchThrowableOfType(MailException.class, () -> mailer.send(email));

                assertThat(e.kind()).isEqualTo(FailureKind.MESSAGE_REJECTED);
                assertThat(e.detail()).contains(named, "cannot carry");
                assertThat(e.hint()).contains("another transport");
            }
            assertThat(server.getRequestCount()).isZero();
        }
    }

    private static void truncate(Path file) {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
