package dev.mailover.spring;

import dev.mailover.Mailer;
import dev.mailover.micrometer.MailSendObservationConvention;
import dev.mailover.micrometer.MailerMetrics;
import dev.mailover.outbox.Outbox;
import dev.mailover.outbox.OutboxStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.observation.ObservationRegistry;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.ClassUtils;

/**
 * Auto-configures a {@link Mailer} bean from {@code mailover.dsn}, unless the application defines a
 * {@code Mailer} of its own.
 *
 * <ul>
 *   <li>A {@code failover(…)} or {@code roundrobin(…)} DSN gets the {@code mailover.failover.*} properties,
 *       and, with a {@link MeterRegistry} bean, the {@link MailerMetrics#listener meters' listener}.</li>
 *   <li>With an {@link ObservationRegistry} bean, each send is observed ({@code mail.delivery}, and a span
 *       with a tracing bridge), under a {@link MailSendObservationConvention} bean when there is one.</li>
 *   <li>With {@code mailover.outbox.enabled=true}, the Mailer bean is an {@link Outbox} on the application's
 *       {@link DataSource} (so {@code send} is durable, and {@code Outbox} can be injected too); its relay
 *       delivers through the DSN's mailer, and with a {@code MeterRegistry} its entries are gauged as
 *       {@code mail.outbox.entries}.</li>
 * </ul>
 *
 * <p>The mailer is closed with the application context. A property that cannot work fails the startup with
 * an analysis that names it (see {@link MailoverFailureAnalyzer}).
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration"})
@ConditionalOnClass(Mailer.class)
@EnableConfigurationProperties(MailoverProperties.class)
public class MailoverAutoConfiguration {

    private static final String OUTBOX_CLASS = "dev.mailover.outbox.Outbox";

    /** Created by Spring. */
    public MailoverAutoConfiguration() {
    }

    /** The DSN's mailer, when the application has no Mailer of its own. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingBean(Mailer.class)
    @ConditionalOnProperty(prefix = "mailover", name = "dsn")
    static class DeliveryConfiguration {

        @Bean
        MailoverDelivery mailoverDelivery(MailoverProperties properties, ObjectProvider<MeterRegistry> meters,
                                          ObjectProvider<ObservationRegistry> observations,
                                          ObjectProvider<MailSendObservationConvention> convention) {
            if (properties.getOutbox().isEnabled() && !ClassUtils.isPresent(OUTBOX_CLASS, getClass().getClassLoader())) {
                throw new MailoverPropertyException("mailover.outbox.enabled", "the outbox needs the module mailer-outbox,"
                        + " which is not on the class path", "Add the dependency dev.mailover:mailer-outbox, or set"
                        + " mailover.outbox.enabled=false.", null);
            }
            return MailoverDelivery.create(properties, meters.getIfUnique(), observations.getIfUnique(),
                    convention.getIfUnique());
        }

        /** The DSN's mailer itself; its {@link MailoverDelivery} closes it with the context. */
        @Bean(destroyMethod = "")
        @ConditionalOnProperty(prefix = "mailover.outbox", name = "enabled", havingValue = "false", matchIfMissing = true)
        Mailer mailer(MailoverDelivery delivery) {
            return delivery.mailer();
        }

        /** The outbox in front of the DSN's mailer, on the application's DataSource. */
        @Configuration(proxyBeanMethods = false)
        @ConditionalOnClass(name = OUTBOX_CLASS)
        @ConditionalOnProperty(prefix = "mailover.outbox", name = "enabled", havingValue = "true")
        static class OutboxConfiguration {

            @Bean
            Outbox mailoverOutbox(MailoverDelivery delivery, MailoverProperties properties, ObjectProvider<DataSource> dataSource) {
                return OutboxFromProperties.build(delivery.mailer(), properties.getOutbox(), dataSource.getIfUnique());
            }

            /** The entries by status, for the health contributor. */
            @Bean
            OutboxCounts mailoverOutboxCounts(Outbox outbox) {
                return new OutboxCounts(outbox::counts);
            }

            /** {@code mail.outbox.entries}, bound to every MeterRegistry by Spring Boot. */
            @Bean
            MeterBinder mailoverOutboxMetrics(Outbox outbox) {
                return registry -> MailerMetrics.outbox(registry, OutboxStatus.class, outbox::counts);
            }
        }
    }
}
