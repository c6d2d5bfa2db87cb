/**
 * Spring Boot 4 auto-configuration for Mailover: a {@code Mailer} bean from {@code mailover.dsn}, the
 * {@code mailover.*} properties, the {@code mailover} health contributor, meters and observations, a failure
 * analyzer for bad DSNs, and {@code @AutoConfigureRecordingMailer} for application tests. Spring is not
 * modular: the Spring modules here are automatic modules.
 */
module dev.mailover.spring {
    requires transitive dev.mailover.api;
    requires transitive dev.mailover.failover;
    requires transitive dev.mailover.micrometer;
    requires transitive spring.boot;
    requires transitive spring.boot.autoconfigure;
    requires spring.beans;
    requires spring.context;
    requires spring.core;
    requires java.sql;
    // Wired when present: an application adds the ones it uses.
    requires static dev.mailover.outbox;
    requires static dev.mailover.test;
    requires static spring.boot.health;
    requires static spring.test;

    exports dev.mailover.spring;
    exports dev.mailover.spring.test;
    // Spring instantiates the configuration classes and binds the properties reflectively.
    opens dev.mailover.spring;
    opens dev.mailover.spring.test;
}
