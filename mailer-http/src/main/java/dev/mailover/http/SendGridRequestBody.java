package dev.mailover.http;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.mailover.Address;
import dev.mailover.Attachment;
import dev.mailover.Email;
import dev.mailover.internal.Utf8;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The SendGrid v3 {@code /v3/mail/send} JSON for one {@link Email}, streamed.
 *
 * <p>The mapping: one personalization with to, cc and bcc (an address that appears twice is sent
 * once, as SendGrid refuses duplicates); {@code from} and {@code reply_to} (or {@code reply_to_list}
 * for several) as {@code {email,name}}; {@code content} with text/plain before text/html;
 * attachments with disposition {@code attachment} or {@code inline} and {@code content_id};
 * custom headers plus the Email's {@code Message-ID} in {@code headers}; tags as
 * {@code categories} (the first 10, SendGrid's limit; further tags are left out); metadata as {@code custom_args}; sandbox mode in {@code mail_settings}.
 * SendGrid refuses {@code ,} and {@code ;} in display names, so they are removed from names.
 */
final class SendGridRequestBody {

    static final int MAX_CATEGORY_LENGTH = 255;
    static final int MAX_CUSTOM_ARGS_BYTES = 10_000;

    private SendGridRequestBody() {
    }

    /** What SendGrid would refuse, found before any call; empty when it can carry the email. */
    static Optional<Refusal> refusal(Email email) {
        if (email.to().isEmpty()) {
            return Refusal.of(HttpReason.NEEDS_TO, "SendGrid requires at least one To recipient; this email has only Cc or Bcc");
        }
        if (email.subject().isEmpty()) {
            return Refusal.of(HttpReason.NEEDS_SUBJECT, "SendGrid requires a subject of at least one character");
        }
        for (String tag : categories(email)) {
            if (tag.length() > MAX_CATEGORY_LENGTH) {
                return Optional.of(new Refusal(HttpReason.TAG_TOO_LONG, "a tag is " + tag.length()
                        + " characters long; SendGrid accepts at most " + MAX_CATEGORY_LENGTH + " per category",
                        Map.of("maxTagLength", String.valueOf(MAX_CATEGORY_LENGTH))));
            }
        }
        long argsBytes = 2;
        for (Map.Entry<String, String> m : email.metadata().entrySet()) {
            argsBytes += Utf8.length(m.getKey()) + Utf8.length(m.getValue()) + 6;
        }
        if (argsBytes > MAX_CUSTOM_ARGS_BYTES) {
            return Optional.of(new Refusal(HttpReason.OPTIONS_TOO_LARGE, "the metadata is " + argsBytes
                    + " bytes as custom_args; SendGrid accepts at most " + MAX_CUSTOM_ARGS_BYTES,
                    Map.of("limit", MAX_CUSTOM_ARGS_BYTES + " bytes")));
        }
        return Optional.empty();
    }

    /** The streaming body for the email. */
    static JsonBody of(Email email, boolean sandbox) {
        return new JsonBody(json -> write(json, email, sandbox));
    }

    static void write(JsonGenerator json, Email email, boolean sandbox) throws IOException {
        json.writeStartObject();

        json.writeArrayFieldStart("personalizations");
        json.writeStartObject();
        Set<String> seen = new HashSet<>();
        JsonBody.writeAddresses(json, "to", unique(email.to(), seen), SendGridRequestBody::name);
        JsonBody.writeAddresses(json, "cc", unique(email.cc(), seen), SendGridRequestBody::name);
        JsonBody.writeAddresses(json, "bcc", unique(email.bcc(), seen), SendGridRequestBody::name);
        json.writeEndObject();
        json.writeEndArray();

        json.writeFieldName("from");
        JsonBody.writeAddress(json, email.from(), SendGridRequestBody::name);
        if (email.replyTo().size() == 1) {
            json.writeFieldName("reply_to");
            JsonBody.writeAddress(json, email.replyTo().get(0), SendGridRequestBody::name);
        } else if (email.replyTo().size() > 1) {
            JsonBody.writeAddresses(json, "reply_to_list", email.replyTo(), SendGridRequestBody::name);
        }
        json.writeStringField("subject", email.subject());

        json.writeArrayFieldStart("content");
        if (email.text().isPresent()) {
            writeContent(json, "text/plain", email.text().get());
        }
        if (email.html().isPresent()) {
            writeContent(json, "text/html", email.html().get());
        }
        json.writeEndArray();

        if (!email.attachments().isEmpty()) {
            json.writeArrayFieldStart("attachments");
            for (Attachment a : email.attachments()) {
                json.writeStartObject();
                json.writeFieldName("content");
                JsonBody.writeBase64(json, a);
                json.writeStringField("filename", a.filename());
                json.writeStringField("type", a.contentType());
                json.writeStringField("disposition", a.isInline() ? "inline" : "attachment");
                if (a.isInline()) {
                    json.writeStringField("content_id", a.contentId().orElseThrow());
                }
                json.writeEndObject();
            }
            json.writeEndArray();
        }

        JsonBody.writeHeaders(json, email, Map.of());

        if (!email.tags().isEmpty()) {
            json.writeArrayFieldStart("categories");
            for (String tag : categories(email)) {
                json.writeString(tag);
            }
            json.writeEndArray();
        }
        if (!email.metadata().isEmpty()) {
            json.writeObjectFieldStart("custom_args");
            for (Map.Entry<String, String> m : email.metadata().entrySet()) {
                json.writeStringField(m.getKey(), m.getValue());
            }
            json.writeEndObject();
        }
        if (sandbox) {
            json.writeObjectFieldStart("mail_settings");
            json.writeObjectFieldStart("sandbox_mode");
            json.writeBooleanField("enable", true);
            json.writeEndObject();
            json.writeEndObject();
        }
        json.writeEndObject();
    }

    /** The tags sent as categories: the first 10, SendGrid's limit. */
    static List<String> categories(Email email) {
        return SendGridApi.API.limits().tags(email);
    }

    /** The display name as SendGrid accepts it: without {@code ,} or {@code ;}; null when none is left. */
    static String name(Address address) {
        if (address.name() == null) {
            return null;
        }
        String n = address.name().replace(",", " ").replace(";", " ").replaceAll("\\s+", " ").strip();
        return n.isEmpty() ? null : n;
    }

    private static List<Address> unique(List<Address> addresses, Set<String> seen) {
        List<Address> out = new ArrayList<>(addresses.size());
        for (Address a : addresses) {
            if (seen.add(a.email().toLowerCase(Locale.ROOT))) {
                out.add(a);
            }
        }
        return out;
    }

    private static void writeContent(JsonGenerator json, String type, String value) throws IOException {
        json.writeStartObject();
        json.writeStringField("type", type);
        json.writeStringField("value", value);
        json.writeEndObject();
    }
}
