package dev.mailover.http;

import static dev.mailover.http.HttpReason.*;

import dev.mailover.FailureKind;
import dev.mailover.internal.HintTable;
import dev.mailover.internal.ProviderAnswers;
import java.util.HashMap;
import java.util.Map;

/**
 * What to tell a person about an HTTP provider's failure: the one {@link HintTable} of the HTTP
 * transports, looked up by ({@link HttpReason}, provider), the provider's {@link HttpApi} as the
 * table's mode. A provider whose documentation says more than the general row (Mailgun's
 * regions, Postmark's Sender Signatures) has a row of its own before the general one; every reason has
 * a general row (the table's build refuses a gap). Templates name values in braces: {@code {provider}},
 * {@code {status}}, {@code {location}}, {@code {limit}}, {@code {maxRecipients}}, {@code {maxTagLength}}
 * and {@code {idName}}. Filled values are cut at {@value #MAX_VALUE} characters and made printable, so
 * a hostile answer cannot make a hint long.
 *
 * <p>The texts that SES shares (an answer that is not the API's, an unconfirmed acceptance, a used-up
 * quota) come from {@link ProviderAnswers}, written with placeholders.
 */
final class HttpHints {

    /** The longest value put into a hint. */
    static final int MAX_VALUE = 200;

    private static final HttpApi SENDGRID = SendGridApi.API;
    private static final HttpApi MAILGUN = MailgunApi.API;
    private static final HttpApi POSTMARK = PostmarkApi.API;
    private static final HttpApi RESEND = ResendApi.API;
    private static final HttpApi BREVO = BrevoApi.API;
    private static final int ANY = HintTable.ANY_PORT;

    static final HintTable<HttpReason> TABLE = HintTable.builder(HttpReason.class)
            .row(REDIRECT, "The base URL answered with a redirect{location}; set the base URL to {provider}'s API endpoint"
                    + " (redirects are not followed, so the key never goes elsewhere).")

            .row(KEY_REFUSED, ANY, SENDGRID, "SendGrid refused the API key: it is invalid, expired or revoked. Create a key"
                    + " with the Mail Send permission and configure it.")
            .row(KEY_REFUSED, ANY, MAILGUN, "Mailgun refused the API key, or the domain lives in the other region: a domain"
                    + " created in the EU needs region EU (api.eu.mailgun.net). Check the key, the domain and the region.")
            .row(KEY_REFUSED, ANY, POSTMARK, "Postmark refused the server token: use the Server API token of the server"
                    + " that sends (not the account token), from the server's API Tokens tab.")
            .row(KEY_REFUSED, ANY, RESEND, "Resend refused the API key: it is wrong or was deleted. Create a key at"
                    + " resend.com/api-keys and configure it.")
            .row(KEY_REFUSED, ANY, BREVO, "Brevo refused the API key: use an API key (xkeysib-…) from Brevo's SMTP & API"
                    + " settings, not the SMTP key (xsmtpsib-…), and check that it is still active.")
            .row(KEY_REFUSED, "{provider} refused the API key: it is wrong, revoked or expired. Create a new key and"
                    + " configure it.")

            .row(KEY_NOT_PERMITTED, ANY, SENDGRID, "SendGrid refused this key: it lacks the Mail Send permission, or the"
                    + " account is temporarily blocked after repeated bad requests. Check the key's permissions and the"
                    + " account.")
            .row(KEY_NOT_PERMITTED, "{provider} refused the request for this key: the key lacks the permission to send,"
                    + " or the account is blocked. Check the key's permissions and the account's state.")
            .row(HOST_NOT_ALLOWED, ANY, BREVO, "Brevo refuses calls from this host's IP address: add it to the account's"
                    + " authorised IPs (app.brevo.com/security/authorised_ips), or send from a host that is authorised.")
            .row(HOST_NOT_ALLOWED, "{provider} refuses calls from this host's IP address: add it to the account's"
                    + " allowed IP addresses, or send from a host that is allowed.")
            .row(KEY_CANNOT_SEND, ANY, SENDGRID, "Give the key the Mail Send permission in SendGrid, or use a key that"
                    + " has it.")
            .row(KEY_CANNOT_SEND, "Give the key the permission to send email at {provider}, or use a key that has it.")

            .row(WRONG_URL, ANY, MAILGUN, "Mailgun does not know this domain at this endpoint: check the domain name, the"
                    + " region (US or EU) and the base URL.")
            .row(WRONG_URL, "{provider} does not know this URL: check the base URL (and the domain or region, where it"
                    + " applies).")
            .row(REQUEST_TIMEOUT, "{provider} timed out reading the request; retry later.")
            .row(TOO_LARGE, "The email is larger than {provider} accepts (at most {limit}); send smaller attachments, or"
                    + " link to large files instead of attaching them.")
            .row(THROTTLED, "{provider} is throttling this account; wait for the retry-after period, slow down, or raise"
                    + " the rate limit.")

            .row(QUOTA_USED_UP, ANY, SENDGRID, ProviderAnswers.quotaHint("{provider}", "Maximum credits exceeded: the plan's"
                    + " email credits for the day or month are used up"))
            .row(QUOTA_USED_UP, ANY, MAILGUN, ProviderAnswers.quotaHint("{provider}", "the domain's sending or recipient limit"
                    + " of the plan, or of a new domain's warm-up"))
            .row(QUOTA_USED_UP, ANY, POSTMARK, ProviderAnswers.quotaHint("{provider}", "the account's email credits are used up"))
            .row(QUOTA_USED_UP, ANY, RESEND, ProviderAnswers.quotaHint("{provider}", "the plan's daily or monthly email quota"))
            .row(QUOTA_USED_UP, ANY, BREVO, ProviderAnswers.quotaHint("{provider}", "the account's email credits are used up:"
                    + " the free plan's daily credits or the credits bought"))
            .row(QUOTA_USED_UP, ProviderAnswers.quotaHint("{provider}", "the plan's sending quota"))

