package example;

import dev.mailover.Mailer;
import dev.mailover.failover.FailoverMailer;
import dev.mailover.http.SendGridMailer;
import dev.mailover.smtp.SmtpMailer;

/** Compiles against every module that the BOM pins, none of them with a version. */
public final class EveryModule {
    private EveryModule() {
    }

    public static Mailer mailer(String apiKey) {
        return FailoverMailer.builder()
                .transport(SmtpMailer.builder().host("smtp.example.com").build())
                .transport(SendGridMailer.builder().apiKey(apiKey).build())
                .build();
    }
}
