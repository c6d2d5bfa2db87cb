/**
 * {@code RecordingMailer}: a {@code Mailer} for an application's own tests, with an optional JUnit 5
 * extension (JUnit Jupiter is needed only for the extension).
 */
module dev.mailover.test {
    requires transitive dev.mailover.api;
    requires static org.junit.jupiter.api;

    exports dev.mailover.test;
}
