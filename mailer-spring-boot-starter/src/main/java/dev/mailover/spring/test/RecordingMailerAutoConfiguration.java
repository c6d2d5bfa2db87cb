package dev.mailover.spring.test;

import dev.mailover.spring.MailoverAutoConfiguration;
import dev.mailover.test.RecordingMailer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The test auto-configuration behind {@link AutoConfigureRecordingMailer}: a {@code @Primary}
 * {@link RecordingMailer} bean, registered before {@link MailoverAutoConfiguration} so that the starter's
 * mailer backs off. Not in the application's auto-configurations: only the annotation imports it.
 */
@AutoConfiguration(before = MailoverAutoConfiguration.class)
@ConditionalOnClass(RecordingMailer.class)
public class RecordingMailerAutoConfiguration {

    /** Created by Spring. */
    public RecordingMailerAutoConfiguration() {
    }

    /**
     * The recording mailer the test injects.
     *
     * @return a new, empty recording mailer
     */
    @Bean
    @Primary
    public RecordingMailer recordingMailer() {
        return RecordingMailer.create();
    }
}
