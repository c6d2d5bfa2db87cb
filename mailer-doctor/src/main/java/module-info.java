/**
 * The whole-configuration doctor ({@code Doctor}) and the sender domain's DNS checks
 * ({@code DomainProbe}: MX, SPF, DKIM, DMARC), on dnsjava.
 */
module dev.mailover.doctor {
    requires transitive dev.mailover.api;
    requires transitive dev.mailover.mime;
    requires dev.mailover.smtp;
    requires org.dnsjava;
    requires org.slf4j;

    exports dev.mailover.doctor;
}
