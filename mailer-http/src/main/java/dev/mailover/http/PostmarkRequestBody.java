package dev.mailover.http;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.mailover.Address;
import dev.mailover.Attachment;
import dev.mailover.Email;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The Postmark {@code POST /email} JSON for one {@link Email}, streamed.
 *
 * <p>The mapping: {@code From}; {@code To}, {@code Cc}, {@code Bcc} and {@code ReplyTo} as
 * comma-separated {@code Name <a@b>} lists; {@code Subject}; {@code TextBody} and {@code HtmlBody};
 * custom headers and the Email's Message-ID in {@code Headers [{Name,Value}]}; metadata as
 * {@code Metadata}; {@code MessageStream}; attachments as {@code Attachments [{Name, Content,
 * ContentType, ContentID}]}, inline parts with {@code ContentID "cid:<id>"}.
 *
 * <p>Postmark takes one {@code Tag} per message: the Email's first tag is sent, and further tags are
 * left out (Postmark has nowhere to put them; use metadata for more dimensions).
 */
final class PostmarkRequestBody {

    static final int MAX_TAG_LENGTH = 1000;

    private PostmarkRequestBody() {
    }

    /** A tag longer than Postmark allows, found before any call; empty when the email fits. */
    static Optional<Refusal> refusal(Email email) {
        if (!email.tags().isEmpty() && email.tags().get(0).length() > MAX_TAG_LENGTH) {
            return Optional.of(new Refusal(HttpReason.TAG_TOO_LONG, "the tag is " + email.tags().get(0).length()
                    + " characters long; Postmark accepts at most " + MAX_TAG_LENGTH,
                    Map.of("maxTagLength", String.valueOf(MAX_TAG_LENGTH))));
        }
        return Optional.empty();
    }

    static JsonBody of(Email email, String messageStream) {
        return new JsonBody(json -> write(json, email, messageStream));
    }

    static void write(JsonGenerator json, Email email, String messageStream) throws IOException {
        json.writeStartObject();
        json.writeStringField("From", email.from().toString());
        writeList(json, "To", email.to());
        writeList(json, "Cc", email.cc());
        writeList(json, "Bcc", email.bcc());
        json.writeStringField("Subject", email.subject());
        if (!email.tags().isEmpty()) {
            json.writeStringField("Tag", email.tags().get(0));
        }
        if (email.text().isPresent()) {
            json.writeStringField("TextBody", email.text().get());
        }
        if (email.html().isPresent()) {
            json.writeStringField("HtmlBody", email.html().get());
        }
        writeList(json, "ReplyTo", email.replyTo());

        json.writeArrayFieldStart("Headers");
        for (Map.Entry<String, String> h : email.headers().entrySet()) {
            writeHeader(json, h.getKey(), h.getValue());
        }
        writeHeader(json, "Message-ID", email.messageId());
        json.writeEndArray();

        if (!email.metadata().isEmpty()) {
            json.writeObjectFieldStart("Metadata");
            for (Map.Entry<String, String> m : email.metadata().entrySet()) {
                json.writeStringField(m.getKey(), m.getValue());
            }
            json.writeEndObject();
        }
        json.writeStringField("MessageStream", messageStream);

        if (!email.attachments().isEmpty()) {
            json.writeArrayFieldStart("Attachments");
            for (Attachment a : email.attachments()) {
                json.writeStartObject();
                json.writeStringField("Name", a.filename());
                json.writeFieldName("Content");
                JsonBody.writeBase64(json, a);
                json.writeStringField("ContentType", a.contentType());
                if (a.isInline()) {
                    json.writeStringField("ContentID", "cid:" + a.contentId().orElseThrow());
                }
                json.writeEndObject();
            }
            json.writeEndArray();
        }
        json.writeEndObject();
    }

    private static void writeList(JsonGenerator json, String field, List<Address> addresses) throws IOException {
        if (!addresses.isEmpty()) {
            json.writeStringField(field, addresses.stream().map(Address::toString).collect(Collectors.joining(", ")));
        }
    }

    private static void writeHeader(JsonGenerator json, String name, String value) throws IOException {
        json.writeStartObject();
        json.writeStringField("Name", name);
        json.writeStringField("Value", value);
        json.writeEndObject();
    }
}
