package dev.mailover.http;

import dev.mailover.Mailer;
import java.net.URI;
import java.time.Duration;
import mockwebserver3.MockResponse;

/**
 * The four HTTP transports, each built against a local server's base URL, with the answer its
 * provider documents for an accepted message. For tests that hold for every HTTP mailer alike.
 */
enum HttpMailers {
    SENDGRID("SG.hm-sendgrid-key-5e4d") {
        @Override
        Mailer create(String baseUrl, Duration timeout, String name) {
            SendGridMailer.Builder b = SendGridMailer.builder().apiKey(secret()).baseUrl(baseUrl).timeout(timeout);
            return (name == null ? b : b.name(name)).build();
        }

        @Override
        MockResponse accepted(String id) {
            return new MockResponse.Builder().code(202).addHeader("X-Message-Id", id).build();
        }

        @Override
        MockResponse acceptedWithoutId() {
            return new MockResponse.Builder().code(202).build();
        }
    },
    MAILGUN("key-hm-mailgun-3c2b1a") {
        @Override
        Mailer create(String baseUrl, Duration timeout, String name) {
            MailgunMailer.Builder b = MailgunMailer.builder().apiKey(secret()).domain("mg.example.com").baseUrl(baseUrl)
                    .timeout(timeout);
            return (name == null ? b : b.name(name)).build();
        }

        @Override
        MockResponse accepted(String id) {
            return json(200, "{\"id\":\"<" + id + "@mg.example.com>\",\"message\":\"Queued. Thank you.\"}");
        }

        @Override
        MockResponse acceptedWithoutId() {
            return json(200, "{\"message\":\"Queued. Thank you.\"}");
        }
    },
    POSTMARK("hm-postmark-token-9a8b") {
        @Override
        Mailer create(String baseUrl, Duration timeout, String name) {
            PostmarkMailer.Builder b = PostmarkMailer.builder().serverToken(secret()).baseUrl(baseUrl).timeout(timeout);
            return (name == null ? b : b.name(name)).build();
        }

        @Override
        MockResponse accepted(String id) {
            return json(200, "{\"To\":\"bob@example.org\",\"SubmittedAt\":\"2026-11-29T01:40:00.0000000Z\",\"MessageID\":\""
                    + id + "\",\"ErrorCode\":0,\"Message\":\"OK\"}");
        }

        @Override
        MockResponse acceptedWithoutId() {
            return json(200, "{\"To\":\"bob@example.org\",\"ErrorCode\":0,\"Message\":\"OK\"}");
        }
    },
    SES("hmSesSecretKey/7f6e+5d4c3b2a1") {
        @Override
        Mailer create(String baseUrl, Duration timeout, String name) {
            SesMailer.Builder b = SesMailer.builder().region("eu-west-1").credentials(ACCESS_KEY_ID, secret())
                    .endpoint(URI.create(baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl))
                    .connectTimeout(timeout).readTimeout(timeout).timeout(timeout);
            return (name == null ? b : b.name(name)).build();
        }

        @Override
        MockResponse accepted(String id) {
            return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                    .addHeader("x-amzn-RequestId", "req-" + id).body("{\"MessageId\":\"" + id + "\"}").build();
        }

        @Override
        MockResponse acceptedWithoutId() {
            return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                    .addHeader("x-amzn-RequestId", "req-no-id").body("{}").build();
        }
    };

    /** SES's access key id; the secret access key is {@link #secret()}. */
    static final String ACCESS_KEY_ID = "AKIDHTTPMAILERS01";

    private final String secret;

    HttpMailers(String secret) {
        this.secret = secret;
    }

    /** The key, token or secret access key the mailer is built with. */
    String secret() {
        return secret;
    }

    /** The mailer with its default name. */
    Mailer create(String baseUrl, Duration timeout) {
        return create(baseUrl, timeout, null);
    }

    /** The mailer, named {@code name} unless it is null. */
    abstract Mailer create(String baseUrl, Duration timeout, String name);

    /** The provider's documented answer for an accepted message whose provider id is {@code id}. */
    abstract MockResponse accepted(String id);

    /** The provider's answer for an accepted message, but without the id that confirms it. */
    abstract MockResponse acceptedWithoutId();

    static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
    }
}
