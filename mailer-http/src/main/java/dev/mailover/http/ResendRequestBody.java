package dev.mailover.http;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.mailover.Address;
import dev.mailover.Attachment;
import dev.mailover.Email;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Resend {@code POST /emails} JSON for one {@link Email}, streamed.
 *
 * <p>The mapping: {@code from}, and {@code to}, {@code cc}, {@code bcc} and {@code reply_to} as
 * arrays, each address as {@code Name <a@b>}; {@code subject}; {@code text} and {@code html}; custom
 * headers and the Email's Message-ID in {@code headers}; attachments as {@code attachments
 * [{filename, content (base64), content_type}]}, inline parts with their {@code content_id} so
 * {@code cid:} links work; tags and metadata as {@code tags [{name, value}]}: each tag as
 * {@code {name: TAG, value: "true"}}, each metadata entry as {@code {name: KEY, value: VALUE}}.
 *
 * <p>Resend writes a display name unquoted and refuses one in quotes, so {@code "}, {@code ,},
 * {@code ;}, {@code <} and {@code >} are removed from names. A tag's name and value may hold only
 * ASCII letters, digits, {@code _} and {@code -}, at most {@value #MAX_TAG_TEXT} characters: every
 * other character becomes {@code _} and longer text is cut; a name that repeats after that is sent
 * once (the first).
 */
final class ResendRequestBody {

    /** The longest tag name or value Resend accepts. */
    static final int MAX_TAG_TEXT = 256;

    private ResendRequestBody() {
    }

    /** The streaming body for the email. */
    static JsonBody of(Email email) {
        return new JsonBody(json -> write(json, email));
    }

    static void write(JsonGenerator json, Email email) throws IOException {
        json.writeStartObject();
        json.writeStringField("from", address(email.from()));
        writeList(json, "to", email.to());
        writeList(json, "cc", email.cc());
        writeList(json, "bcc", email.bcc());
        writeList(json, "reply_to", email.replyTo());
        json.writeStringField("subject", email.subject());
        if (email.text().isPresent()) {
            json.writeStringField("text", email.text().get());
        }
        if (email.html().isPresent()) {
            json.writeStringField("html", email.html().get());
        }
        JsonBody.writeHeaders(json, email, Map.of());
        if (!email.attachments().isEmpty()) {
            json.writeArrayFieldStart("attachments");
            for (Attachment a : email.attachments()) {
                json.writeStartObject();
                json.writeStringField("filename", a.filename());
                json.writeFieldName("content");
                JsonBody.writeBase64(json, a);
                json.writeStringField("content_type", a.contentType());
                if (a.isInline()) {
                    json.writeStringField("content_id", a.contentId().orElseThrow());
                }
                json.writeEndObject();
            }
            json.writeEndArray();
        }
        Map<String, String> tags = tags(email);
        if (!tags.isEmpty()) {
            json.writeArrayFieldStart("tags");
            for (Map.Entry<String, String> t : tags.entrySet()) {
                json.writeStartObject();
                json.writeStringField("name", t.getKey());
                json.writeStringField("value", t.getValue());
                json.writeEndObject();
            }
            json.writeEndArray();
        }
        json.writeEndObject();
    }

    /** The tags as Resend takes them, name to value: the Email's tags (value {@code true}), then its metadata. */
    static Map<String, String> tags(Email email) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (String tag : email.tags()) {
            tags.putIfAbsent(tagText(tag), "true");
        }
        email.metadata().forEach((key, value) -> tags.putIfAbsent(tagText(key), tagText(value)));
        return tags;
    }

    /** The text as a Resend tag name or value: ASCII letters, digits, '_' and '-', every other character as '_'. */
    static String tagText(String text) {
        String t = text.replaceAll("[^A-Za-z0-9_-]", "_");
        return t.length() <= MAX_TAG_TEXT ? t : t.substring(0, MAX_TAG_TEXT);
    }

    /** {@code Name <a@b>} with the name unquoted (without the characters that would need quotes), or {@code a@b}. */
    static String address(Address a) {
        String name = a.name() == null ? "" : a.name().replaceAll("[\",;<>]", " ").replaceAll("\\s+", " ").strip();
        return name.isEmpty() ? a.email() : name + " <" + a.email() + ">";
    }

    private static void writeList(JsonGenerator json, String field, List<Address> addresses) throws IOException {
        if (addresses.isEmpty()) {
            return;
        }
        json.writeArrayFieldStart(field);
        for (Address a : addresses) {
            json.writeString(address(a));
        }
        json.writeEndArray();
    }
}
