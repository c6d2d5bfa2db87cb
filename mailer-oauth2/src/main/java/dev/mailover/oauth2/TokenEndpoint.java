package dev.mailover.oauth2;

import dev.mailover.MailException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One POST to a token endpoint and what came back: a {@link TokenResponse} with an access token, or
 * a classified {@link MailException}. Reads at most {@value #MAX_BODY} bytes of any answer, so a
 * hostile or broken endpoint cannot fill the memory. Thread-safe.
 */
final class TokenEndpoint {

    private static final Logger log = LoggerFactory.getLogger(TokenEndpoint.class);
    /** More than any token response (Microsoft's are about 2 kB; error bodies about 1 kB). */
    static final int MAX_BODY = 64 * 1024;

    private final OkHttpClient client;
    private final Duration callTimeout;

    TokenEndpoint(OkHttpClient client) {
        this.client = client;
        this.callTimeout = Duration.ofMillis(client.callTimeoutMillis());
    }

    /**
     * Asks for a token.
     *
     * @param masker masks every secret the source knows (and the ones this answer brings) in the detail
     * @throws MailException when there is no token: the endpoint refused, is unreachable or answered garbage
     */
    TokenResponse fetch(TokenGrant grant, String refreshToken, Function<MailException.Builder, MailException> masker,
                        Instant now) {
        FormBody.Builder form = new FormBody.Builder(StandardCharsets.UTF_8);
        for (Map.Entry<String, String> f : grant.form(refreshToken).entrySet()) {
            form.add(f.getKey(), f.getValue());
        }
        Request request = new Request.Builder().url(grant.tokenUri()).header("Accept", "application/json")
                .post(form.build()).build();
        log.debug("requesting an OAuth2 access token: {}", grant.describe());
        try (Response response = client.newCall(request).execute()) {
            String body = read(response.body());
            Optional<TokenResponse> parsed = TokenResponse.parse(body);
            log.trace("token endpoint {} answered HTTP {}: {}", grant.endpoint(), response.code(),
                    parsed.map(TokenResponse::toString).orElse(body.length() + " characters that are not a JSON object"));
            if (response.isSuccessful() && parsed.isPresent() && parsed.get().hasToken()) {
                return parsed.get();
            }
            TokenEndpointFailures.Answer answer = new TokenEndpointFailures.Answer(response.code(),
                    parsed.orElse(null), grant);
            throw masker.apply(TokenEndpointFailures.refused(answer, retryAfter(response.header("Retry-After"), now)));
        } catch (IOException e) {
            throw masker.apply(TokenEndpointFailures.network(e, grant, callTimeout));
        }
    }

    private static String read(ResponseBody body) throws IOException {
        BufferedSource source = body.source();
        source.request(MAX_BODY);
        long size = Math.min(source.getBuffer().size(), MAX_BODY);
        return source.getBuffer().readString(size, StandardCharsets.UTF_8);
    }

    /** {@code Retry-After} as delta-seconds or an HTTP date (RFC 9110 section 10.2.3); null when absent or unreadable. */
    static Duration retryAfter(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String v = header.strip();
        if (v.chars().allMatch(Character::isDigit) && v.length() < 10) {
            return Duration.ofSeconds(Long.parseLong(v));
        }
        try {
            Duration d = Duration.between(now, ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            return d.isNegative() ? Duration.ZERO : d;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
