package dev.mailover.bench;

import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.simplejavamail.api.mailer.Mailer;
import org.simplejavamail.api.mailer.config.TransportStrategy;
import org.simplejavamail.email.EmailBuilder;
import org.simplejavamail.mailer.MailerBuilder;

/** The SMTP contenders that are not Mailover: plain Jakarta Mail, Simple Java Mail and Postfix smtp-source. */
final class SmtpPeers {
    private static final InternetAddress FROM = address(BenchMessage.FROM);
    private static final InternetAddress TO = address(BenchMessage.TO);

    private SmtpPeers() {
    }

    /**
     * Properties a careful Jakarta Mail user sets: the server and finite connect and read timeouts. The write
     * timeout is left unset, as most applications do: in Angus it wraps the socket and schedules a timer task per
     * write, which is part of what this benchmark measures.
     */
    static Properties jakartaProperties(String host, int port) {
        Properties properties = new Properties();
        properties.put("mail.smtp.host", host);
        properties.put("mail.smtp.port", Integer.toString(port));
        properties.put("mail.smtp.connectiontimeout", "10000");
        properties.put("mail.smtp.timeout", "30000");
        return properties;
    }

    /** {@code Transport.send(message)} per message: connect, EHLO, send, QUIT, every time. */
    static Contender jakartaNewConnection(String host, int port, int threads) throws Exception {
        Session session = Session.getInstance(jakartaProperties(host, port));
        return new ThreadedContender("Jakarta Mail Transport.send (new connection)", threads,
                () -> sequence -> Transport.send(jakartaMessage(session, BenchMessage.TEXT_1K, sequence)), null);
    }

    /**
     * The system property that makes Jakarta Mail 2.1 instantiate its stream provider by name instead of scanning
     * every jar's {@code META-INF/services} on each {@code StreamProvider.provider()} call, which MimeBodyPart and
     * MimeUtility make several times per message (jakartaee/mail-api#861, #699).
     */
    static final String STREAM_PROVIDER_PROPERTY = "jakarta.mail.util.StreamProvider";

    /** One connected Transport per thread, reused for every message: the hand-written best case. */
    static Contender jakartaReusedTransport(BenchMessage.Kind kind, String host, int port, int threads) throws Exception {
        return jakartaReusedTransport(kind, host, port, threads, false);
    }

    /**
     * As {@link #jakartaReusedTransport(BenchMessage.Kind, String, int, int)}; with {@code namedStreamProvider} the JVM-wide
     * {@link #STREAM_PROVIDER_PROPERTY} is set while this contender is open, to show Jakarta Mail's own ceiling.
     */
    static Contender jakartaReusedTransport(BenchMessage.Kind kind, String host, int port, int threads,
            boolean namedStreamProvider)
            throws Exception {
        Session session = Session.getInstance(jakartaProperties(host, port));
        String previous = System.getProperty(STREAM_PROVIDER_PROPERTY);
        if (namedStreamProvider) {
            System.setProperty(STREAM_PROVIDER_PROPERTY, "org.eclipse.angus.mail.util.MailStreamProvider");
        }
        String name = "Jakarta Mail, reused Transport per thread"
                + (namedStreamProvider ? ", -D" + STREAM_PROVIDER_PROPERTY : "");
        return new ThreadedContender(name, threads, () -> {
            Transport transport = session.getTransport("smtp");
            transport.connect();
            return new ThreadedContender.Worker() {
                @Override
                public void send(int sequence) throws Exception {
                    MimeMessage message = jakartaMessage(session, kind, sequence);
                    message.saveChanges();
                    transport.sendMessage(message, message.getAllRecipients());
                }

                @Override
                public void close() throws MessagingException {
                    transport.close();
                }
            };
        }, () -> {
            if (namedStreamProvider && previous == null) {
                System.clearProperty(STREAM_PROVIDER_PROPERTY);
            } else if (namedStreamProvider) {
                System.setProperty(STREAM_PROVIDER_PROPERTY, previous);
            }
        });
    }

    /** The message as a Jakarta Mail user writes it: setText, or a multipart with a text part and a file part. */
    static MimeMessage jakartaMessage(Session session, BenchMessage.Kind kind, int sequence) throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(FROM);
        message.setRecipient(Message.RecipientType.TO, TO);
        message.setSubject(BenchMessage.subject(sequence), "UTF-8");
        if (!kind.multipart()) {
            message.setText(kind.text(), "UTF-8");
            return message;
        }
        MimeBodyPart text = new MimeBodyPart();
        text.setText(kind.text(), "UTF-8");
        MimeBodyPart file = new MimeBodyPart();
        file.setDataHandler(new DataHandler(new ByteArrayDataSource(kind.attachment(), "application/octet-stream")));
        file.setFileName("attachment.bin");
        file.setDisposition(Part.ATTACHMENT);
        message.setContent(new MimeMultipart(text, file));
        return message;
    }

    /**
     * Simple Java Mail with its batch-module SMTP connection pool (core size = max size = {@code pool}), sending
     * synchronously from {@code pool} threads.
     */
    static Contender simpleJavaMail(String host, int port, int pool) throws Exception {
        Mailer mailer = MailerBuilder.withSMTPServer(host, port)
                .withTransportStrategy(TransportStrategy.SMTP)
                .withConnectionPoolCoreSize(pool)
                .withConnectionPoolMaxSize(pool)
                .withSessionTimeout(30_000)
                .buildMailer();
        return new ThreadedContender("Simple Java Mail 8.12.6, batch-module pool", pool,
                () -> sequence -> mailer.sendMail(EmailBuilder.startingBlank()
                        .from(BenchMessage.FROM)
                        .to(BenchMessage.TO)
                        .withSubject(BenchMessage.subject(sequence))
                        .withPlainText(BenchMessage.TEXT)
                        .buildEmail()).get(),
                () -> mailer.shutdownConnectionPool().get());
    }

    /** Postfix's C client {@code smtp-source -d}: {@code sessions} reused connections, the ceiling. */
    static Contender smtpSource(BenchMessage.Kind kind, String executable, String host, int port, int sessions) {
        return new Contender() {
            @Override
            public String name() {
                return "Postfix smtp-source -d (C)";
            }

            @Override
            public int threads() {
                return sessions;
            }

            @Override
            public Duration run(int messages) throws Exception {
                List<String> command = new ArrayList<>(List.of(executable, "-d",
                        "-s", Integer.toString(sessions), "-m", Integer.toString(messages),
                        "-l", Integer.toString(kind.textBytes()), "-M", "localhost",
                        "-f", BenchMessage.FROM, "-t", BenchMessage.TO,
                        "-S", "Benchmark message", host + ":" + port));
                long began = System.nanoTime();
                Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
                byte[] output = process.getInputStream().readAllBytes();
                if (!process.waitFor(5, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    throw new IOException("smtp-source did not finish");
                }
                long elapsed = System.nanoTime() - began;
                if (process.exitValue() != 0) {
                    throw new IOException("smtp-source exited " + process.exitValue() + ": "
                            + new String(output, StandardCharsets.UTF_8));
                }
                return Duration.ofNanos(elapsed);
            }

            @Override
            public void close() {
            }
        };
    }

    private static InternetAddress address(String address) {
        try {
            return new InternetAddress(address, true);
        } catch (MessagingException e) {
            throw new IllegalArgumentException(address, e);
        }
    }
}
