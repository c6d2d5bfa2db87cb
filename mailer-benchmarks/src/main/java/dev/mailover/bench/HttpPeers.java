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
    static Contender sendGridSdk(HttpStub stub, int threads) throws Exception {
        CloseableHttpClient http = HttpClients.custom()
                .setMaxConnPerRoute(threads)
                .setMaxConnTotal(threads)
                .build();
        SendGrid sendGrid = sendGrid(http, "127.0.0.1:" + stub.port());
        return new ThreadedContender("SendGrid Java SDK 4.10.3", threads,
                () -> sequence -> send(sendGrid, mail(sequence)), http);
    }

    /** The SDK with the given Apache client, talking plain http to {@code hostAndPort} on loopback. */
    static SendGrid sendGrid(CloseableHttpClient http, String hostAndPort) {
        SendGrid sendGrid = new SendGrid(API_KEY, new Client(http, true)); // test=true: plain http to loopback
        sendGrid.setHost(hostAndPort);
        return sendGrid;
    }

    static Mail mail(int sequence) {
        return new Mail(new Email(BenchMessage.FROM), BenchMessage.subject(sequence),
                new Email(BenchMessage.TO), new Content("text/plain", BenchMessage.TEXT));
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
