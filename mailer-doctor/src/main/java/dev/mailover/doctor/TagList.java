package dev.mailover.doctor;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A DKIM key record or a DMARC record: {@code tag=value} pairs separated by semicolons (RFC 6376,
 * 3.2; RFC 7489, 6.3), tag names compared without case. A tag given twice makes the record invalid.
 */
final class TagList {

    private final Map<String, String> tags;
    private final String error;

    private TagList(Map<String, String> tags, String error) {
        this.tags = tags;
        this.error = error;
    }

    static TagList parse(String text) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (String part : text.split(";")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq <= 0) {
                return new TagList(tags, "'" + p + "' is not tag=value");
            }
            String name = p.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            if (tags.put(name, p.substring(eq + 1).strip()) != null) {
                return new TagList(tags, "the tag " + name + "= appears twice");
            }
        }
        return new TagList(tags, null);
    }

    /** Why the record does not parse; empty when it does. */
    Optional<String> error() {
        return Optional.ofNullable(error);
    }

    Optional<String> get(String tag) {
        return Optional.ofNullable(tags.get(tag));
    }

    /** The first tag's name, which both formats require to be {@code v}. */
    Optional<String> firstTag() {
        return tags.keySet().stream().findFirst();
    }
}
