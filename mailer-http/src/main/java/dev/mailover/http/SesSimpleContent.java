package dev.mailover.http;

import dev.mailover.Email;
import software.amazon.awssdk.services.sesv2.model.Body;
import software.amazon.awssdk.services.sesv2.model.Content;
import software.amazon.awssdk.services.sesv2.model.EmailContent;
import software.amazon.awssdk.services.sesv2.model.Message;

/** SES "simple" content: subject and text/HTML body, UTF-8. Interim until the raw MIME path lands. */
final class SesSimpleContent {

    private SesSimpleContent() {
    }

    static EmailContent of(Email email) {
        Body.Builder body = Body.builder();
        email.text().ifPresent(t -> body.text(utf8(t)));
        email.html().ifPresent(h -> body.html(utf8(h)));
        return EmailContent.builder()
                .simple(Message.builder().subject(utf8(email.subject())).body(body.build()).build())
                .build();
    }

    private static Content utf8(String data) {
        return Content.builder().data(data).charset("UTF-8").build();
    }
}
