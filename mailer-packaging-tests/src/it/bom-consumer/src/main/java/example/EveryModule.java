package example;

import dev.mailover.Diagnosis;
import dev.mailover.Mailer;
import dev.mailover.doctor.Doctor;
import dev.mailover.failover.FailoverMailer;
import dev.mailover.http.SendGridMailer;
import dev.mailover.oauth2.OAuth2TokenSource;
import dev.mailover.MailerListener;
import dev.mailover.micrometer.MailerMetrics;
import dev.mailover.spring.MailoverAutoConfiguration;
import dev.mailover.ses.SesMailer;
import dev.mailover.smtp.SmtpMailer;
import dev.mailover.test.RecordingMailer;

/** Compiles against every module that the BOM pins, none of them with a version. */
public final class EveryModule {
    private EveryModule() {
    }

    public static Mailer mailer(String apiKey, String accessKeyId, String secretAccessKey, String tenantId,
                                String clientId, String clientSecret) {
        return FailoverMailer.builder()
                .transport(SmtpMailer.builder().host("smtp.office365.com")
                        .oauth2("sender@contoso.example", OAuth2TokenSource.microsoft365(tenantId, clientId, clientSecret))
                        .build())
                .transport(SendGridMailer.builder().apiKey(apiKey).build())
                .transport(SesMailer.builder().region("eu-west-1").credentials(accessKeyId, secretAccessKey).build())
                .build();
    }

    /** What an application's own tests send through. */
    public static Mailer forTests() {
        return RecordingMailer.create();
    }

    /** The whole-configuration check of a DSN and its sender domain. */
    public static Diagnosis doctor(String dsn) {
        return Doctor.forDsn(dsn).from("orders@shop.example").build().run();
    }

    /** Mailover's meters on an application's registry. */
    public static MailerListener meters(io.micrometer.core.instrument.MeterRegistry registry) {
        return MailerMetrics.listener(registry);
    }

    public static Class<?> springBoot() {
        return MailoverAutoConfiguration.class;
    }
}
