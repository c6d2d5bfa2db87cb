package dev.mailover.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailover.Mailer;
import dev.mailover.SendingPath;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every HTTP transport says how its mail leaves, as its provider documents it, for the sender-domain checks. */
class SendingPathTest {

    @ParameterizedTest
    @EnumSource(HttpMailers.class)
    void everyProviderDescribesItsPathWithoutAnSmtpHost(HttpMailers provider) {
        try (Mailer mailer = provider.builder().build()) {
            assertThat(mailer).isInstanceOf(SendingPath.Source.class);
            SendingPath path = ((SendingPath.Source) mailer).sendingPath();

            assertThat(path.provider()).isEqualTo(provider.api().provider());
            assertThat(path.smtpHost()).isEmpty();
            assertThat(path.dkimSetup()).contains("_domainkey");
        }
    }

    @Test
    void theDocumentedIncludesAndSelectors() {
        assertThat(SendGridApi.API.sendingPath().spfInclude()).isEqualTo("sendgrid.net");
        assertThat(SendGridApi.API.sendingPath().dkimSelectors()).isEqualTo(List.of("s1", "s2"));
        assertThat(MailgunApi.API.sendingPath().spfInclude()).isEqualTo("mailgun.org");
        assertThat(PostmarkApi.API.sendingPath().spfInclude()).isEqualTo("spf.mtasv.net");
        assertThat(BrevoApi.API.sendingPath().spfInclude()).isEqualTo("spf.brevo.com");
        assertThat(BrevoApi.API.sendingPath().dkimSelectors()).isEqualTo(List.of("brevo1", "brevo2"));
        // Resend's SPF record belongs on its send. subdomain, so the sender domain's own record needs no include
        assertThat(ResendApi.API.sendingPath().spfInclude()).isEmpty();
        assertThat(ResendApi.API.sendingPath().dkimSelectors()).isEqualTo(List.of("resend"));
    }
}
