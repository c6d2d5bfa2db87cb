package dev.mailover.http;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.mailover.Address;
import dev.mailover.Attachment;
import dev.mailover.Email;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Brevo {@code POST /v3/smtp/email} JSON for one {@link Email}, streamed.
 *
 * <p>The mapping: {@code sender}, {@code to}, {@code cc}, {@code bcc} and {@code replyTo} as
 * {@code {email, name}}; {@code subject}; {@code textContent} and {@code htmlContent}; custom headers
 * and the Email's Message-ID in {@code headers} (whether Brevo keeps a Message-ID given there is
 * unconfirmed; the result's id is Brevo's own either way), with the metadata as JSON in
 * {@code X-Mailin-custom}, the header Brevo hands back in its webhooks; attachments as
 * {@code attachment [{name, content (base64)}]}; tags as {@code tags}.
 *
 * <p>Brevo takes one reply-to address: the first is sent. Its API has no Content-ID for attachments,
 * so an inline part travels as an ordinary attachment under its file name (a {@code cid:} link in the
 * HTML does not show it). Display names are cut at {@value #MAX_NAME} characters, Brevo's documented
 * limit. Brevo accepts only the attachment types in {@link #EXTENSIONS}: any other is refused before
 * the call.
 */
final class BrevoRequestBody {

    /** The longest display name Brevo documents. */
    static final int MAX_NAME = 70;

    /** The file extensions Brevo documents for attachments. */
    static final Set<String> EXTENSIONS = Set.of("xlsx", "xls", "ods", "docx", "docm", "doc", "csv", "pdf", "txt", "gif",
            "jpg", "jpeg", "png", "tif", "tiff", "rtf", "bmp", "cgm", "css", "shtml", "html", "htm", "zip", "xml", "ppt",
            "pptx", "tar", "ez", "ics", "mobi", "msg", "pub", "eps", "odt", "mp3", "m4a", "m4v", "wma", "ogg", "flac", "wav",
            "aif", "aifc", "aiff", "mp4", "mov", "avi", "mkv", "mpeg", "mpg", "wmv", "pkpass", "xlsm");

    private BrevoRequestBody() {
    }

    /** An attachment of a type Brevo does not accept, found before any call; empty when every one fits. */
    static Optional<Refusal> refusal(Email email) {
        for (Attachment a : email.attachments()) {
            String name = a.filename();
            int dot = name.lastIndexOf('.');
            String extension = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
            if (!EXTENSIONS.contains(extension)) {
                return Refusal.of(HttpReason.ATTACHMENT_TYPE_REFUSED, "attachment '" + name + "': Brevo accepts only files"
                        + " named ." + EXTENSIONS.stream().sorted().collect(Collectors.joining(", .")));
            }
        }
        return Optional.empty();
    }

    /** The streaming body for the email. */
    static JsonBody of(Email email) {
        return new JsonBody(json -> write(json, email));
    }

    static void write(JsonGenerator json, Email email) throws IOException {
        json.writeStartObject();
        json.writeFieldName("sender");
        JsonBody.writeAddress(json, email.from(), BrevoRequestBody::name);
        JsonBody.writeAddresses(json, "to", email.to(), BrevoRequestBody::name);
        JsonBody.writeAddresses(json, "cc", email.cc(), BrevoRequestBody::name);
        JsonBody.writeAddresses(json, "bcc", email.bcc(), BrevoRequestBody::name);
        if (!email.replyTo().isEmpty()) {
            json.writeFieldName("replyTo");
            JsonBody.writeAddress(json, email.replyTo().get(0), BrevoRequestBody::name);
        }
        json.writeStringField("subject", email.subject());
        if (email.text().isPresent()) {
            json.writeStringField("textContent", email.text().get());
        }
        if (email.html().isPresent()) {
            json.writeStringField("htmlContent", email.html().get());
        }
        JsonBody.writeHeaders(json, email, email.metadata().isEmpty() ? Map.of()
                : Map.of("X-Mailin-custom", metadataJson(email)));
        if (!email.attachments().isEmpty()) {
            json.writeArrayFieldStart("attachment");
            for (Attachment a : email.attachments()) {
                json.writeStartObject();
                json.writeStringField("name", a.filename());
                json.writeFieldName("content");
                JsonBody.writeBase64(json, a);
                json.writeEndObject();
            }
            json.writeEndArray();
        }
        if (!email.tags().isEmpty()) {
            json.writeArrayFieldStart("tags");
            for (String tag : email.tags()) {
                json.writeString(tag);
            }
            json.writeEndArray();
        }
        json.writeEndObject();
    }

    /** The display name as Brevo accepts it: at most {@value #MAX_NAME} characters; null for none. */
    static String name(Address address) {
        String n = address.name() == null ? "" : address.name().strip();
        return n.isEmpty() ? null : n.length() <= MAX_NAME ? n : n.substring(0, MAX_NAME);
    }

    /** The metadata as one JSON object, for the {@code X-Mailin-custom} header. */
    private static String metadataJson(Email email) throws IOException {
        java.io.StringWriter out = new java.io.StringWriter();
        try (JsonGenerator g = JsonBody.FACTORY.createGenerator(out)) {
            g.writeStartObject();
            for (Map.Entry<String, String> m : email.metadata().entrySet()) {
                g.writeStringField(m.getKey(), m.getValue());
            }
            g.writeEndObject();
        }
        return out.toString();
    }
}
