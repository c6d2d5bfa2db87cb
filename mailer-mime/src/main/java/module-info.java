/**
 * The one MIME writer ({@code Email} to RFC 5322 message), on Jakarta Mail / Angus, shared by the SMTP
 * and SES transports. It has no API of its own yet: its internal package is exported only to those
 * modules.
 */
module dev.mailover.mime {
    requires transitive dev.mailover.api;
    requires transitive jakarta.mail;

    // The MIME writer of Mailover's own transports: not API.
    exports dev.mailover.mime.internal to dev.mailover.smtp, dev.mailover.ses;
}
