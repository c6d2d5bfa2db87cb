package dev.mailover.http;

import static dev.mailover.http.HttpReason.*;

import dev.mailover.SendingPath;
import dev.mailover.internal.Rule;
import java.util.List;
import java.util.function.Predicate;

/**
 * What Resend's API documents about its answers (resend.com/docs/api-reference). Limits: 40 MB per
 * email after base64, 50 recipients in {@code to} (whether Cc and Bcc count too is unconfirmed, so
 * only To is checked before the call and Resend's own 422 decides the rest). Success:
 * {@code 200 {"id": "…"}}. Errors: {@code {"statusCode", "name", "message"}}, decided by
 * {@code name} first, then by words, then by status: an invalid key has been documented as 403
 * {@code invalid_api_key} and as 400 or 401 {@code validation_error} "API key is invalid", so both
 * are the key; a 403 about an unverified domain or the test-only address is the sender; the
 * {@code daily_quota_exceeded} and {@code monthly_quota_exceeded} 429s are the quota, and
 * {@code rate_limit_exceeded} the rate limit (with {@code retry-after} and {@code ratelimit-reset});
 * 409 is about the idempotency key, which the mailer sets to the Email's Message-ID.
 */
final class ResendApi extends HttpApi {

    private static final MessageLimits LIMITS = MessageLimits.of(40 * MessageLimits.MB).withToRecipients(50);
    private static final SuccessShape SUCCESS = SuccessShape.jsonId("id", r -> r.jsonHas("id"), 200);

    private static final List<Rule<ApiResponse, HttpReason>> RULES = List.of(
            Rule.of("daily or monthly quota exceeded", named("daily_quota_exceeded", "monthly_quota_exceeded")
                    .or(r -> r.statusIs(429) && r.says("quota")), QUOTA_USED_UP),
            Rule.of("invalid or missing API key", named("invalid_api_key", "missing_api_key")
                    .or(named("validation_error").and(r -> r.says("API key is invalid"))), KEY_REFUSED),
            Rule.of("restricted or suspended API key", named("restricted_api_key", "suspended_api_key"), KEY_NOT_PERMITTED),
            Rule.of("unverified domain or a test-only account", named("invalid_from_address", "invalid_to_address")
                    .or(r -> r.statusIs(403) && r.says("not verified", "verify a domain", "only send testing emails")),
                    SENDER_NOT_VERIFIED),
            Rule.of("an earlier attempt with this idempotency key in progress", named("concurrent_idempotent_requests"),
                    ATTEMPT_IN_PROGRESS),
            Rule.of("idempotency key used for another email", named("invalid_idempotent_request"), MESSAGE_ID_REUSED));

    /** Resend: DKIM selector {@code resend}; its SPF record ({@code include:amazonses.com}) belongs on the {@code send.} subdomain, not the sender domain. */
    private static final SendingPath PATH = SendingPath.api("Resend", "", List.of("resend"),
                "the resend._domainkey TXT record that Resend shows on its Domains page (SPF goes on the send. subdomain)");

    /** The one instance; declared after the constants its constructor reads. */
    static final ResendApi API = new ResendApi();

    private ResendApi() {
        super("Resend", LIMITS, SUCCESS, RULES, PATH);
    }

    /** {@code name: message}, or empty when the body is not Resend's error shape. */

    @Override
    String detail(ApiResponse r) {
        String name = r.text("name");
        String message = r.text("message");
        return name.isEmpty() ? message : name + (message.isEmpty() ? "" : ": " + message);
    }

    private static Predicate<ApiResponse> named(String... names) {
        return r -> List.of(names).contains(r.text("name"));
    }
}
