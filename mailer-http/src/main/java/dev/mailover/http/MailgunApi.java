package dev.mailover.http;

import static dev.mailover.http.HttpReason.*;

import dev.mailover.internal.RetryAfter;
import dev.mailover.SendingPath;
import dev.mailover.internal.Rule;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Mailgun's Messages API documents about its answers. Limits: 25 MB per message, 3 tags (the
 * 16 kB limit on headers, tags and metadata is {@link MailgunForm}'s). Success:
 * {@code 200 {"id":"<…@domain>","message":"Queued. Thank you."}}. Errors: {@code {"message": …}} JSON
 * for most, a plain-text {@code Forbidden} for a 401 (a wrong key, or the domain's other region), a
 * 404 without JSON for a wrong URL or domain, and a 420 when a sending limit is reached, whose message
 * says when to try again.
 */
final class MailgunApi extends HttpApi {

    private static final MessageLimits LIMITS = MessageLimits.of(25 * MessageLimits.MB).withTags(3);
    private static final SuccessShape SUCCESS = SuccessShape.jsonId("id", r -> r.jsonHas("id", "message"), 200);

    private static final List<Rule<ApiResponse, HttpReason>> RULES = List.of(
            // 420 {"message":"Domain mg.example.com is not allowed to send: recipient limit exceeded, try again after …"}
            Rule.of("420 or a sending limit exceeded", r -> r.statusIs(420)
                    || (r.statusBetween(400, 499) && r.says("limit exceeded", "quota")), QUOTA_USED_UP),
            Rule.of("403 domain may not send", r -> r.statusIs(403), SENDER_NOT_VERIFIED));

    /** Mailgun's limit answers say when to come back: {@code try again after Mon, 25 Aug 2025 07:00:31 UTC}. */
    private static final Pattern TRY_AGAIN = Pattern.compile("try again after ([A-Za-z]{3}, \\d{1,2} [A-Za-z]{3} \\d{4}"
            + " \\d{2}:\\d{2}:\\d{2} (?:UTC|GMT))");

    /** Mailgun: SPF {@code include:mailgun.org}; the DKIM selector is per domain, shown in Mailgun's DNS records. */
    private static final SendingPath PATH = SendingPath.api("Mailgun", "mailgun.org", List.of(),
                "the DKIM TXT record (SELECTOR._domainkey) that Mailgun shows under Sending, Domain settings, DNS records");

    /** The one instance; declared after the constants its constructor reads. */
    static final MailgunApi API = new MailgunApi();

    private MailgunApi() {
        super("Mailgun", LIMITS, SUCCESS, RULES, PATH);
    }

    /** The JSON {@code message}; empty (so the plain body is used) when there is none. */

    @Override
    String detail(ApiResponse r) {
        return r.text("message");
    }

    /** The wait that a limit answer names in its message, from {@code now}. */
    @Override
    Optional<Duration> saidRetryAfter(ApiResponse r, Instant now) {
        Matcher m = TRY_AGAIN.matcher(detail(r));
        return m.find() ? RetryAfter.parse(m.group(1), now) : Optional.empty();
    }
}
