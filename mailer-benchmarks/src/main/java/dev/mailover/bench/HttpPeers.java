package dev.mailover.bench;

import com.sendgrid.Client;
import com.sendgrid.Method;
import com.sendgrid.Request;
import com.sendgrid.Response;
import com.sendgrid.SendGrid;
import com.sendgrid.helpers.mail.Mail;
import com.sendgrid.helpers.mail.objects.Content;
import com.sendgrid.helpers.mail.objects.Email;
import com.sendgrid.helpers.mail.objects.Attachments;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;

/** The HTTP contender that is not Mailover: the official SendGrid Java SDK. */
final class HttpPeers {
    static final String API_KEY = "SG.bench-key";

    private HttpPeers() {
    }

    /**
     * The SendGrid SDK 4.10.3 pointed at the stub. Its default Apache client allows only 2 connections per route;
     * it gets one with {@code threads} connections so that the comparison is about the transport, not the pool.
     */
    static Contender sendGridSdk(BenchMessage.Kind kind, HttpStubProcess stub, int threads) throws Exception {
        CloseableHttpClient http = HttpClients.custom()
                .setMaxConnPerRoute(threads)
                .setMaxConnTotal(threads)
                .build();
        SendGrid sendGrid = sendGrid(http, "127.0.0.1:" + stub.port());
        return new ThreadedContender("SendGrid Java SDK 4.10.3", threads,
                () -> sequence -> send(sendGrid, mail(kind, sequence)), http);
    }

    /** The SDK with the given Apache client, talking plain http to {@code hostAndPort} on loopback. */
    static SendGrid sendGrid(CloseableHttpClient http, String hostAndPort) {
        SendGrid sendGrid = new SendGrid(API_KEY, new Client(http, true)); // test=true: plain http to loopback
        sendGrid.setHost(hostAndPort);
        return sendGrid;
    }

    static Mail mail(int sequence) {
        return mail(BenchMessage.TEXT_1K, sequence);
    }

    /** The message as an SDK user writes it; an attachment is base64-encoded by the caller, as the SDK expects. */
    static Mail mail(BenchMessage.Kind kind, int sequence) {
        Mail mail = new Mail(new Email(BenchMessage.FROM), BenchMessage.subject(sequence),
                new Email(BenchMessage.TO), new Content("text/plain", kind.text()));
        if (kind.multipart()) {
            Attachments file = new Attachments();
            file.setContent(Base64.getEncoder().encodeToString(kind.attachment()));
            file.setFilename("attachment.bin");
            file.setType("application/octet-stream");
            file.setDisposition("attachment");
            mail.addAttachments(file);
        }
        return mail;
    }

    /** The SDK's documented way to attach a file: it reads the stream and keeps the base64 text. */
    static Mail mailWithAttachment(Path file) throws IOException {
        Mail mail = mail(0);
        try (InputStream content = Files.newInputStream(file)) {
            mail.addAttachments(new Attachments.Builder("attachment.bin", content)
                    .withType("application/octet-stream")
                    .build());
        }
        return mail;
    }

    static void send(SendGrid sendGrid, Mail mail) throws IOException {
        Request request = new Request();
        request.setMethod(Method.POST);
        request.setEndpoint("mail/send");
        request.setBody(mail.build());
        Response response = sendGrid.api(request);
        if (response.getStatusCode() != 202) {
            throw new IOException("SendGrid SDK got " + response.getStatusCode());
        }
    }
}
