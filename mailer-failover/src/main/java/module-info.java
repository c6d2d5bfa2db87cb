/** {@code FailoverMailer}: several transports behind one {@code Mailer}, with circuit breakers, retries and one deadline. */
module dev.mailover.failover {
    requires transitive dev.mailover.api;
    requires transitive io.github.resilience4j.circuitbreaker;
    requires io.github.resilience4j.retry;
    requires io.github.resilience4j.core;
    requires org.slf4j;

    exports dev.mailover.failover;

    provides dev.mailover.MailerProvider with dev.mailover.failover.internal.FailoverMailerProvider;
}
