/**
 * {@code MailerMetrics}: Micrometer meters for Mailover's mailers ({@code mail.send}, {@code mail.failover},
 * {@code mail.circuit.state}, {@code mail.outbox.entries}) and an {@code Observation} around
 * {@code Mailer.send}, so any Micrometer tracing bridge traces each send.
 */
module dev.mailover.micrometer {
    requires transitive dev.mailover.api;
    requires transitive micrometer.core;
    requires transitive micrometer.observation;
    requires micrometer.commons;

    exports dev.mailover.micrometer;
}
