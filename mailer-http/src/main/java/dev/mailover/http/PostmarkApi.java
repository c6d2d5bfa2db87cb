package dev.mailover.http;

import static dev.mailover.http.HttpReason.*;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mailover.SendingPath;
import dev.mailover.internal.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * What Postmark's Email API documents about its answers. Limits: 10 MB, 50 recipients, one tag.
 * Success: {@code 200 {"MessageID":…,"ErrorCode":0,"Message":"OK"}}. Errors:
 * {@code {"ErrorCode": N, "Message": …}}, usually with HTTP 422, sometimes inside a 200 (so an
 * ErrorCode other than 0 is a refusal whatever the status), decided by the ErrorCode table first (a
 * message about used-up credits is a quota, whatever its code), then by status. A 403 with an HTML
 * body comes from Postmark's network edge, not from the API.
 */
final class PostmarkApi extends HttpApi {

    private static final MessageLimits LIMITS = MessageLimits.of(10 * MessageLimits.MB).withRecipients(50).withTags(1);
    private static final SuccessShape SUCCESS = new SuccessShape("a MessageID", r -> r.statusIs(200),
            r -> errorCode(0).test(r) ? r.text("MessageID") : null, r -> r.jsonHas("ErrorCode", "MessageID"));
    private static final String INACTIVE = "Found inactive addresses:";

    private static final List<Rule<ApiResponse, HttpReason>> RULES = List.of(
            Rule.of("credits or quota used up", r -> hasErrorCode(r) && r.says("credits", "quota"), QUOTA_USED_UP),
            Rule.of("ErrorCode 10: bad or missing token", errorCode(10), KEY_REFUSED),
            Rule.of("ErrorCode 100: maintenance", errorCode(100), MAINTENANCE),
            Rule.of("ErrorCode 300: invalid email request", errorCode(300), INVALID_REQUEST),
            Rule.of("ErrorCode 400/401: sender signature", errorCode(400, 401), SENDER_NOT_VERIFIED),
            Rule.of("ErrorCode 402/403/409: JSON problem", errorCode(402, 403, 409), REQUEST_NOT_UNDERSTOOD),
            Rule.of("ErrorCode 405/412/413: account may not send", errorCode(405, 412, 413), ACCOUNT_MAY_NOT_SEND),
            Rule.of("ErrorCode 406: inactive recipient", errorCode(406), RECIPIENT_INACTIVE),
            Rule.of("ErrorCode 411: forbidden attachment type", errorCode(411), ATTACHMENT_TYPE_REFUSED),
            Rule.of("ErrorCode 429: rate limit", errorCode(429), THROTTLED),
            Rule.of("403 HTML from the network edge", r -> r.statusIs(403) && r.html(), EDGE_REFUSED));

    /** Postmark: SPF {@code include:spf.mtasv.net}; the DKIM selector is per domain, shown in Postmark's DNS settings. */
    private static final SendingPath PATH = SendingPath.api("Postmark", "spf.mtasv.net", List.of(),
                "the DKIM TXT record (DATEpm._domainkey) that Postmark shows under Sender Signatures, DNS settings");

    /** The one instance; declared after the constants its constructor reads. */
    static final PostmarkApi API = new PostmarkApi();

    private PostmarkApi() {
        super("Postmark", LIMITS, SUCCESS, RULES, PATH);
    }

    /** Any status but 2xx, and an ErrorCode other than 0 inside a 2xx. */

    @Override
    boolean refused(ApiResponse r) {
        return !r.successful() || hasErrorCode(r);
    }

    /** {@code ErrorCode N: Message}, or empty when the body is not Postmark's error shape. */
    @Override
    String detail(ApiResponse r) {
        JsonNode json = r.json();
        if (!json.has("ErrorCode")) {
            return "";
        }
        return "ErrorCode " + json.path("ErrorCode").asInt() + ": " + r.text("Message").strip().replaceAll("\\s+", " ");
    }

    /** The addresses in Postmark's "Found inactive addresses: a@b, c@d." sentence. */
    @Override
    List<String> rejectedRecipients(ApiResponse r) {
        String message = r.text("Message");
        List<String> found = new ArrayList<>();
        int at = message.indexOf(INACTIVE);
        if (at < 0) {
            return found;
        }
        String rest = message.substring(at + INACTIVE.length());
        int end = rest.indexOf('\n');
        rest = end < 0 ? rest : rest.substring(0, end);
        int sentence = rest.indexOf(". ");
        rest = sentence < 0 ? rest : rest.substring(0, sentence);
        for (String part : rest.split(",")) {
            String a = part.strip();
            a = a.endsWith(".") ? a.substring(0, a.length() - 1) : a;
            if (a.indexOf('@') > 0) {
                found.add(a);
            }
        }
        return found;
    }

    private static boolean hasErrorCode(ApiResponse r) {
        return r.json().path("ErrorCode").isNumber() && r.json().path("ErrorCode").asInt() != 0;
    }

    private static Predicate<ApiResponse> errorCode(int... codes) {
        return r -> {
            JsonNode code = r.json().path("ErrorCode");
            if (!code.isNumber()) {
                return false;
            }
            for (int c : codes) {
                if (code.asInt() == c) {
                    return true;
                }
            }
            return false;
        };
    }
}
