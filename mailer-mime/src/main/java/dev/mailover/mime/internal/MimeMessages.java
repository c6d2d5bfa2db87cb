package dev.mailover.mime.internal;

import dev.mailover.Address;
import dev.mailover.Attachment;
import dev.mailover.Email;
import dev.mailover.mime.DkimSigner;
import dev.mailover.internal.UnreadableAttachmentException;
import dev.mailover.internal.Utf8;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns an {@link Email} into a standard MIME message. Used by the SMTP transport and by any
 * transport that sends raw MIME (Amazon SES), so a message looks the same whichever transport
 * delivers it.
 *
 * <p>The structure follows what mail clients expect:
 * <ul>
 *   <li>text only is {@code text/plain}, HTML only is {@code text/html}, both are a
 *       {@code multipart/alternative} with the text first;</li>
 *   <li>inline parts ({@link Attachment#isInline()}) join the body in a {@code multipart/related},
 *       each with its {@code Content-ID} so the HTML can show it as {@code cid:…};</li>
 *   <li>regular attachments wrap all of that in a {@code multipart/mixed}, base64-encoded and read
 *       through {@link Attachment#openStream()} each time the message is written, so a file is
 *       streamed and never loaded into memory;</li>
 *   <li>the subject and non-ASCII display names are encoded per RFC 2047 (UTF-8), file names per
 *       RFC 2231 (UTF-8, whatever the platform's default charset), custom header values per RFC 2047 when they are not ASCII;</li>
 *   <li>tags become {@code X-Mailover-Tag} headers (one per tag), metadata becomes
 *       {@code X-Mailover-Meta-<key>} headers;</li>
 *   <li>the {@code Message-ID} is always {@link Email#messageId()}, also when the message is saved or
 *       sent again;</li>
 *   <li>Bcc recipients are recipients of the message ({@link MimeMessage#getAllRecipients()}, the
 *       SMTP envelope) but the written message never contains a {@code Bcc} header;</li>
 *   <li>an internationalized domain is written as IDNA A-labels ({@link Address#emailWithAsciiDomain()}),
 *       in the headers and the envelope alike;</li>
 *   <li>text is UTF-8, {@code 7bit}, {@code quoted-printable} or {@code base64} by the rule Jakarta Mail
 *       applies ({@link TransferEncoding}), chosen once when the message is built; the MIME tree is
 *       written directly ({@link MimeEntity}), with no content handler or provider lookup per part;</li>
 *   <li>an address with a non-ASCII local part ({@link #needsSmtpUtf8(Email)}) is written as it is,
 *       with UTF-8 header lines (RFC 6532): such a message may be given only to a server that offers
 *       SMTPUTF8, and never has its addresses mangled.</li>
 * </ul>
 *
 * <p>Stateless and thread-safe. Public for Mailover's SMTP and SES modules only: not API.
 */
public final class MimeMessages {

    /** The header that carries each of {@link Email#tags()}. */
    public static final String TAG_HEADER = "X-Mailover-Tag";
    /** The prefix of the headers that carry {@link Email#metadata()}: {@code X-Mailover-Meta-<key>}. */
    public static final String METADATA_HEADER_PREFIX = "X-Mailover-Meta-";

    private static final String UTF_8 = StandardCharsets.UTF_8.name();

    private MimeMessages() {
    }

    /**
     * Builds the MIME message for an email. The result has had {@link MimeMessage#saveChanges()}
     * called, so its headers are final and it can be written with {@link MimeMessage#writeTo} or
     * handed to a transport as it is. Attachment content is not read here; it is read when the
     * message is written.
     *
     * @param email   the email to convert
     * @param session the Jakarta Mail session whose properties govern encoding; any session works,
     *                for example {@code Session.getInstance(new Properties())}
     * @return a new message; every call returns a new instance with the same Message-ID
     * @throws MessagingException when Jakarta Mail cannot build the message, or when an attachment's
     *                            file can no longer be opened (its cause is an
     *                            {@link UnreadableAttachmentException} naming the file)
     */
    public static MimeMessage toMimeMessage(Email email, Session session) throws MessagingException {
        return toMimeMessage(email, session, null);
    }

    /**
     * Builds the MIME message for an email as {@link #toMimeMessage(Email, Session)} does; when
     * {@code dkim} is not null, the message is written behind a DKIM-Signature that signer makes.
     */
    public static MimeMessage toMimeMessage(Email email, Session session, DkimSigner dkim) throws MessagingException {
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(session, "session");
        for (Attachment a : email.attachments()) {
            try {
                UnreadableAttachmentException.requireReadable(a);
            } catch (UnreadableAttachmentException e) {
                throw new MessagingException(e.getMessage(), e);
            }
        }
        MimeMessage message = new EmailMimeMessage(session, email, needsSmtpUtf8(email), body(email), dkim);
        message.setFrom(internetAddress(email.from()));
        message.setRecipients(Message.RecipientType.TO, internetAddresses(email.to()));
        message.setRecipients(Message.RecipientType.CC, internetAddresses(email.cc()));
        message.setRecipients(Message.RecipientType.BCC, internetAddresses(email.bcc()));
        if (!email.replyTo().isEmpty()) {
            message.setReplyTo(internetAddresses(email.replyTo()));
        }
        message.setSubject(email.subject(), UTF_8);
        message.setHeader("Date", DateField.now());
        for (Map.Entry<String, String> header : email.headers().entrySet()) {
            message.addHeader(header.getKey(), headerValue(header.getKey(), header.getValue()));
        }
        for (String tag : email.tags()) {
            message.addHeader(TAG_HEADER, headerValue(TAG_HEADER, tag));
        }
        for (Map.Entry<String, String> entry : email.metadata().entrySet()) {
            String name = METADATA_HEADER_PREFIX + entry.getKey();
            message.addHeader(name, headerValue(name, entry.getValue()));
        }
        message.saveChanges();
        return message;
    }

    /**
     * The body: text, HTML or both; with inline parts in a multipart/related; with attachments in a
     * multipart/mixed around it all.
     */
    private static MimeEntity body(Email email) throws MessagingException {
        List<MimeEntity> inline = new ArrayList<>();
        List<MimeEntity> attached = new ArrayList<>();
        for (Attachment a : email.attachments()) {
            (a.isInline() ? inline : attached).add(new AttachmentEntity(a));
        }
        MimeEntity body = textBody(email);
        if (!inline.isEmpty()) {
            inline.add(0, body);
            body = new MultipartEntity("related", inline);
        }
        if (!attached.isEmpty()) {
            attached.add(0, body);
            body = new MultipartEntity("mixed", attached);
        }
        return body;
    }

    /** Text, HTML, or both as multipart/alternative (text first, as RFC 2046 orders by preference). */
    private static MimeEntity textBody(Email email) {
        String text = email.text().orElse(null);
        String html = email.html().orElse(null);
        if (text != null && html != null) {
            return new MultipartEntity("alternative", List.of(new TextEntity(text, "plain"), new TextEntity(html, "html")));
        }
        return html != null ? new TextEntity(html, "html") : new TextEntity(text, "plain");
    }

    private static InternetAddress internetAddress(Address address) throws MessagingException {
        try {
            return new InternetAddress(address.emailWithAsciiDomain(), address.name(), UTF_8);
        } catch (UnsupportedEncodingException e) {
            throw new MessagingException("UTF-8 is not supported", e);
        }
    }

    private static InternetAddress[] internetAddresses(List<Address> addresses) throws MessagingException {
        InternetAddress[] out = new InternetAddress[addresses.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = internetAddress(addresses.get(i));
        }
        return out;
    }

    private static String headerValue(String name, String value) throws MessagingException {
        try {
            return MimeUtility.fold(name.length() + 2, MimeUtility.encodeText(value, UTF_8, null));
        } catch (UnsupportedEncodingException e) {
            throw new MessagingException("UTF-8 is not supported", e);
        }
    }

    /**
     * True when an address of the email (sender, recipient or reply-to) has a non-ASCII local part,
     * such as {@code josé@example.test}: its message has UTF-8 header lines (RFC 6532) and can travel
     * over SMTP only with SMTPUTF8 (RFC 6531). Internationalized domains alone do not need it: they
     * are written as A-labels.
     */
    public static boolean needsSmtpUtf8(Email email) {
        return firstSmtpUtf8Address(email) != null;
    }

    /** The first address (sender, recipient or reply-to) whose local part is not ASCII, or null. */
    public static String firstSmtpUtf8Address(Email email) {
        List<Address> all = new ArrayList<>(email.recipients());
        all.add(0, email.from());
        all.addAll(email.replyTo());
        for (Address a : all) {
            if (!Utf8.isAscii(a.localPart())) {
                return a.email();
            }
        }
        return null;
    }
}
