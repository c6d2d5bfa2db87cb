package dev.mailover;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A provider registered in this module's test resources, so DSN parsing and the ServiceLoader
 * lookup are tested end to end without any transport module. Its mailers record the DSN they were
 * built from and deliver nothing.
 */
public final class RecordingMailerProvider implements MailerProvider {

    @Override
    public Set<String> schemes() {
        return Set.of("record", "group");
    }

    @Override
    public Mailer create(Dsn dsn) {
        if (dsn.scheme().equals("group")) {
            List<Mailer> members = new ArrayList<>();
            for (Dsn child : dsn.children()) {
                members.add(Mailers.fromDsn(child));
            }
            return new RecordingMailer(dsn, members);
        }
        dsn.requireKnownOptions("connect_timeout", "pool_size");
        return new RecordingMailer(dsn, List.of());
    }

    /** The mailer the provider builds: it keeps its DSN and members for assertions. */
    static final class RecordingMailer implements Mailer {
        final Dsn dsn;
        final List<Mailer> members;

        RecordingMailer(Dsn dsn, List<Mailer> members) {
            this.dsn = dsn;
            this.members = members;
        }

        @Override
        public SendResult send(Email email) {
            return SendResult.delivered(email.messageId(), name(), "recorded", Duration.ZERO);
        }

        @Override
        public HealthCheck check() {
            return HealthCheck.healthy(name(), "recording", Duration.ZERO);
        }

        @Override
        public String name() {
            return dsn.scheme();
        }

        @Override
        public void close() {
        }
    }
}
