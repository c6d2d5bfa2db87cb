/**
 * Mailover's API: {@code Mailer}, {@code Email}, the failure taxonomy and DSN configuration. It has no
 * runtime dependencies; transports plug in through {@link dev.mailover.MailerProvider}.
 */
module dev.mailover.api {
    exports dev.mailover;
    // Shared internals of Mailover's own modules: not API.
    exports dev.mailover.internal to dev.mailover.mime, dev.mailover.smtp, dev.mailover.http, dev.mailover.ses,
            dev.mailover.failover, dev.mailover.spring;

    uses dev.mailover.MailerProvider;
}
