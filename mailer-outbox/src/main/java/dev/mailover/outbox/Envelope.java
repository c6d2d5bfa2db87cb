package dev.mailover.outbox;

import dev.mailover.Address;
import dev.mailover.Attachment;
import dev.mailover.Email;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stored form of an {@link Email} without its attachment bytes: a versioned JSON document holding the
 * addresses with their display names, subject, bodies, headers, tags, metadata, Message-ID and, for each
 * attachment, its file name, content type, content id and size. The bytes are stored next to it in chunks.
 */
final class Envelope {

    /** The format written now; reading refuses a newer one with a message that says so. */
    static final long VERSION = 1;

    /** What the envelope says about one attachment. */
    record Part(String filename, String contentType, String contentId, long size) {
    }

    private final Map<String, Object> json;
    private final List<Part> parts;

    private Envelope(Map<String, Object> json, List<Part> parts) {
        this.json = json;
        this.parts = parts;
    }

    /** The JSON of the email; {@code sizes} are the attachments' sizes as they are being stored. */
    static String write(Email email, List<Long> sizes) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("v", VERSION);
        m.put("messageId", email.messageId());
        m.put("from", address(email.from()));
        m.put("replyTo", addresses(email.replyTo()));
        m.put("to", addresses(email.to()));
        m.put("cc", addresses(email.cc()));
        m.put("bcc", addresses(email.bcc()));
        m.put("subject", email.subject());
        email.text().ifPresent(t -> m.put("text", t));
        email.html().ifPresent(h -> m.put("html", h));
        m.put("headers", email.headers());
        m.put("tags", email.tags());
        m.put("metadata", email.metadata());
        List<Object> attachments = new ArrayList<>();
        for (int i = 0; i < email.attachments().size(); i++) {
            Attachment a = email.attachments().get(i);
            Map<String, Object> part = new LinkedHashMap<>();
            part.put("filename", a.filename());
            part.put("contentType", a.contentType());
            a.contentId().ifPresent(cid -> part.put("contentId", cid));
            part.put("size", sizes.get(i));
            attachments.add(part);
        }
        m.put("attachments", attachments);
        return Json.write(new StringBuilder(256 + email.text().map(String::length).orElse(0)
                + email.html().map(String::length).orElse(0)), m).toString();
    }

    /**
     * Reads a stored envelope.
     *
     * @throws IllegalArgumentException when it is not an envelope this version can read
     */
    static Envelope read(String text) {
        if (!(Json.parse(text) instanceof Map<?, ?> raw)) {
            throw new IllegalArgumentException("the stored envelope is not a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) raw;
        Object version = json.get("v");
        if (!(version instanceof Long v) || v > VERSION) {
            throw new IllegalArgumentException("the stored envelope has format version " + version
                    + ", which this version of Mailover cannot read (it reads up to " + VERSION + "); upgrade Mailover");
        }
        List<Part> parts = new ArrayList<>();
        for (Object o : list(json, "attachments")) {
            Map<String, Object> p = map(o, "attachment");
            if (!(p.get("size") instanceof Long size) || size < 0) {
                throw new IllegalArgumentException("the stored envelope has an attachment without a size");
            }
            parts.add(new Part(string(p, "filename"), string(p, "contentType"), (String) p.get("contentId"), size));
        }
        return new Envelope(json, List.copyOf(parts));
    }

    /** The attachments, in the email's order; their bytes are stored separately. */
    List<Part> parts() {
        return parts;
    }

    /** The email again, with the same Message-ID, carrying {@code attachments} (one for each {@link #parts() part}). */
    Email toEmail(List<Attachment> attachments) {
        Email.Builder b = Email.builder()
                .messageId(string(json, "messageId"))
                .from(address(json.get("from")))
                .subject(string(json, "subject"));
        list(json, "replyTo").forEach(a -> b.replyTo(address(a).toString()));
        list(json, "to").forEach(a -> b.to(address(a)));
        list(json, "cc").forEach(a -> b.cc(address(a).toString()));
        list(json, "bcc").forEach(a -> b.bcc(address(a).toString()));
        if (json.get("text") instanceof String text) {
            b.text(text);
        }
        if (json.get("html") instanceof String html) {
            b.html(html);
        }
        map(json.get("headers"), "headers").forEach((k, v) -> b.header(k, (String) v));
        list(json, "tags").forEach(t -> b.tag((String) t));
        map(json.get("metadata"), "metadata").forEach((k, v) -> b.metadata(k, (String) v));
        attachments.forEach(b::attach);
        return b.build();
    }

    private static Map<String, Object> address(Address a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("email", a.email());
        if (a.name() != null) {
            m.put("name", a.name());
        }
        return m;
    }

    private static List<Object> addresses(List<Address> list) {
        List<Object> out = new ArrayList<>(list.size());
        list.forEach(a -> out.add(address(a)));
        return out;
    }

    private static Address address(Object o) {
        Map<String, Object> m = map(o, "address");
        return Address.of(string(m, "email"), (String) m.get("name"));
    }

    private static String string(Map<String, Object> m, String key) {
        if (!(m.get(key) instanceof String s)) {
            throw new IllegalArgumentException("the stored envelope has no " + key);
        }
        return s;
    }

    private static List<?> list(Map<String, Object> m, String key) {
        Object o = m.get(key);
        if (o == null) {
            return List.of();
        }
        if (!(o instanceof List<?> l)) {
            throw new IllegalArgumentException("the stored envelope's " + key + " is not a list");
        }
        return l;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o, String what) {
        if (o == null) {
            return Map.of();
        }
        if (!(o instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("the stored envelope's " + what + " is not an object");
        }
        return (Map<String, Object>) o;
    }
}
