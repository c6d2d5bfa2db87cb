package dev.mailover.http;

import dev.mailover.Address;
import dev.mailover.Attachment;
import dev.mailover.Email;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import okhttp3.MultipartBody;
import okhttp3.RequestBody;

/**
 * The Mailgun {@code /v3/{domain}/messages} multipart form for one {@link Email}.
 *
 * <p>Fields: {@code from}, repeated {@code to}, {@code cc} and {@code bcc} (each {@code Name <a@b>}),
 * {@code subject}, {@code text}, {@code html}; {@code h:Reply-To}, {@code h:Message-Id} and
 * {@code h:} for each custom header; repeated {@code o:tag} (the first 3 tags); {@code o:testmode=yes} in test mode;
 * {@code v:key} for each metadata entry; then files: {@code attachment} for attachments and
 * {@code inline} for inline parts. Mailgun names an inline part's Content-ID after its file name, so
 * an inline part is uploaded with its content id as the file name, which keeps {@code cid:} links
 * in the HTML working.
 */
final class MailgunForm {

    /**
     * Mailgun documents up to 3 tags per message (whether more are refused or ignored is
     * unconfirmed), so the first 3 are sent and further tags left out either way.
     */
    static final int MAX_TAGS = 3;

    /** Mailgun's limit for all {@code o:}, {@code h:} and {@code v:} options together. */
    static final int MAX_OPTIONS_BYTES = 16 * 1024;

    private MailgunForm() {
    }

    /**
     * @throws dev.mailover.MailException MESSAGE_REJECTED when the options exceed Mailgun's 16 kB, or a
     *                                    header name or metadata key cannot be a form field name
     */
    static void check(Email email, boolean testMode, String transport) {
        for (Map.Entry<String, String> f : options(email, testMode)) {
            // a form field name travels quoted in Content-Disposition, where '"' would arrive as %22: not the name given
            if (f.getKey().indexOf('"') >= 0) {
                boolean header = f.getKey().startsWith("h:");
                throw MessageLimits.rejected(transport, (header ? "the header name '" : "the metadata key '")
                        + f.getKey().substring(2) + "' holds a '\"', which a Mailgun form field name cannot carry",
                        (header ? "Rename the header" : "Rename the metadata key") + " without quotes, or send the email"
                                + " through another transport.");
            }
        }
        int bytes = 0;
        for (Map.Entry<String, String> f : options(email, testMode)) {
            bytes += utf8(f.getKey()) + utf8(f.getValue());
        }
        if (bytes > MAX_OPTIONS_BYTES) {
            throw MessageLimits.rejected(transport, "the headers, tags and metadata take " + bytes
                    + " bytes; Mailgun accepts at most " + MAX_OPTIONS_BYTES + " for all h:, o: and v: options together",
                    "Send fewer or shorter headers, tags or metadata.");
        }
    }

    static RequestBody of(Email email, boolean testMode) {
        MultipartBody.Builder form = new MultipartBody.Builder().setType(MultipartBody.FORM);
        form.addFormDataPart("from", email.from().toString());
        addAll(form, "to", email.to());
        addAll(form, "cc", email.cc());
        addAll(form, "bcc", email.bcc());
        form.addFormDataPart("subject", email.subject());
        email.text().ifPresent(t -> form.addFormDataPart("text", t));
        email.html().ifPresent(h -> form.addFormDataPart("html", h));
        for (Map.Entry<String, String> option : options(email, testMode)) {
            form.addFormDataPart(option.getKey(), option.getValue());
        }
        for (Attachment a : email.attachments()) {
            String field = a.isInline() ? "inline" : "attachment";
            String filename = a.isInline() ? a.contentId().orElseThrow() : a.filename();
            form.addFormDataPart(field, filename, new AttachmentBody(a));
        }
        return new OneShotBody(form.build());
    }

    /** The {@code h:}, {@code o:} and {@code v:} fields, in order. */
    static List<Map.Entry<String, String>> options(Email email, boolean testMode) {
        List<Map.Entry<String, String>> options = new java.util.ArrayList<>();
        if (!email.replyTo().isEmpty()) {
            options.add(Map.entry("h:Reply-To", email.replyTo().stream().map(Address::toString).collect(Collectors.joining(", "))));
        }
        options.add(Map.entry("h:Message-Id", email.messageId()));
        email.headers().forEach((name, value) -> options.add(Map.entry("h:" + name, value)));
        tags(email).forEach(tag -> options.add(Map.entry("o:tag", tag)));
        if (testMode) {
            options.add(Map.entry("o:testmode", "yes"));
        }
        email.metadata().forEach((key, value) -> options.add(Map.entry("v:" + key, value)));
        return options;
    }

    /** The tags sent as {@code o:tag}: the first {@value #MAX_TAGS}. */
    static List<String> tags(Email email) {
        return email.tags().size() <= MAX_TAGS ? email.tags() : email.tags().subList(0, MAX_TAGS);
    }

    private static void addAll(MultipartBody.Builder form, String field, List<Address> addresses) {
        for (Address a : addresses) {
            form.addFormDataPart(field, a.toString());
        }
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
