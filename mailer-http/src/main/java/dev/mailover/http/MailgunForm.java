package dev.mailover.http;

import dev.mailover.Address;
import dev.mailover.Attachment;
import dev.mailover.Email;
import dev.mailover.internal.Utf8;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import okhttp3.MultipartBody;
import okhttp3.RequestBody;

/**
 * The Mailgun {@code /v3/{domain}/messages} multipart form for one {@link Email}.
 *
 * <p>Fields: {@code from}, repeated {@code to}, {@code cc} and {@code bcc} (each {@code Name <a@b>}),
 * {@code subject}, {@code text}, {@code html}; {@code h:Reply-To}, {@code h:Message-Id} and
 * {@code h:} for each custom header; repeated {@code o:tag} (the first 3 tags: Mailgun documents up to 3 per message; whether more are refused or ignored is unconfirmed, so further tags are left out either way); {@code o:testmode=yes} in test mode;
 * {@code v:key} for each metadata entry; then files: {@code attachment} for attachments and
 * {@code inline} for inline parts. Mailgun names an inline part's Content-ID after its file name, so
 * an inline part is uploaded with its content id as the file name, which keeps {@code cid:} links
 * in the HTML working.
 */
final class MailgunForm {

    /** Mailgun's limit for all {@code o:}, {@code h:} and {@code v:} options together. */
    static final int MAX_OPTIONS_BYTES = 16 * 1024;

    private MailgunForm() {
    }

    /**
     * What Mailgun would refuse or could not be told, found before any call: options over 16 kB
     * together, a header name that a form field name cannot carry. Empty when the email fits.
     */
    static Optional<Refusal> refusal(Email email, boolean testMode) {
        long bytes = 0;
        for (Map.Entry<String, String> f : options(email, testMode)) {
            // a form field name travels quoted in Content-Disposition, where '"' would arrive as %22: not the name given
            if (f.getKey().indexOf('"') >= 0) {
                return Refusal.of(HttpReason.HEADER_NAME_NOT_EXPRESSIBLE, "the header name '" + f.getKey().substring(2)
                        + "' holds a '\"', which a Mailgun form field name cannot carry");
            }
            bytes += Utf8.length(f.getKey()) + Utf8.length(f.getValue());
        }
        if (bytes > MAX_OPTIONS_BYTES) {
            return Optional.of(new Refusal(HttpReason.OPTIONS_TOO_LARGE, "the headers, tags and metadata take " + bytes
                    + " bytes; Mailgun accepts at most " + MAX_OPTIONS_BYTES + " for all h:, o: and v: options together",
                    Map.of("limit", MAX_OPTIONS_BYTES + " bytes")));
        }
        return Optional.empty();
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
        MailgunApi.API.limits().tags(email).forEach(tag -> options.add(Map.entry("o:tag", tag)));
        if (testMode) {
            options.add(Map.entry("o:testmode", "yes"));
        }
        email.metadata().forEach((key, value) -> options.add(Map.entry("v:" + key, value)));
        return options;
    }

    private static void addAll(MultipartBody.Builder form, String field, List<Address> addresses) {
        for (Address a : addresses) {
            form.addFormDataPart(field, a.toString());
        }
    }
}