            .row(SERVICE_ERROR, "{provider} reported a temporary problem; retry later or use another transport.")
            .row(GATEWAY_TIMEOUT, "A gateway timed out waiting for {provider}, which may have accepted the message"
                    + " meanwhile: check {provider}'s activity log before sending it again.")
            .row(INVALID_REQUEST, "{provider} refused the request as invalid; the detail says which field. Another"
                    + " provider would likely refuse it too.")

            .row(SENDER_NOT_VERIFIED, ANY, SENDGRID, "Verify the from-address as a Sender Identity in SendGrid (single"
                    + " sender verification or domain authentication), or send from an address that is verified.")
            .row(SENDER_NOT_VERIFIED, ANY, MAILGUN, "Mailgun does not let this domain send: it is unverified (add the DNS"
                    + " records Mailgun lists for it and verify it) or disabled, or it is a sandbox domain and the"
                    + " recipient is not authorized.")
            .row(SENDER_NOT_VERIFIED, ANY, POSTMARK, "The from-address has no confirmed Sender Signature in Postmark: add"
                    + " and confirm it, or verify its domain.")
            .row(SENDER_NOT_VERIFIED, ANY, RESEND, "Verify the from-address's domain at resend.com/domains and send from"
                    + " it: without a verified domain Resend sends test emails to the account owner's address only.")
            .row(SENDER_NOT_VERIFIED, ANY, BREVO, "Validate the sender in Brevo (Senders, domains and dedicated IPs) or"
                    + " authenticate its domain, or send from a sender that is validated.")
            .row(SENDER_NOT_VERIFIED, "{provider} does not accept this from-address: verify the address or its domain at"
                    + " {provider}, or send from one that is verified.")

            .row(ACCOUNT_MAY_NOT_SEND, ANY, BREVO, "Brevo has not activated transactional email for this account yet"
                    + " (account under validation): ask Brevo's support to activate it, and send through another"
                    + " transport meanwhile.")
            .row(ACCOUNT_MAY_NOT_SEND, "The {provider} account may not send right now (out of credits, pending approval"
                    + " or restricted); check the account in {provider}.")
            .row(RECIPIENT_INACTIVE, "The recipient is inactive in {provider} after a hard bounce or spam complaint;"
                    + " reactivate it in {provider}'s suppressions only if the address is good again.")
            .row(ATTACHMENT_TYPE_REFUSED, "{provider} does not accept this type of attachment; send another file type,"
                    + " link to the file, or send the email through another transport.")
            .row(MAINTENANCE, "{provider} is down for maintenance; retry later or use another transport.")
            .row(REQUEST_NOT_UNDERSTOOD, "{provider} could not read the request; please report this, it is a bug in the"
                    + " transport.")
            .row(EDGE_REFUSED, "{provider}'s network edge refused the request before the API saw it (a firewall or proxy"
                    + " rule); retry later, and check for a proxy between this host and {provider}.")
            .row(ATTEMPT_IN_PROGRESS, "{provider} is still processing an earlier attempt to send this email (the same"
                    + " Message-ID), which may deliver it: check {provider}'s log before sending it again.")
            .row(MESSAGE_ID_REUSED, "{provider} saw this Message-ID on a different email within the last 24 hours: give"
                    + " each email its own Message-ID (leave it unset and one is generated).")
            .row(UNCLASSIFIED, FailureKind.UNKNOWN.defaultHint())

            .row(NOT_THE_API, ProviderAnswers.notTheApiHint("{provider}"))
            .row(UNCONFIRMED, ProviderAnswers.unconfirmedHint("{provider}", "HTTP {status}", "{idName}"))
            .row(ANSWER_CUT_OFF, "{provider} answered HTTP {status} but the connection broke while its answer was read;"
                    + " the message was most likely delivered: check {provider}'s activity log before sending it again.")
            .row(ANSWER_STALLED, "{provider} answered HTTP {status} but the rest of its answer did not arrive within the"
                    + " call's time limit; the message was most likely delivered: check {provider}'s activity log before"
                    + " sending it again.")

            .row(CLOSED, "Create a new mailer; a closed one cannot send.")
            .row(NO_TIME_LEFT, "The send's time limit was spent before this transport was tried; allow more time.")
            .row(TOO_MANY_RECIPIENTS, "Split the recipients over several emails of at most {maxRecipients} each.")
            .row(NEEDS_TO, "Put at least one address in To, or send the email through another transport.")
            .row(NEEDS_SUBJECT, "Give the email a subject.")
            .row(TAG_TOO_LONG, "Shorten the tag to at most {maxTagLength} characters.")
            .row(OPTIONS_TOO_LARGE, "Send less metadata, or fewer or shorter headers and tags: {provider} accepts at most"
                    + " {limit} of them.")
            .row(HEADER_NAME_NOT_EXPRESSIBLE, "Rename the header without quotes, or send the email through another"
                    + " transport.")
            .build();

    private HttpHints() {
    }

    /** The hint for a reason at this provider, with the values filled in (cut and made printable). */
    static String hint(HttpReason reason, HttpApi api, Map<String, String> values) {
        Map<String, String> safe = new HashMap<>();
        values.forEach((k, v) -> safe.put(k, printable(v)));
        safe.put("provider", api.provider());
        return TABLE.hint(reason, ANY, api, safe);
    }

    private static String printable(String value) {
        String v = value.replaceAll("\\p{Cntrl}", "?");
        return v.length() <= MAX_VALUE ? v : v.substring(0, MAX_VALUE) + "…";
    }
}
