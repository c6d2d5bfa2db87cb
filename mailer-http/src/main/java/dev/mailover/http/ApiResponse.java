package dev.mailover.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import okhttp3.Headers;

/**
 * An HTTP response as the classifiers see it, the observation their {@link dev.mailover.internal.Rule
 * rules} look at: the status, the headers, the body text (capped), and the body parsed once as JSON (a
 * missing node when it is empty or not JSON). The small predicates below let a rule read as what it
 * recognises: {@code r -> r.statusIs(403) && r.says("not verified")}.
 */
record ApiResponse(int status, Headers headers, String body, JsonNode json) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static ApiResponse of(int status, Headers headers, String body) {
        return new ApiResponse(status, headers, body, parse(body));
    }

    private static JsonNode parse(String body) {
        String b = body.strip();
        if (!b.startsWith("{") && !b.startsWith("[")) {
            return MissingNode.getInstance();
        }
        try {
            return JSON.readTree(b);
        } catch (JsonProcessingException e) {
            return MissingNode.getInstance();
        }
    }

    /** True for 2xx. */
    boolean successful() {
        return status >= 200 && status < 300;
    }

    /** True when the status is one of these. */
    boolean statusIs(int... codes) {
        for (int c : codes) {
            if (status == c) {
                return true;
            }
        }
        return false;
    }

    /** True when the status is between {@code from} and {@code to}, both included. */
    boolean statusBetween(int from, int to) {
        return status >= from && status <= to;
    }

    /** True when the body contains one of these phrases, ignoring case: for providers that say more in words than in codes. */
    boolean says(String... phrases) {
        String lower = body.toLowerCase(java.util.Locale.ROOT);
        for (String p : phrases) {
            if (lower.contains(p.toLowerCase(java.util.Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    /** The JSON body's top-level text field, or empty when it has none. */
    String text(String field) {
        JsonNode value = json.path(field);
        return value.isTextual() ? value.asText() : "";
    }

    /** True when the body is a JSON object with at least one of these fields. */
    boolean jsonHas(String... fields) {
        if (!json.isObject()) {
            return false;
        }
        for (String f : fields) {
            if (json.has(f)) {
                return true;
            }
        }
        return false;
    }

    /** True when the body looks like an HTML page (a proxy or network edge answered, not the API). */
    boolean html() {
        String type = headers.get("Content-Type");
        String start = body.stripLeading().toLowerCase(java.util.Locale.ROOT);
        return (type != null && type.toLowerCase(java.util.Locale.ROOT).contains("text/html"))
                || start.startsWith("<!doctype html") || start.startsWith("<html");
    }

    /** The body on one line, shortened to {@code max} characters, for an error detail. */
    String bodyExcerpt(int max) {
        String oneLine = body.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= max ? oneLine : oneLine.substring(0, max) + "…";
    }
}
