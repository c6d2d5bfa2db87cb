package example;

import dev.mailover.Mailer;
import dev.mailover.MailerListener;
import dev.mailover.failover.FailoverMailer;
import dev.mailover.http.SendGridMailer;
import dev.mailover.micrometer.MailerMetrics;
import dev.mailover.spring.MailoverAutoConfiguration;
import dev.mailover.ses.SesMailer;
import dev.mailover.smtp.SmtpMailer;

/** Compiles against every module that the BOM pins, none of them with a version. */
public final class EveryModule {
    private EveryModule() {
    }

    public static Mailer mailer(String apiKey, String accessKeyId, String secretAccessKey) {
        return FailoverMailer.builder()
                .transport(SmtpMailer.builder().host("smtp.example.com").build())
                .transport(SendGridMailer.builder().apiKey(apiKey).build())
                .transport(SesMailer.builder().region("eu-west-1").credentials(accessKeyId, secretAccessKey).build())
                .build();
    }

    public static MailerListener meters(io.micrometer.core.instrument.MeterRegistry registry) {
        return MailerMetrics.listener(registry);
    }

    public static Class<?> springBoot() {
        return MailoverAutoConfiguration.class;
    }
}
