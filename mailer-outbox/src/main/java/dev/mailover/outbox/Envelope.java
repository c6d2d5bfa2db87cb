package dev.mailover.outbox;

import dev.mailover.Address;
import dev.mailover.Attachment;
import dev.mailover.Email;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stored form of an {@link Email} without its attachment bytes: the addresses with their display names,
 * subject, bodies, headers, tags, metadata, Message-ID and, for each attachment, its file name, content type,
 * content id and size. The bytes are stored next to it in chunks.
 *
 * <p>The encoding is this class's own, not a general-purpose format: the 4 bytes {@code MOEV}, a version byte,
 * then the fields in a fixed order with {@link DataOutputStream}: each string as an {@code int} byte length
 * ({@code -1} for none) and its UTF-8 bytes, each list or map as an {@code int} count and its items, each size
 * as a {@code long}. A string that is not valid UTF-16 (a lone surrogate) is stored as UTF-8 stores it, with
 * {@code ?} in its place: the same text every transport sends, as they all encode UTF-8.
 */
final class Envelope {

    /** The first bytes of every envelope: "MOEV", Mailover envelope. */
    static final int MAGIC = 0x4d4f4556;
    /** The format written now; reading refuses a newer one with a message that says so. */
    static final int VERSION = 1;

    /** What the envelope says about one attachment. */
    record Part(String filename, String contentType, String contentId, long size) {
    }

    private final String messageId;
    private final Address from;
    private final List<Address> replyTo;
    private final List<Address> to;
    private final List<Address> cc;
    private final List<Address> bcc;
    private final String subject;
    private final String text;
    private final String html;
    private final Map<String, String> headers;
    private final List<String> tags;
    private final Map<String, String> metadata;
    private final List<Part> parts;

