package dev.mailover.ses;

import dev.mailover.Email;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sesv2.model.MessageTag;

/**
 * Turns an email's tags and metadata into SES message tags ({@code EmailTags}), which SES publishes
 * with every sending event of a configuration set.
 *
 * <p>SES allows only ASCII letters, digits, {@code _} and {@code -} in tag names and values, at most
 * 256 characters each. Rather than fail a send over an analytics label, each other character is
 * replaced with {@code _}, longer text is cut at 256 characters, and an empty value is sent as
 * {@code _}. A tag {@code t} becomes the message tag {@code t=true}; a metadata entry {@code k=v}
 * becomes {@code k=v}. When two names end up equal after sanitizing, the later one wins, metadata
 * after tags. The unchanged values also travel in the raw message as {@code X-Mailover-Tag} and
 * {@code X-Mailover-Meta-*} headers.
 */
final class SesMessageTags {

    /** SES's limit for a tag name or value. */
    static final int MAX_LENGTH = 256;

    private SesMessageTags() {
    }

    /** The message tags for this email, in the order of its tags then its metadata. */
    static List<MessageTag> of(Email email) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (String tag : email.tags()) {
            tags.put(sanitize(tag), "true");
        }
        for (Map.Entry<String, String> m : email.metadata().entrySet()) {
            tags.put(sanitize(m.getKey()), sanitize(m.getValue()));
        }
        List<MessageTag> out = new ArrayList<>(tags.size());
        tags.forEach((name, value) -> out.add(MessageTag.builder().name(name).value(value).build()));
        return out;
    }

    /** Replaces every character SES does not allow with {@code _} and cuts the text to 256 characters. */
    static String sanitize(String text) {
        if (text.isEmpty()) {
            return "_";
        }
        int length = Math.min(text.length(), MAX_LENGTH);
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
            b.append(allowed ? c : '_');
        }
        return b.toString();
    }
}
