package dev.mailover.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sendgrid.helpers.mail.Mail;
import com.sendgrid.helpers.mail.objects.Attachments;
import com.sendgrid.helpers.mail.objects.Content;
import com.sendgrid.helpers.mail.objects.MailSettings;
import com.sendgrid.helpers.mail.objects.Personalization;
import com.sendgrid.helpers.mail.objects.Setting;
import dev.mailover.Email;
import dev.mailover.testing.TestEmails;
import java.util.Base64;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/**
 * The official SendGrid Java SDK serializes the same message; the JSON our streaming writer sends
 * must be structurally identical, so the mapping follows SendGrid's own model, not our reading of it.
 */
class SendGridSdkCrossCheckTest {

    @Test
    void streamedJsonEqualsWhatTheOfficialSdkSerializes() throws Exception {
        Email email = TestEmails.fullyLoaded();

        Mail mail = new Mail();
        mail.setFrom(new com.sendgrid.helpers.mail.objects.Email("ada@example.com", "Ada Lovelace"));
        mail.setSubject("Quarterly report");
        Personalization p = new Personalization();
        p.addTo(new com.sendgrid.helpers.mail.objects.Email("bob@example.org", "Bob Builder"));
        p.addTo(new com.sendgrid.helpers.mail.objects.Email("carol@example.org"));
        p.addCc(new com.sendgrid.helpers.mail.objects.Email("dan@example.org", "Dan"));
        p.addBcc(new com.sendgrid.helpers.mail.objects.Email("eve@example.org"));
        mail.addPersonalization(p);
        mail.setReplyTo(new com.sendgrid.helpers.mail.objects.Email("support@example.com"));
        mail.addContent(new Content("text/plain", "Hello Bob"));
        mail.addContent(new Content("text/html", "<p>Hello Bob <img src=\"cid:logo\"></p>"));
        mail.addAttachments(new Attachments.Builder("report.pdf", new java.io.ByteArrayInputStream(TestEmails.PDF))
                .withType("application/pdf").withDisposition("attachment").build());
        Attachments logo = new Attachments();
        logo.setContent(Base64.getEncoder().encodeToString(TestEmails.PNG));
        logo.setFilename("logo.png");
        logo.setType("image/png");
        logo.setDisposition("inline");
        logo.setContentId("logo");
        mail.addAttachments(logo);
        mail.addHeader("X-Campaign", "q3");
        mail.addHeader("Message-ID", "<q3-report-1@example.com>");
        mail.addCategory("reports");
        mail.addCategory("q3");
        mail.addCustomArg("customer", "42");
        MailSettings settings = new MailSettings();
        Setting sandbox = new Setting();
        sandbox.setEnable(true);
        settings.setSandboxMode(sandbox);
        mail.setMailSettings(settings);

        Buffer ours = new Buffer();
        SendGridRequestBody.of(email, true).writeTo(ours);

        assertThat(Json.parse(ours.readUtf8())).isEqualTo(Json.parse(mail.build()));
    }
}
