package dev.mailover.ses;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * A local stand-in for the SES v2 REST-JSON API on WireMock, answering with the shapes the real
 * service uses: {@code {"MessageId":…}} on success, and errors as an {@code x-amzn-ErrorType} header
 * (as AWS sends them, with the {@code :uri} suffix) plus a JSON body with a {@code message}.
 */
final class SesStub {

    static final String SEND_PATH = "/v2/email/outbound-emails";
    static final String ACCOUNT_PATH = "/v2/email/account";
    static final String ACCESS_KEY_ID = "AKIDSTUBEXAMPLE";
    static final String SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYSTUBKEY";
    static final String REGION = "eu-west-1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WireMockExtension wm;

    SesStub(WireMockExtension wm) {
        this.wm = wm;
    }

    URI endpoint() {
        return URI.create(wm.getRuntimeInfo().getHttpBaseUrl());
    }

    /**
     * A builder aimed at the stub with static credentials and a fixed region. The timeouts are
     * generous: a loaded build machine can take seconds for WireMock's first answer, and no test
     * here is about a timeout (those use their own peers).
     */
    SesMailer.Builder mailer() {
        return SesMailer.builder()
                .region(REGION)
                .credentials(ACCESS_KEY_ID, SECRET_ACCESS_KEY)
                .endpoint(endpoint())
                .connectTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ofSeconds(20))
                .timeout(Duration.ofSeconds(30));
    }

    void acceptSend(String messageId) {
        wm.stubFor(post(urlEqualTo(SEND_PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withHeader("x-amzn-RequestId", "req-ok-1")
                .withBody("{\"MessageId\":\"" + messageId + "\"}")));
    }

    void failSend(int status, String errorType, String message) {
        failSend(error(status, errorType, message));
    }

    void failSend(ResponseDefinitionBuilder response) {
        wm.stubFor(post(urlEqualTo(SEND_PATH)).willReturn(response));
    }

    void answerAccount(String json) {
        wm.stubFor(get(urlEqualTo(ACCOUNT_PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(json)));
    }

    void failAccount(int status, String errorType, String message) {
        wm.stubFor(get(urlEqualTo(ACCOUNT_PATH)).willReturn(error(status, errorType, message)));
    }

    /** An error as SES's REST-JSON protocol sends it. */
    static ResponseDefinitionBuilder error(int status, String errorType, String message) {
        return aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withHeader("x-amzn-RequestId", "req-err-1")
                .withHeader("x-amzn-ErrorType", errorType + ":http://internal.amazon.com/coral/com.amazonaws.sesv2/")
                .withBody("{\"message\":\"" + message + "\"}");
    }

    List<LoggedRequest> sends() {
        return wm.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlEqualTo(SEND_PATH)));
    }

    /** The JSON body of the only send request the stub received. */
    JsonNode onlySendBody() {
        List<LoggedRequest> sends = sends();
        if (sends.size() != 1) {
            throw new AssertionError("expected exactly one SendEmail request, got " + sends.size());
        }
        return json(sends.get(0).getBodyAsString());
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
