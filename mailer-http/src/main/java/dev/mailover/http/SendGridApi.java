package dev.mailover.http;

import static dev.mailover.http.HttpReason.*;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mailover.SendingPath;
import dev.mailover.internal.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * What SendGrid's v3 Mail Send API documents about its answers. Limits: 30 MB, 1000 recipients in
 * total, 10 categories. Success: 202 (200 in sandbox mode) with the id in the {@code X-Message-Id}
 * header and an empty body. Errors: {@code {"errors":[{"message","field","help"}]}}. The rules' order
 * matters: used-up credits are a quota, whatever the status (SendGrid answers 401); a 403 about the
 * {@code from} field is a sender problem; any other 401 or 403 is about the key or the account.
 */
final class SendGridApi extends HttpApi {

    private static final MessageLimits LIMITS = MessageLimits.of(30 * MessageLimits.MB).withRecipients(1000).withTags(10);
    private static final SuccessShape SUCCESS = new SuccessShape("the X-Message-Id header", r -> r.statusIs(202, 200),
            r -> r.headers().get("X-Message-Id"), r -> r.statusIs(202) && (r.body().isBlank() || r.json().isObject()));

    private static final List<Rule<ApiResponse, HttpReason>> RULES = List.of(
            // a free plan's daily limit answers 401 {"errors":[{"message":"Maximum credits exceeded"}]}: not a bad key
            Rule.of("credits or quota used up", r -> r.statusBetween(400, 499)
                    && r.says("credits exceeded", "out of credits", "quota"), QUOTA_USED_UP),
            Rule.of("403 from not a verified sender", r -> r.statusIs(403) && field("from").test(r), SENDER_NOT_VERIFIED));

    /** SendGrid: SPF {@code include:sendgrid.net}, DKIM selectors {@code s1} and {@code s2} (CNAMEs to SendGrid). */
    private static final SendingPath PATH = SendingPath.api("SendGrid", "sendgrid.net", List.of("s1", "s2"),
                "the s1._domainkey and s2._domainkey CNAME records that SendGrid shows under Settings, Sender Authentication");

    /** The one instance; declared after the constants its constructor reads. */
    static final SendGridApi API = new SendGridApi();

    private SendGridApi() {
        super("SendGrid", LIMITS, SUCCESS, RULES, PATH);
    }

    /** The errors' messages, each with its field: {@code message (field from); …}. */

    @Override
    String detail(ApiResponse r) {
        List<String> parts = new ArrayList<>();
        for (JsonNode e : r.json().path("errors")) {
            String message = e.path("message").asText("");
            String field = e.path("field").isTextual() ? e.path("field").asText() : "";
            parts.add(message + (field.isEmpty() ? "" : " (field " + field + ")"));
        }
        return String.join("; ", parts);
    }

    private static Predicate<ApiResponse> field(String name) {
        return r -> {
            for (JsonNode e : r.json().path("errors")) {
                if (name.equals(e.path("field").asText(null))) {
                    return true;
                }
            }
            return false;
        };
    }
}
