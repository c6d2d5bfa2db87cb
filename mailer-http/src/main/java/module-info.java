/** HTTP API transports: SendGrid, Mailgun, Postmark and Amazon SES. */
module dev.mailover.http {
    requires transitive dev.mailover.api;
    requires transitive okhttp3;
    requires dev.mailover.smtp;
    requires jakarta.mail;
    requires com.fasterxml.jackson.databind;
    requires kotlin.stdlib;
    requires okio;
    requires org.slf4j;
    requires transitive software.amazon.awssdk.services.sesv2;
    requires software.amazon.awssdk.core;
    requires software.amazon.awssdk.awscore;
    requires software.amazon.awssdk.auth;
    requires software.amazon.awssdk.regions;
    requires software.amazon.awssdk.http;
    requires software.amazon.awssdk.http.urlconnection;
    requires software.amazon.awssdk.identity.spi;
    requires software.amazon.awssdk.utils;

    exports dev.mailover.http;

    provides dev.mailover.MailerProvider with
            dev.mailover.http.internal.HttpMailerProvider,
            dev.mailover.http.internal.SesMailerProvider;
}
