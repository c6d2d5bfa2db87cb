package dev.mailover.spring;

import dev.mailover.MailException;
import dev.mailover.Mailer;
import dev.mailover.outbox.Outbox;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * Builds the {@link Outbox} that {@code mailover.outbox.*} describes, on the application's DataSource. Only
 * the properties that are set reach the builder, so the outbox's own defaults stay the defaults.
 */
final class OutboxFromProperties {

    private OutboxFromProperties() {
    }

    /**
     * @throws MailoverPropertyException naming the property at fault, or {@code mailover.outbox.enabled} when
     *                                   there is no DataSource or the storage cannot be opened
     */
    static Outbox build(Mailer mailer, MailoverProperties.Outbox settings, DataSource dataSource) {
        if (dataSource == null) {
            throw new MailoverPropertyException("mailover.outbox.enabled", "the outbox stores emails in the"
                    + " application's DataSource, and there is no DataSource bean", "Add spring-boot-starter-jdbc and"
                    + " a database (spring.datasource.url), define a DataSource bean, or set mailover.outbox.enabled=false.", null);
        }
        Outbox.Builder b = Outbox.builder().mailer(mailer).dataSource(dataSource);
        set("mailover.outbox.workers", settings.getWorkers(), b::workers);
        MailoverProperties.Outbox.Retry retry = settings.getRetry();
        if (retry.getFirst() != null || retry.getCap() != null) {
            if (retry.getFirst() == null || retry.getCap() == null) {
                throw new MailoverPropertyException("mailover.outbox.retry", "first and cap go together, and only "
                        + (retry.getFirst() == null ? "cap" : "first") + " is set", "Set both mailover.outbox.retry.first"
                        + " and mailover.outbox.retry.cap (the outbox's defaults are 30s and 1h), or neither.", null);
            }
            set("mailover.outbox.retry", retry.getFirst(), first -> b.retry(first, retry.getCap()));
        }
        set("mailover.outbox.max-age", settings.getMaxAge(), b::maxAge);
        set("mailover.outbox.lease", settings.getLease(), b::lease);
        set("mailover.outbox.poll-interval", settings.getPollInterval(), b::pollInterval);
        set("mailover.outbox.create-schema", settings.getCreateSchema(), b::createSchema);
        try {
            return b.build();
        } catch (MailException e) {
            throw new MailoverPropertyException("mailover.outbox.enabled", "the outbox's storage cannot be opened: "
                    + e.getMessage(), "Check the DataSource (spring.datasource.*); with mailover.outbox.create-schema=false,"
                    + " create the tables from the script in mailer-outbox's jar first.", e);
        }
    }

    private static <T> void set(String property, T value, Consumer<T> setter) {
        if (value == null) {
            return;
        }
        try {
            setter.accept(value);
        } catch (IllegalArgumentException e) {
            throw new MailoverPropertyException(property, e.getMessage(), "Fix " + property + ".", null);
        }
    }
}
