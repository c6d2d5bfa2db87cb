package dev.mailover.http;

import static dev.mailover.http.HttpReason.*;

import dev.mailover.SendingPath;
import dev.mailover.internal.Rule;
import java.util.List;
import java.util.function.Predicate;

/**
 * What Brevo's API documents about its answers (developers.brevo.com). Limits: 20 MB per
 * transactional email with its attachments (Brevo's help center; whether base64 counts is
 * unconfirmed, so the encoded size is checked, which never sends what either reading refuses), and
 * the attachment types {@link BrevoRequestBody} lists. Success: {@code 201 {"messageId": "<…>"}}.
 * Errors: {@code {"code", "message"}}: 400 {@code invalid_parameter} or {@code missing_parameter}
 * naming the field, 401 {@code unauthorized} (a wrong key, or a host outside the account's
 * authorised IPs), 402 {@code not_enough_credits}, {@code account_under_validation} while Brevo has
 * not activated the account, 403 {@code permission_denied}, 429 with {@code x-sib-ratelimit-reset}.
 *
 * <p>Used-up credits are {@link HttpReason#QUOTA_USED_UP} ({@code RATE_LIMITED}), as SendGrid's and
 * Postmark's are: the credits come back (daily on the free plan, or when bought), another provider
 * has its own, so the send fails over and the same transport is worth trying later; the account is
 * not broken. An account under validation is {@link HttpReason#ACCOUNT_MAY_NOT_SEND}: it cannot
 * send until a person at Brevo acts, so it is not retried.
 */
final class BrevoApi extends HttpApi {

    private static final MessageLimits LIMITS = MessageLimits.of(20 * MessageLimits.MB);
    private static final SuccessShape SUCCESS = SuccessShape.jsonId("messageId", r -> r.jsonHas("messageId", "messageIds"),
            201);

    private static final List<Rule<ApiResponse, HttpReason>> RULES = List.of(
            Rule.of("account under validation", coded("account_under_validation"), ACCOUNT_MAY_NOT_SEND),
            Rule.of("402 not enough credits", coded("not_enough_credits").or(r -> r.statusIs(402)), QUOTA_USED_UP),
            // {"code":"unauthorized","message":"… unrecognised IP address 203.0.113.7 …"}: the key is fine, the host is not
            Rule.of("a host outside the authorised IPs", r -> r.statusBetween(400, 403) && r.says("IP address"),
                    HOST_NOT_ALLOWED),
            Rule.of("unauthorized key", coded("unauthorized"), KEY_REFUSED),
            Rule.of("permission denied", coded("permission_denied"), KEY_NOT_PERMITTED),
            // the wording is unconfirmed: "… the sender you used … is not valid. Validate your sender or authenticate your domain"
            Rule.of("sender not validated", r -> r.statusIs(400) && r.says("sender")
                    && r.says("not valid", "validate your sender", "authenticate your domain"), SENDER_NOT_VERIFIED));

    /** Brevo: SPF {@code include:spf.brevo.com}, DKIM selectors {@code brevo1} and {@code brevo2} (CNAMEs to Brevo). */
    private static final SendingPath PATH = SendingPath.api("Brevo", "spf.brevo.com", List.of("brevo1", "brevo2"),
                "the brevo1._domainkey and brevo2._domainkey CNAME records that Brevo shows on its Domains page");

    /** The one instance; declared after the constants its constructor reads. */
    static final BrevoApi API = new BrevoApi();

    private BrevoApi() {
        super("Brevo", LIMITS, SUCCESS, RULES, PATH);
    }

    /** {@code code: message}, or empty when the body is not Brevo's error shape. */

    @Override
    String detail(ApiResponse r) {
        String code = r.text("code");
        String message = r.text("message");
        return code.isEmpty() ? message : code + (message.isEmpty() ? "" : ": " + message);
    }

    private static Predicate<ApiResponse> coded(String code) {
        return r -> code.equals(r.text("code"));
    }
}
