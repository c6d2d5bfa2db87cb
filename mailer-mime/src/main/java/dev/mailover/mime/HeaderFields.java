package dev.mailover.mime;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The header fields of a written message, as DKIM sees them: each field's whole text (name, colon,
 * value, folded lines included), in order, and their "relaxed" canonical form (RFC 6376, 3.4.2):
 * the name lower-cased, the value unfolded, whitespace runs made one space, no whitespace around the
 * colon or at the end. The bytes are kept as they are (ISO-8859-1 maps each byte to one char), so
 * UTF-8 header lines (RFC 6532) are hashed exactly as written.
 */
final class HeaderFields {

    private final List<String> fields;

    private HeaderFields(List<String> fields) {
        this.fields = fields;
    }

    /** Splits a header section (without its ending empty line) into fields. */
    static HeaderFields parse(byte[] section) {
        String text = new String(section, StandardCharsets.ISO_8859_1);
        List<String> fields = new ArrayList<>();
        StringBuilder field = null;
        for (String line : text.split("\r\n|\n|\r", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && field != null) {
                field.append("\r\n").append(line);
            } else {
                if (field != null) {
                    fields.add(field.toString());
                }
                field = new StringBuilder(line);
            }
        }
        if (field != null) {
            fields.add(field.toString());
        }
        return new HeaderFields(fields);
    }

    /**
     * The fields to sign for these names: each name once per field of that name in the message,
     * and the names in {@code oversigned} once more, so a verifier refuses a message to which such
     * a field was added. Returns the {@code h=} names (as written in the list) and the canonical
     * fields, picked bottom-up for repeated names as RFC 6376, 5.4.2 says.
     */
    Selection select(List<String> names, List<String> oversigned) {
        Map<String, List<String>> byName = new LinkedHashMap<>();
        for (String f : fields) {
            byName.computeIfAbsent(name(f), k -> new ArrayList<>()).add(f);
        }
        List<String> signed = new ArrayList<>();
        StringBuilder canonical = new StringBuilder();
        for (String n : names) {
            List<String> present = byName.getOrDefault(n.toLowerCase(Locale.ROOT), List.of());
            for (int i = present.size() - 1; i >= 0; i--) {
                signed.add(n);
                canonical.append(relaxed(present.get(i))).append("\r\n");
            }
        }
        for (String n : oversigned) {
            if (byName.containsKey(n.toLowerCase(Locale.ROOT))) {
                signed.add(n);
            }
        }
        return new Selection(List.copyOf(signed), canonical.toString());
    }

    /** The chosen {@code h=} names and their canonical fields, each ending with CRLF. */
    record Selection(List<String> names, String canonical) {
    }

    private static String name(String field) {
        int colon = field.indexOf(':');
        return (colon < 0 ? field : field.substring(0, colon)).strip().toLowerCase(Locale.ROOT);
    }

    /** One field in relaxed canonical form, without the CRLF. */
    static String relaxed(String field) {
        int colon = field.indexOf(':');
        String value = colon < 0 ? "" : field.substring(colon + 1);
        StringBuilder v = new StringBuilder(value.length());
        boolean space = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n') {
                continue;
            }
            if (c == ' ' || c == '\t') {
                space = true;
                continue;
            }
            if (space && v.length() > 0) {
                v.append(' ');
            }
            space = false;
            v.append(c);
        }
        return name(field) + ":" + v;
    }
}
