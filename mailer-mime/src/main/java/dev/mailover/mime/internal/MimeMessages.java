package dev.mailover.mime.internal;

import dev.mailover.Address;
import dev.mailover.Attachment;
import dev.mailover.Email;
import dev.mailover.mime.DkimSigner;
import dev.mailover.internal.UnreadableAttachmentException;
import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimePart;
import jakarta.mail.internet.MimeUtility;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
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
 *       RFC 2231, custom header values per RFC 2047 when they are not ASCII;</li>
 *   <li>tags become {@code X-Mailover-Tag} headers (one per tag), metadata becomes
 *       {@code X-Mailover-Meta-<key>} headers;</li>
 *   <li>the {@code Message-ID} is always {@link Email#messageId()}, also when the message is saved or
 *       sent again;</li>
 *   <li>Bcc recipients are recipients of the message ({@link MimeMessage#getAllRecipients()}, the
 *       SMTP envelope) but the written message never contains a {@code Bcc} header;</li>
 *   <li>an internationalized domain is written as IDNA A-labels ({@link Address#emailWithAsciiDomain()}),
 *       in the headers and the envelope alike;</li>
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
        MimeMessage message = new EmailMimeMessage(session, email, needsSmtpUtf8(email), dkim);
        message.setFrom(internetAddress(email.from()));
        message.setRecipients(Message.RecipientType.TO, internetAddresses(email.to()));
        message.setRecipients(Message.RecipientType.CC, internetAddresses(email.cc()));
        message.setRecipients(Message.RecipientType.BCC, internetAddresses(email.bcc()));
        if (!email.replyTo().isEmpty()) {
            message.setReplyTo(internetAddresses(email.replyTo()));
        }
        message.setSubject(email.subject(), UTF_8);
        message.setSentDate(new Date());
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
        setContent(message, email);
        message.saveChanges();
        return message;
    }

    private static void setContent(MimeMessage message, Email email) throws MessagingException {
        List<Attachment> inline = new ArrayList<>();
        List<Attachment> attached = new ArrayList<>();
        for (Attachment a : email.attachments()) {
            (a.isInline() ? inline : attached).add(a);
        }
        if (inline.isEmpty() && attached.isEmpty()) {
            setBody(message, email);
            return;
        }
        MimeMultipart related = null;
        if (!inline.isEmpty()) {
            related = new MimeMultipart("related");
            MimeBodyPart body = new MimeBodyPart();
            setBody(body, email);
            related.addBodyPart(body);
            for (Attachment a : inline) {
                related.addBodyPart(attachmentPart(a));
            }
            if (attached.isEmpty()) {
                message.setContent(related);
                return;
            }
        }
        MimeMultipart mixed = new MimeMultipart("mixed");
        MimeBodyPart first = new MimeBodyPart();
        if (related != null) {
            first.setContent(related);
        } else {
            setBody(first, email);
        }
        mixed.addBodyPart(first);
        for (Attachment a : attached) {
            mixed.addBodyPart(attachmentPart(a));
        }
        message.setContent(mixed);
    }

    /** Text, HTML, or both as multipart/alternative (text first, as RFC 2046 orders by preference). */
    private static void setBody(MimePart target, Email email) throws MessagingException {
        String text = email.text().orElse(null);
        String html = email.html().orElse(null);
        if (text != null && html != null) {
            MimeMultipart alternative = new MimeMultipart("alternative");
            MimeBodyPart textPart = new MimeBodyPart();
            textPart.setText(text, UTF_8, "plain");
            MimeBodyPart htmlPart = new MimeBodyPart();
            htmlPart.setText(html, UTF_8, "html");
            alternative.addBodyPart(textPart);
            alternative.addBodyPart(htmlPart);
            target.setContent(alternative);
        } else if (html != null) {
            target.setText(html, UTF_8, "html");
        } else {
            target.setText(text, UTF_8, "plain");
        }
    }

    private static MimeBodyPart attachmentPart(Attachment attachment) throws MessagingException {
        MimeBodyPart part = new MimeBodyPart();
        part.setDataHandler(new DataHandler(new AttachmentDataSource(attachment)));
        part.setFileName(attachment.filename());
        // Set explicitly so that Jakarta Mail need not read the content to choose an encoding.
        part.setHeader("Content-Transfer-Encoding", "base64");
        if (attachment.isInline()) {
            part.setDisposition(Part.INLINE);
            part.setContentID("<" + attachment.contentId().orElseThrow() + ">");
        } else {
            part.setDisposition(Part.ATTACHMENT);
        }
        return part;
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
            if (a.localPart().chars().anyMatch(c -> c >= 0x80)) {
                return a.email();
            }
        }
        return null;
    }
}
