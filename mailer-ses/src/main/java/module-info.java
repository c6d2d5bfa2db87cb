/** The Amazon SES transport ({@code SesMailer}, {@code ses+api://} DSNs) on the AWS SDK for Java v2. */
module dev.mailover.ses {
    requires transitive dev.mailover.api;
    requires dev.mailover.mime;
    requires jakarta.mail;
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

    exports dev.mailover.ses;

    provides dev.mailover.MailerProvider with dev.mailover.ses.internal.SesMailerProvider;
}
