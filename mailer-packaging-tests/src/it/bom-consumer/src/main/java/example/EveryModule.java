package example;

import dev.mailover.Diagnosis;
import dev.mailover.Mailer;
import dev.mailover.doctor.Doctor;
import dev.mailover.failover.FailoverMailer;
import dev.mailover.http.SendGridMailer;
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

    public static Diagnosis doctor(String dsn) {
        return Doctor.forDsn(dsn).from("orders@shop.example").build().run();
    }
}
