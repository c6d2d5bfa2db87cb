/**
 * Mailover's API: {@code Mailer}, {@code Email}, the failure taxonomy and DSN configuration. It has no
 * runtime dependencies; transports plug in through {@link dev.mailover.MailerProvider}.
 */
module dev.mailover.api {
    exports dev.mailover;
    // Shared internals of Mailover's own modules: not API.
    exports dev.mailover.internal to dev.mailover.mime, dev.mailover.smtp, dev.mailover.http, dev.mailover.ses,
            dev.mailover.failover, dev.mailover.oauth2, dev.mailover.doctor, dev.mailover.spring;

    uses dev.mailover.MailerProvider;
    // auth=xoauth2 in transport DSNs, provided by mailer-oauth2.
    uses dev.mailover.internal.TokenSourceProvider;
}
