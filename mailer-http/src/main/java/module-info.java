/** HTTP API transports: SendGrid, Mailgun, Postmark, Resend and Brevo, on one skeleton over OkHttp and Jackson. */
module dev.mailover.http {
    requires transitive dev.mailover.api;
    requires transitive okhttp3;
    requires com.fasterxml.jackson.databind;
    requires kotlin.stdlib;
    requires okio;
    requires org.slf4j;

    exports dev.mailover.http;

    provides dev.mailover.MailerProvider with dev.mailover.http.internal.HttpMailerProvider;
}
