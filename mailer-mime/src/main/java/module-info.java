/**
 * The one MIME writer ({@code Email} to RFC 5322 message), on Jakarta Mail / Angus, shared by the SMTP
 * and SES transports, and {@link dev.mailover.mime.DkimSigner}, which signs what it writes.
 */
module dev.mailover.mime {
    requires transitive dev.mailover.api;
    requires transitive jakarta.mail;

    exports dev.mailover.mime;
    // The MIME writer of Mailover's own transports: not API.
    exports dev.mailover.mime.internal to dev.mailover.smtp, dev.mailover.ses;
}
