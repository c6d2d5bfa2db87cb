package dev.mailover;

import dev.mailover.internal.UnguessableIds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One message to send: sender, recipients, subject, text and/or HTML body, attachments, custom
 * headers, tags and metadata. Immutable and thread-safe; build one with {@link #builder()}.
 *
 * <p>{@link Builder#build()} refuses bad input before anything touches the network, with an
 * {@link IllegalArgumentException} that names the field: no from, no recipient, no body, a
 * malformed address (see {@link Address} for what an address may hold), a CR, LF, other control
 * character or line separator (U+2028, U+2029) in the subject, a header, a tag, metadata or a
 * display name (header injection), a header that the library owns, a header line longer than
 * RFC 5322 allows, or a metadata key that cannot be a header name (metadata travels as
 * {@code X-Mailover-Meta-<key>} headers on SMTP).
 *
 * <p>Every email has a Message-ID, generated at {@code build()} as {@code <random@sender-domain>}
 * unless given, so every attempt to deliver the same email carries the same id.
 */
public final class Email {

    /** Headers that the library writes itself; set them through the builder's typed methods. */
    static final Set<String> RESERVED_HEADERS = Set.of(
            "from", "sender", "to", "cc", "bcc", "subject", "reply-to", "message-id", "date",
            "mime-version", "content-type", "content-transfer-encoding", "content-disposition", "content-id",
            "dkim-signature", "received", "return-path");

    /** RFC 5322 section 2.1.1: a line, without CRLF, must not exceed 998 characters. */
    static final int MAX_HEADER_LINE = 998;


    private final Address from;
    private final List<Address> replyTo;
    private final List<Address> to;
    private final List<Address> cc;
    private final List<Address> bcc;
    private final String subject;
    private final String text;
    private final String html;
    private final List<Attachment> attachments;
    private final Map<String, String> headers;
    private final List<String> tags;
    private final Map<String, String> metadata;
    private final String messageId;

    private Email(Builder b, Address from, List<Address> replyTo, List<Address> to, List<Address> cc,
                  List<Address> bcc, String messageId) {
        this.from = from;
        this.replyTo = List.copyOf(replyTo);
        this.to = List.copyOf(to);
        this.cc = List.copyOf(cc);
        this.bcc = List.copyOf(bcc);
        this.subject = b.subject == null ? "" : b.subject;
        this.text = b.text;
        this.html = b.html;
        this.attachments = List.copyOf(b.attachments);
        this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(b.headers));
        this.tags = List.copyOf(b.tags);
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(b.metadata));
        this.messageId = messageId;
    }

    /** Starts a new email. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this email's values, Message-ID included, to derive a changed copy. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.from = from.toString();
        replyTo.forEach(a -> b.replyTo.add(a.toString()));
        to.forEach(a -> b.to.add(a.toString()));
        cc.forEach(a -> b.cc.add(a.toString()));
        bcc.forEach(a -> b.bcc.add(a.toString()));
        b.subject = subject;
        b.text = text;
        b.html = html;
        b.attachments.addAll(attachments);
        b.headers.putAll(headers);
        b.tags.addAll(tags);
        b.metadata.putAll(metadata);
        b.messageId = messageId;
        return b;
    }

    /** The sender. */
    public Address from() {
        return from;
    }

    /** Where replies should go; empty when replies go to the sender. */
    public List<Address> replyTo() {
        return replyTo;
    }

    /** The To recipients; may be empty when there are Cc or Bcc recipients. */
    public List<Address> to() {
        return to;
    }

    /** The Cc recipients. */
    public List<Address> cc() {
        return cc;
    }

    /** The Bcc recipients, who never appear in the message headers. */
    public List<Address> bcc() {
        return bcc;
    }

    /** All recipients, To then Cc then Bcc. */
    public List<Address> recipients() {
        List<Address> all = new ArrayList<>(to.size() + cc.size() + bcc.size());
        all.addAll(to);
        all.addAll(cc);
        all.addAll(bcc);
        return Collections.unmodifiableList(all);
    }

    /** The subject; empty when none was set. */
    public String subject() {
        return subject;
    }

    /** The plain-text body. */
    public Optional<String> text() {
        return Optional.ofNullable(text);
    }

    /** The HTML body. */
    public Optional<String> html() {
        return Optional.ofNullable(html);
    }

    /** Attachments and inline parts, in the order they were added. */
    public List<Attachment> attachments() {
        return attachments;
    }

    /** Custom headers, in the order they were added. */
    public Map<String, String> headers() {
        return headers;
    }

    /** Tags for the provider's analytics (SendGrid categories, Mailgun o:tag, Postmark Tag, SES tags). */
    public List<String> tags() {
        return tags;
    }

    /** Key-value metadata that travels with the message (custom_args, v:, Metadata, headers). */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** The Message-ID, with angle brackets, for example {@code <k3j2h4@example.com>}. */
    public String messageId() {
        return messageId;
    }

    /** A summary for logs; it holds no body and no secrets. */
    @Override
    public String toString() {
        return "Email{" + messageId + " from=" + from.email() + " to=" + recipients().size() + " recipient(s)"
                + " subject=\"" + subject + "\"" + (attachments.isEmpty() ? "" : " attachments=" + attachments.size()) + '}';
    }

    /**
     * Builds an {@link Email}. Setters record what they are given; {@link #build()} validates it all
     * and names the first field that is wrong. Not thread-safe.
     */
    public static final class Builder {
        private String from;
        private final List<String> replyTo = new ArrayList<>();
        private final List<String> to = new ArrayList<>();
        private final List<String> cc = new ArrayList<>();
        private final List<String> bcc = new ArrayList<>();
        private String subject;
        private String text;
        private String html;
        private final List<Attachment> attachments = new ArrayList<>();
        private final Map<String, String> headers = new LinkedHashMap<>();
        private final List<String> tags = new ArrayList<>();
        private final Map<String, String> metadata = new LinkedHashMap<>();
        private String messageId;

        private Builder() {
        }

        /** The sender, as {@code a@b.example} or {@code Name <a@b.example>}. */
        public Builder from(String from) {
            this.from = Objects.requireNonNull(from, "from");
            return this;
        }

        /** The sender. */
        public Builder from(Address from) {
            this.from = Objects.requireNonNull(from, "from").toString();
            return this;
        }

        /** Adds Reply-To addresses. */
        public Builder replyTo(String... addresses) {
            return add(replyTo, "replyTo", addresses);
        }

        /** Adds To recipients, each as {@code a@b.example} or {@code Name <a@b.example>}. */
        public Builder to(String... addresses) {
            return add(to, "to", addresses);
        }

        /** Adds To recipients. */
        public Builder to(Address... addresses) {
            return add(to, "to", Arrays.stream(addresses).map(Address::toString).toArray(String[]::new));
        }

        /** Adds Cc recipients. */
        public Builder cc(String... addresses) {
            return add(cc, "cc", addresses);
        }

        /** Adds Bcc recipients. */
        public Builder bcc(String... addresses) {
            return add(bcc, "bcc", addresses);
        }

        /** The subject; any Unicode text, without CR or LF. */
        public Builder subject(String subject) {
            this.subject = Objects.requireNonNull(subject, "subject");
            return this;
        }

        /** The plain-text body. */
        public Builder text(String text) {
            this.text = Objects.requireNonNull(text, "text");
            return this;
        }

        /** The HTML body. With a text body too, the message is multipart/alternative. */
        public Builder html(String html) {
            this.html = Objects.requireNonNull(html, "html");
            return this;
        }

        /** Adds an attachment or inline part. */
        public Builder attach(Attachment attachment) {
            attachments.add(Objects.requireNonNull(attachment, "attachment"));
            return this;
        }

        /** Adds a custom header. Headers that the library owns (From, To, Subject, …) are refused at build. */
        public Builder header(String name, String value) {
            headers.put(Objects.requireNonNull(name, "header name"), Objects.requireNonNull(value, "header " + name));
            return this;
        }

        /** Adds a tag. */
        public Builder tag(String tag) {
            tags.add(Objects.requireNonNull(tag, "tag"));
            return this;
        }

        /** Adds a metadata entry. */
        public Builder metadata(String key, String value) {
            metadata.put(Objects.requireNonNull(key, "metadata key"), Objects.requireNonNull(value, "metadata " + key));
            return this;
        }

        /**
         * Sets the Message-ID, with or without angle brackets. When absent, {@link #build()}
         * generates one as {@code <random@sender-domain>}.
         */
        public Builder messageId(String messageId) {
            this.messageId = Objects.requireNonNull(messageId, "messageId");
            return this;
        }

        /**
         * Validates everything and creates the email.
         *
         * @throws IllegalArgumentException naming the field that is wrong and why
         */
        public Email build() {
            if (from == null) {
                throw new IllegalArgumentException("from: a sender is required");
            }
            Address sender = parse("from", from);
            List<Address> toList = parseAll("to", to);
            List<Address> ccList = parseAll("cc", cc);
            List<Address> bccList = parseAll("bcc", bcc);
            List<Address> replyList = parseAll("replyTo", replyTo);
            if (toList.isEmpty() && ccList.isEmpty() && bccList.isEmpty()) {
                throw new IllegalArgumentException("to: at least one recipient (to, cc or bcc) is required");
            }
            if (text == null && html == null) {
                throw new IllegalArgumentException("text: a body is required (text, html or both)");
            }
            if (subject != null) {
                checkNoControl("subject", subject);
            }
            for (Map.Entry<String, String> h : headers.entrySet()) {
                checkHeader(h.getKey(), h.getValue());
            }
            for (String tag : tags) {
                if (tag.isBlank()) {
                    throw new IllegalArgumentException("tag: must not be blank");
                }
                checkNoControl("tag", tag);
            }
            for (Map.Entry<String, String> m : metadata.entrySet()) {
                if (m.getKey().isBlank()) {
                    throw new IllegalArgumentException("metadata: a key must not be blank");
                }
                checkNoControl("metadata key '" + Address.printable(m.getKey()) + "'", m.getKey());
                checkMetadataKey(m.getKey());
                checkNoControl("metadata '" + m.getKey() + "'", m.getValue());
            }
            String id = messageId == null ? generateMessageId(sender) : normalizeMessageId(messageId);
            return new Email(this, sender, replyList, toList, ccList, bccList, id);
        }

        private Builder add(List<String> list, String field, String... addresses) {
            Objects.requireNonNull(addresses, field);
            for (String a : addresses) {
                list.add(Objects.requireNonNull(a, field));
            }
            return this;
        }

        private static Address parse(String field, String text) {
            try {
                return Address.parse(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(field + ": " + e.getMessage(), e);
            }
        }

        private static List<Address> parseAll(String field, List<String> texts) {
            List<Address> out = new ArrayList<>(texts.size());
            for (String t : texts) {
                out.add(parse(field, t));
            }
            return out;
        }

        private static void checkHeader(String name, String value) {
            if (name.isEmpty()) {
                throw new IllegalArgumentException("header: a name must not be empty");
            }
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                if (c == '\r' || c == '\n') {
                    throw new IllegalArgumentException("header '" + Address.printable(name)
                            + "': the name contains a CR or LF, which could inject headers");
                }
                if (!headerNameChar(c)) {
                    throw new IllegalArgumentException("header '" + Address.printable(name)
                            + "': the name may hold only printable ASCII without spaces or ':'");
                }
            }
            if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("header '" + name
                        + "': the library sets this header itself; use the builder's own method for it");
            }
            checkNoControl("header '" + name + "'", value);
            int line = name.length() + 2 + value.length();
            if (line > MAX_HEADER_LINE) {
                throw new IllegalArgumentException("header '" + name + "': the line would be " + line
                        + " characters, over the " + MAX_HEADER_LINE + " that RFC 5322 allows");
            }
        }

        private static void checkNoControl(String field, String value) {
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '\r' || c == '\n') {
                    throw new IllegalArgumentException(field + ": contains a CR or LF, which could inject headers");
                }
                if (Character.isISOControl(c) && c != '\t') {
                    throw new IllegalArgumentException(field + ": contains the control character " + Address.codePoint(c));
                }
                int type = Character.getType(c);
                if (type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
                    throw new IllegalArgumentException(field + ": contains the line separator " + Address.codePoint(c)
                            + ", which some readers take for a line break");
                }
            }
        }

        /**
         * Metadata travels as a header on SMTP and raw MIME ({@code X-Mailover-Meta-<key>}) and as a
         * field name at the HTTP providers, so its key must be a header name: printable ASCII without
         * spaces or ':'.
         */
        private static void checkMetadataKey(String key) {
            for (int i = 0; i < key.length(); i++) {
                char c = key.charAt(i);
                if (!headerNameChar(c)) {
                    throw new IllegalArgumentException("metadata key '" + Address.printable(key) + "': travels as a "
                            + "header name (X-Mailover-Meta-<key>), so it may hold only printable ASCII without spaces or ':'");
                }
            }
        }

        /** A character a header field name may hold (RFC 5322 ftext): printable ASCII but ':'. */
        private static boolean headerNameChar(char c) {
            return c >= 33 && c <= 126 && c != ':';
        }

        private static String normalizeMessageId(String id) {
            String v = id.strip();
            if (v.startsWith("<") && v.endsWith(">")) {
                v = v.substring(1, v.length() - 1);
            }
            int at = v.indexOf('@');
            boolean ok = at > 0 && at < v.length() - 1;
            for (int i = 0; ok && i < v.length(); i++) {
                char c = v.charAt(i);
                ok = c > 32 && c < 127 && c != '<' && c != '>';
            }
            if (!ok) {
                throw new IllegalArgumentException("messageId: '" + Address.printable(id)
                        + "' is not of the form <left@right> with printable ASCII and no spaces");
            }
            return '<' + v + '>';
        }

        private static String generateMessageId(Address sender) {
            StringBuilder id = new StringBuilder(48).append('<');
            id.append(Long.toString(System.currentTimeMillis(), 36)).append('.');
            id.append(UnguessableIds.next());
            String wire = sender.emailWithAsciiDomain();
            return id.append('@').append(wire.substring(wire.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT))
                    .append('>').toString();
        }
    }
}
