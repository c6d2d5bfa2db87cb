package dev.mailover.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailover.internal.Secrets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmtpDialogueLogTest {

    private final SmtpDialogueLog log = new SmtpDialogueLog("smtp.example.com:587", () -> Secrets.of("s3cret"));

    private List<String> feed(String... lines) {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            String masked = log.mask(line);
            if (masked != null) {
                out.add(masked);
            }
        }
        return out;
    }

    @Test
    void authPlainInitialResponseIsMasked() {
        assertThat(feed("AUTH PLAIN AGFwcC11c2VyAHMzY3JldA==", "235 2.7.0 Accepted"))
                .containsExactly("AUTH PLAIN ****", "235 2.7.0 Accepted");
    }

    @Test
    void authLoginAnswersToChallengesAreMasked() {
        assertThat(feed("AUTH LOGIN", "334 VXNlcm5hbWU6", "YXBwLXVzZXI=", "334 UGFzc3dvcmQ6", "czNjcmV0", "235 ok"))
                .containsExactly("AUTH LOGIN", "334 VXNlcm5hbWU6", "****", "334 UGFzc3dvcmQ6", "****", "235 ok");
    }

    @Test
    void knownSecretsAreMaskedAnywhere() {
        assertThat(feed("DEBUG SMTP: password s3cret here")).containsExactly("DEBUG SMTP: password **** here");
    }

    @Test
    void messageBodyIsSummarisedNotLogged() {
        assertThat(feed("DATA", "354 go ahead", "Subject: private", "", "secret body", ".", "250 OK"))
                .containsExactly("DATA", "354 go ahead", "[message body: 3 lines]", "250 OK");
    }
}
