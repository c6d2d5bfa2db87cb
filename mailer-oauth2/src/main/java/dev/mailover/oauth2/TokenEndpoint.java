package dev.mailover.oauth2;

import dev.mailover.MailException;
import dev.mailover.internal.Classification;
import dev.mailover.internal.Durations;
import dev.mailover.internal.RetryAfter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import okhttp3.Call;
import okhttp3.Callback;
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
 * a classified {@link MailException}. The request runs on the client's dispatcher, bounded by the
 * client's connect, read, write and call timeouts, so that each thread that needs its token can wait
 * for it as long as its own time limit allows. Reads at most {@value #MAX_BODY} bytes of any answer,
 * so a hostile or broken endpoint cannot fill the memory. Thread-safe.
 */
final class TokenEndpoint {

    private static final Logger log = LoggerFactory.getLogger(TokenEndpoint.class);
    /** More than any token response (Microsoft's are about 2 kB; error bodies about 1 kB). */
    static final int MAX_BODY = 64 * 1024;

    private final OkHttpClient client;
    private final Map<String, String> timeouts;

    TokenEndpoint(OkHttpClient client) {
        this.client = client;
        this.timeouts = Map.of(
                "connectTimeout", Durations.human(Duration.ofMillis(client.connectTimeoutMillis())),
                "readTimeout", Durations.human(Duration.ofMillis(client.readTimeoutMillis())),
                "callTimeout", Durations.human(callTimeout()));
    }

    /** The bound on one whole request. */
    Duration callTimeout() {
        return Duration.ofMillis(client.callTimeoutMillis());
    }

    /** The client's timeouts as hints name them ({@code {connectTimeout}}, {@code {readTimeout}}, {@code {callTimeout}}). */
    Map<String, String> timeouts() {
        return timeouts;
    }

    /**
     * Asks for a token; returns at once. The future completes with the answer, or exceptionally with
     * a classified {@link MailException} (the endpoint refused, is unreachable or answered garbage), or
     * with whatever else went wrong on the way.
     *
     * @param masker masks every secret the source knows in the exception
     * @param clock  the time a {@code Retry-After} date is measured from
     */
    CompletableFuture<TokenResponse> fetch(TokenGrant grant, String refreshToken,
                                           Function<MailException.Builder, MailException> masker, Clock clock) {
        CompletableFuture<TokenResponse> answer = new CompletableFuture<>();
        try {
            FormBody.Builder form = new FormBody.Builder(StandardCharsets.UTF_8);
            grant.form(refreshToken).forEach(form::add);
            Request request = new Request.Builder().url(grant.tokenUri()).header("Accept", "application/json")
                    .post(form.build()).build();
            log.debug("requesting an OAuth2 access token: {}", grant.describe());
            client.newCall(request).enqueue(new Callback() {
                @Override
                public void onFailure(Call call, IOException e) {
                    answer.completeExceptionally(failure(TokenEndpointFailures.network(e, grant, timeouts), e, masker));
                }

                @Override
                public void onResponse(Call call, Response response) {
                    try (response) {
                        answer.complete(read(grant, response, masker, clock));
                    } catch (IOException e) {
                        answer.completeExceptionally(failure(TokenEndpointFailures.network(e, grant, timeouts), e, masker));
                    } catch (RuntimeException | Error e) {
                        answer.completeExceptionally(e);
                    }
                }
            });
        } catch (RuntimeException | Error e) {
            answer.completeExceptionally(e);
        }
        return answer;
    }

    private TokenResponse read(TokenGrant grant, Response response, Function<MailException.Builder, MailException> masker,
                               Clock clock) throws IOException {
        String body = read(response.body());
        Optional<TokenResponse> parsed = TokenResponse.parse(body);
        log.trace("token endpoint {} answered HTTP {}: {}", grant.endpoint(), response.code(),
                parsed.map(TokenResponse::toString).orElse(body.length() + " characters that are not a JSON object"));
        if (response.isSuccessful() && parsed.isPresent() && parsed.get().hasToken()) {
            return parsed.get();
        }
        String retryAfter = response.header("Retry-After");
        Duration wait = retryAfter == null ? null : RetryAfter.parse(retryAfter, clock.instant()).orElse(null);
        TokenEndpointFailures.Answer a = new TokenEndpointFailures.Answer(response.code(), parsed.orElse(null), grant);
        throw failure(TokenEndpointFailures.refused(a, wait, timeouts), null, masker);
    }

    private static MailException failure(Classification c, Throwable cause,
                                         Function<MailException.Builder, MailException> masker) {
        return masker.apply(c.toException(TokenEndpointFailures.TRANSPORT).cause(cause));
    }

    private static String read(ResponseBody body) throws IOException {
        BufferedSource source = body.source();
        source.request(MAX_BODY);
        long size = Math.min(source.getBuffer().size(), MAX_BODY);
        return source.getBuffer().readString(size, StandardCharsets.UTF_8);
    }
}
