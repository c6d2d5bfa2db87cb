package dev.mailover.http;

import dev.mailover.Mailer;
import java.time.Duration;
import mockwebserver3.MockResponse;

/**
 * The three OkHttp transports, each built against a local server's base URL, with the answer its
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
    };

    private final String secret;

    HttpMailers(String secret) {
        this.secret = secret;
    }

    /** The key or token the mailer is built with. */
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
