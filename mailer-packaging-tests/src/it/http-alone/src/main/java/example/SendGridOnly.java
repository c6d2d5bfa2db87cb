package example;

import dev.mailover.Mailer;
import dev.mailover.http.SendGridMailer;

/** Compiles against mailer-http alone. */
public final class SendGridOnly {
    private SendGridOnly() {
    }

    public static Mailer mailer(String apiKey) {
        return SendGridMailer.builder().apiKey(apiKey).build();
    }
}
