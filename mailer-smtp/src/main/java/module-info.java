/** The SMTP transport ({@code SmtpMailer}) and the SMTP doctor ({@code SmtpProbe}), on Jakarta Mail / Angus. */
module dev.mailover.smtp {
    requires transitive dev.mailover.api;
    requires dev.mailover.mime;
    requires jakarta.mail;
    requires org.eclipse.angus.mail;
    requires org.slf4j;

    exports dev.mailover.smtp;

    provides dev.mailover.MailerProvider with dev.mailover.smtp.internal.SmtpMailerProvider;
}
