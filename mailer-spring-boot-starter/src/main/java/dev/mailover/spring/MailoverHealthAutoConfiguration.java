package dev.mailover.spring;

import dev.mailover.Mailer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code mailover} health contributor (bean {@code mailoverHealthIndicator}), when spring-boot-health is on
 * the class path and there is a Mailer bean: for the starter's own mailer it reports each transport, its
 * breaker, its last failed send and the outbox; for an application's own Mailer bean, that mailer's check.
 * Bounded by {@code mailover.health.timeout}; off with {@code management.health.mailover.enabled=false}.
 */
@AutoConfiguration(after = MailoverAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(Mailer.class)
@ConditionalOnEnabledHealthIndicator("mailover")
public class MailoverHealthAutoConfiguration {

    /** Created by Spring. */
    public MailoverHealthAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean(name = "mailoverHealthIndicator")
    HealthIndicator mailoverHealthIndicator(ObjectProvider<MailoverDelivery> delivery, ObjectProvider<Mailer> mailer,
                                            ObjectProvider<OutboxCounts> outbox, MailoverProperties properties) {
        MailoverDelivery built = delivery.getIfAvailable();
        if (built == null) {
            return new MailoverHealthIndicator(mailer.getObject(), null, null, properties.getHealth().getTimeout());
        }
        OutboxCounts counts = outbox.getIfAvailable();
        return new MailoverHealthIndicator(built.unobserved(), built.activity(), counts == null ? null : counts.counts(),
                properties.getHealth().getTimeout());
    }
}
