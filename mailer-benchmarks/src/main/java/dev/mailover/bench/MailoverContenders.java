package dev.mailover.bench;

import dev.mailover.Attachment;
import dev.mailover.Email;
import dev.mailover.http.SendGridMailer;
import dev.mailover.smtp.SmtpMailer;
import dev.mailover.smtp.SmtpSecurity;
import java.time.Duration;

/** Mailover's own contenders, configured as a user would for a local relay and for SendGrid. */
final class MailoverContenders {

    private MailoverContenders() {
    }

    static Email email(int sequence) {
        return email(BenchMessage.TEXT_1K, sequence);
    }

    /** A message of this kind, built afresh as an application does. */
    static Email email(BenchMessage.Kind kind, int sequence) {
        Email.Builder email = Email.builder()
                .from(BenchMessage.FROM)
                .to(BenchMessage.TO)
                .subject(BenchMessage.subject(sequence))
                .text(kind.text());
        if (kind.multipart()) {
            email.attach(Attachment.of("attachment.bin", "application/octet-stream", kind.attachment()));
        }
        return email.build();
    }

    /** Plain SMTP to the sink; the timeouts are finite as Mailover requires, the values do not matter here. */
    static SmtpMailer smtpMailer(String host, int port, int poolSize, Duration connectTimeout) {
        return SmtpMailer.builder()
                .host(host)
                .port(port)
                .security(SmtpSecurity.NONE)
                .connectTimeout(connectTimeout)
                .readTimeout(Duration.ofSeconds(30))
                .poolSize(poolSize)
                .build();
    }

    static SendGridMailer sendGridMailer(HttpStubProcess stub) {
        return SendGridMailer.builder().apiKey(HttpPeers.API_KEY).baseUrl(stub.baseUrl()).build();
    }

    /** {@code SmtpMailer} with {@code poolSize} pooled connections, sending from as many threads. */
    static Contender smtp(BenchMessage.Kind kind, String host, int port, int poolSize) throws Exception {
        SmtpMailer mailer = smtpMailer(host, port, poolSize, Duration.ofSeconds(10));
        return new ThreadedContender("Mailover SmtpMailer poolSize " + poolSize, poolSize,
                () -> sequence -> mailer.send(email(kind, sequence)), mailer);
    }

    /** {@code SendGridMailer} with its default OkHttp client, from {@code threads} threads. */
    static Contender sendGrid(BenchMessage.Kind kind, HttpStubProcess stub, int threads) throws Exception {
        SendGridMailer mailer = sendGridMailer(stub);
        return new ThreadedContender("Mailover SendGridMailer", threads,
                () -> sequence -> mailer.send(email(kind, sequence)), mailer);
    }
}
