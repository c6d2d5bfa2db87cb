/**
 * The Spring Boot example application: Mailover's starter wiring a {@code Mailer} and an outbox from
 * {@code application.properties}, with embedded SMTP and HTTP peers so that it runs on a bare machine. It
 * exports nothing: it is an application, not a library. Spring is not modular: its modules are automatic.
 */
module dev.mailover.examples.spring {
    requires dev.mailover.api;
    requires dev.mailover.outbox;
    requires dev.mailover.spring;
    requires spring.boot;
    requires spring.boot.autoconfigure;
    requires spring.boot.health;
    requires spring.context;
    requires java.logging;
    // The embedded peers the example sends to, and the types they answer with.
    requires greenmail;
    requires jakarta.mail;
    requires mockwebserver3;
    requires okhttp3;

    // Spring scans, instantiates and proxies the application's components reflectively.
    opens dev.mailover.examples.spring;
}
