package dev.mailover.http;

import dev.mailover.internal.Loopback;
import java.util.Objects;
import okhttp3.HttpUrl;

/**
 * Checks a provider base URL: http or https, no query, and plain http only for a loopback host
 * (a local test server), so an API key never travels unencrypted over a network.
 */
final class BaseUrl {

    private BaseUrl() {
    }

    /**
     * Parses and checks the base URL; a trailing slash is dropped.
     *
     * @throws IllegalArgumentException naming the field and the problem
     */
    static HttpUrl parse(String field, String url) {
        Objects.requireNonNull(url, field);
        HttpUrl parsed = HttpUrl.parse(url.strip());
        if (parsed == null) {
            throw new IllegalArgumentException(field + ": '" + url + "' is not an http or https URL");
        }
        if (parsed.query() != null || parsed.fragment() != null) {
            throw new IllegalArgumentException(field + ": '" + url + "' must not have a query or fragment");
        }
        if (!parsed.username().isEmpty() || !parsed.password().isEmpty()) {
            throw new IllegalArgumentException(field + ": must not carry credentials; use the builder's key setter");
        }
        if (!parsed.isHttps() && !Loopback.isLoopback(parsed.host())) {
            throw new IllegalArgumentException(field + ": '" + url + "' is not https; plain http is allowed only for a"
                    + " loopback host (localhost, 127.0.0.1, ::1), so the API key is never sent unencrypted");
        }
        String path = parsed.encodedPath();
        if (path.endsWith("/") && path.length() > 1) {
            parsed = parsed.newBuilder().encodedPath(path.substring(0, path.length() - 1)).build();
        }
        return parsed;
    }

    /** The URL with the given path segments appended to the base URL's path. */
    static HttpUrl resolve(HttpUrl base, String... segments) {
        HttpUrl.Builder b = base.newBuilder();
        for (String s : segments) {
            b.addPathSegment(s);
        }
        return b.build();
    }
}
