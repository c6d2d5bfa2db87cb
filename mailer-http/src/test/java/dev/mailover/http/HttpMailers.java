package dev.mailover.http;

import dev.mailover.Mailer;
import java.time.Duration;
import mockwebserver3.MockResponse;
import okhttp3.OkHttpClient;

/**
 * The HTTP transports, each built against a local server's base URL, with the answer its provider
 * documents for an accepted message. For tests that hold for every HTTP mailer alike.
 */
enum HttpMailers {
    SENDGRID("SG.hm-sendgrid-key-5e4d", SendGridApi.API) {
        @Override
        HttpMailerBuilder<?> builder() {
            return SendGridMailer.builder().apiKey(secret());
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
    MAILGUN("key-hm-mailgun-3c2b1a", MailgunApi.API) {
        @Override
        HttpMailerBuilder<?> builder() {
            return MailgunMailer.builder().apiKey(secret()).domain("mg.example.com");
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
    POSTMARK("hm-postmark-token-9a8b", PostmarkApi.API) {
        @Override
        HttpMailerBuilder<?> builder() {
            return PostmarkMailer.builder().serverToken(secret());
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
    RESEND("re_hm_resend_key_7f6e5d", ResendApi.API) {
        @Override
        HttpMailerBuilder<?> builder() {
            return ResendMailer.builder().apiKey(secret());
        }

        @Override
        MockResponse accepted(String id) {
            return json(200, "{\"id\":\"" + id + "\"}");
        }

        @Override
        MockResponse acceptedWithoutId() {
            return json(200, "{\"id\":null}");
        }
    },
    BREVO("xkeysib-hm-brevo-key-1a2b3c", BrevoApi.API) {
        @Override
        HttpMailerBuilder<?> builder() {
            return BrevoMailer.builder().apiKey(secret());
        }

        @Override
        MockResponse accepted(String id) {
            return json(201, "{\"messageId\":\"<" + id + "@smtp-relay.mailin.fr>\"}");
        }

        @Override
        MockResponse acceptedWithoutId() {
            return json(201, "{\"messageId\":null}");
        }
    };

    private final String secret;
    private final HttpApi api;

    HttpMailers(String secret, HttpApi api) {
        this.secret = secret;
        this.api = api;
    }

    /** What the provider documents about its answers. */
    HttpApi api() {
        return api;
    }

    /** The key or token the mailer is built with. */
    String secret() {
        return secret;
    }

    /** The provider's builder with its key (and Mailgun's domain). */
    abstract HttpMailerBuilder<?> builder();

    /** The mailer with its default name. */
    Mailer create(String baseUrl, Duration timeout) {
        return builder().baseUrl(baseUrl).timeout(timeout).build();
    }

    /** The mailer, named {@code name} unless it is null. */
    Mailer create(String baseUrl, Duration timeout, String name) {
        return name == null ? create(baseUrl, timeout) : builder().baseUrl(baseUrl).timeout(timeout).name(name).build();
    }

    /** The mailer on an application's client. */
    Mailer create(String baseUrl, OkHttpClient client) {
        return builder().baseUrl(baseUrl).httpClient(client).build();
    }

    /** The provider's documented answer for an accepted message whose provider id is {@code id}. */
    abstract MockResponse accepted(String id);

    /** The provider's answer for an accepted message, but without the id that confirms it. */
    abstract MockResponse acceptedWithoutId();

    static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
    }
}