    private Envelope(Reader r) throws IOException {
        this.messageId = r.string();
        this.from = r.address();
        this.replyTo = r.addresses();
        this.to = r.addresses();
        this.cc = r.addresses();
        this.bcc = r.addresses();
        this.subject = r.string();
        this.text = r.optionalString();
        this.html = r.optionalString();
        this.headers = r.map();
        this.tags = r.strings();
        this.metadata = r.map();
        int count = r.count();
        List<Part> p = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String filename = r.string();
            String contentType = r.string();
            String contentId = r.optionalString();
            long size = r.in.readLong();
            if (size < 0) {
                throw new IllegalArgumentException("the stored envelope has an attachment of negative size");
            }
            p.add(new Part(filename, contentType, contentId, size));
        }
        this.parts = Collections.unmodifiableList(p);
    }

    /** The encoded email; {@code sizes} are the attachments' sizes as they are being stored. */
    static byte[] write(Email email, List<Long> sizes) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + email.text().map(String::length).orElse(0)
                + email.html().map(String::length).orElse(0));
        DataOutputStream out = new DataOutputStream(bytes);
        try {
            out.writeInt(MAGIC);
            out.writeByte(VERSION);
            string(out, email.messageId());
            address(out, email.from());
            addresses(out, email.replyTo());
            addresses(out, email.to());
            addresses(out, email.cc());
            addresses(out, email.bcc());
            string(out, email.subject());
            string(out, email.text().orElse(null));
            string(out, email.html().orElse(null));
            map(out, email.headers());
            out.writeInt(email.tags().size());
            for (String tag : email.tags()) {
                string(out, tag);
            }
            map(out, email.metadata());
            out.writeInt(email.attachments().size());
            for (int i = 0; i < email.attachments().size(); i++) {
                Attachment a = email.attachments().get(i);
                string(out, a.filename());
                string(out, a.contentType());
                string(out, a.contentId().orElse(null));
                out.writeLong(sizes.get(i));
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e); // a ByteArrayOutputStream never throws
        }
        return bytes.toByteArray();
    }

    /**
     * Reads a stored envelope.
     *
     * @throws IllegalArgumentException when it is not an envelope this version can read
     */
    static Envelope read(byte[] stored) {
        Reader r = new Reader(stored);
        try {
            if (stored.length < 5 || r.in.readInt() != MAGIC) {
                throw new IllegalArgumentException("the stored envelope is not a Mailover envelope (it lacks the MOEV mark)");
            }
            int version = r.in.readUnsignedByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("the stored envelope has format version " + version
                        + ", which this version of Mailover cannot read (it reads " + VERSION + "); upgrade Mailover");
            }
            Envelope envelope = new Envelope(r);
            if (r.in.available() > 0) {
                throw new IllegalArgumentException("the stored envelope has " + r.in.available() + " bytes after its end");
            }
            return envelope;
        } catch (EOFException e) {
            throw new IllegalArgumentException("the stored envelope is truncated", e);
        } catch (IOException e) {
            throw new UncheckedIOException("reading from memory failed", e); // a ByteArrayInputStream never throws
        }
    }

    /** The attachments, in the email's order; their bytes are stored separately. */
    List<Part> parts() {
        return parts;
    }

    /** What an admin view shows of it: addresses, subject and attachments, no body. */
    OutboxEnvelope summary() {
        List<OutboxEnvelope.Part> attachments = new ArrayList<>(parts.size());
        parts.forEach(p -> attachments.add(new OutboxEnvelope.Part(p.filename(), p.contentType(), p.size())));
        return new OutboxEnvelope(messageId, from, replyTo, to, cc, bcc, subject, attachments);
    }

    /** The email again, with the same Message-ID, carrying {@code attachments} (one for each {@link #parts() part}). */
    Email toEmail(List<Attachment> attachments) {
        Email.Builder b = Email.builder().messageId(messageId).from(from).subject(subject);
        replyTo.forEach(a -> b.replyTo(a.toString()));
        to.forEach(b::to);
        cc.forEach(a -> b.cc(a.toString()));
        bcc.forEach(a -> b.bcc(a.toString()));
        if (text != null) {
            b.text(text);
        }
        if (html != null) {
            b.html(html);
        }
        headers.forEach(b::header);
        tags.forEach(b::tag);
        metadata.forEach(b::metadata);
        attachments.forEach(b::attach);
        return b.build();
    }

    private static void string(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static void address(DataOutputStream out, Address a) throws IOException {
        string(out, a.email());
        string(out, a.name());
    }

    private static void addresses(DataOutputStream out, List<Address> list) throws IOException {
        out.writeInt(list.size());
        for (Address a : list) {
            address(out, a);
        }
    }

    private static void map(DataOutputStream out, Map<String, String> map) throws IOException {
        out.writeInt(map.size());
        for (Map.Entry<String, String> e : map.entrySet()) {
            string(out, e.getKey());
            string(out, e.getValue());
        }
    }

    /** Reads the fields back, refusing a length or count that the bytes left cannot hold. */
    private static final class Reader {
        private final byte[] bytes;
        private final DataInputStream in;

        Reader(byte[] bytes) {
            this.bytes = bytes;
            this.in = new DataInputStream(new ByteArrayInputStream(bytes));
        }

        String optionalString() throws IOException {
            int length = in.readInt();
            if (length == -1) {
                return null;
            }
            if (length < 0 || length > in.available()) {
                throw new IllegalArgumentException("the stored envelope is damaged: a string of " + length
                        + " bytes where " + in.available() + " are left");
            }
            String s = new String(bytes, bytes.length - in.available(), length, StandardCharsets.UTF_8);
            in.skipNBytes(length);
            return s;
        }

        String string() throws IOException {
            String s = optionalString();
            if (s == null) {
                throw new IllegalArgumentException("the stored envelope is damaged: a required string is missing");
            }
            return s;
        }

        /** A count of items, each of which takes at least 4 bytes. */
        int count() throws IOException {
            int n = in.readInt();
            if (n < 0 || n > in.available() / 4) {
                throw new IllegalArgumentException("the stored envelope is damaged: a count of " + n + " where "
                        + in.available() + " bytes are left");
            }
            return n;
        }

        Address address() throws IOException {
            return Address.of(string(), optionalString());
        }

        List<Address> addresses() throws IOException {
            int n = count();
            List<Address> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                list.add(address());
            }
            return Collections.unmodifiableList(list);
        }

        List<String> strings() throws IOException {
            int n = count();
            List<String> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                list.add(string());
            }
            return Collections.unmodifiableList(list);
        }

        Map<String, String> map() throws IOException {
            int n = count();
            Map<String, String> map = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                map.put(string(), string());
            }
            return Collections.unmodifiableMap(map);
        }
    }
}
