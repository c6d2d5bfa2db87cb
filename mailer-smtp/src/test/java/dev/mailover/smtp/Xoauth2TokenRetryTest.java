package dev.mailover.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mailover.AccessTokenSupplier;
import dev.mailover.Email;
import dev.mailover.FailureKind;
import dev.mailover.HealthCheck;
import dev.mailover.MailException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * XOAUTH2 with a token source that can drop its cached token: the exact initial response, one
 * fresh token after a refusal, Microsoft's hints after a second one, and a token source's own
 * failure reported with its kind.
 */
class Xoauth2TokenRetryTest {

    private static final String USER = "sender@contoso.example";
    private static final Email EMAIL = Email.builder().from(USER).to("to@example.org").subject("s").text("body").build();

    /** A token source that hands out its tokens in turn (the last one repeats) and counts its calls. */
    private static final class Tokens implements AccessTokenSupplier {
        private final List<String> tokens;
        final AtomicInteger gets = new AtomicInteger();
        final AtomicInteger invalidations = new AtomicInteger();
        final List<Duration> limits = new java.util.concurrent.CopyOnWriteArrayList<>();
        private int next;

        Tokens(String... tokens) {
            this.tokens = List.of(tokens);
        }

        @Override
        public synchronized String get() {
            gets.incrementAndGet();
            return tokens.get(Math.min(next, tokens.size() - 1));
        }

        @Override
        public String get(Duration timeLimit) {
            limits.add(timeLimit);
            return get();
        }

        @Override
        public synchronized void invalidate() {
            invalidations.incrementAndGet();
            next++;
        }
    }

    private static ScriptedSmtpServer.Builder xoauth2Server() {
        return ScriptedSmtpServer.builder().startTls(TestCertificates.serverContext(TestCertificates.LOCALHOST))
                .capabilities("AUTH XOAUTH2");
    }

    private static SmtpMailer mailer(ScriptedSmtpServer server, java.util.function.Supplier<String> tokens) {
        return SmtpMailer.builder().host("localhost").port(server.port())
                .trustedCertificates(TestCertificates.CA.certificate())
                .connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(5))
                .oauth2(USER, tokens).build();
    }

    @Test
    void theInitialResponseIsExactlyTheXoauth2StringOfUserAndToken() throws Exception {
        String token = "EwBAAl3BAAUFFpUAo7J3Ve0bjLBWZWCclRC3EoAA";
        try (ScriptedSmtpServer server = xoauth2Server().password(token).start();
             SmtpMailer m = mailer(server, new Tokens(token))) {
            m.send(EMAIL);

            String expected = Base64.getEncoder().encodeToString(("user=" + USER + "\u0001auth=Bearer " + token
                    + "\u0001\u0001").getBytes(StandardCharsets.UTF_8));
            assertThat(server.commands()).contains("AUTH XOAUTH2 " + expected);
            assertThat(server.messages()).hasSize(1);
        }
    }

    @Test
    void aRefusedTokenIsDroppedOnceAndTheFreshOneDelivers() throws Exception {
        Tokens tokens = new Tokens("revoked-token", "fresh-token");
        try (ScriptedSmtpServer server = xoauth2Server().password("fresh-token").start();
             SmtpMailer m = mailer(server, tokens)) {
            m.send(EMAIL);

            assertThat(tokens.invalidations).hasValue(1);
            assertThat(tokens.gets).hasValue(2);
            assertThat(server.messages()).hasSize(1);
            assertThat(server.commands().stream().filter(c -> c.startsWith("AUTH XOAUTH2"))).hasSize(2);
        }
    }

    @Test
    void aSecondRefusalIsAuthenticationFailedWithWhatMicrosoft365Needs() throws Exception {
        Tokens tokens = new Tokens("token-1", "token-2", "token-3");
        try (ScriptedSmtpServer server = xoauth2Server()
                .on("AUTH", "535 5.7.3 Authentication unsuccessful [SN4PR0201CA0001.namprd02.prod.outlook.com]").start();
             SmtpMailer m = mailer(server, tokens)) {
            MailException e = catchThrowableOfType(MailException.class, () -> m.send(EMAIL));

            assertThat(e.kind()).isEqualTo(FailureKind.AUTHENTICATION_FAILED);
            assertThat(e.code()).hasValue(535);
            assertThat(e.hint()).contains("OAuth2 access token").contains("SMTP.SendAsApp").contains("admin consent")
                    .contains("New-ServicePrincipal").contains("Add-MailboxPermission").contains("https://mail.google.com/");
            assertThat(tokens.invalidations).hasValue(1);
            assertThat(tokens.gets).hasValue(2);
            assertThat(server.messages()).isEmpty();
        }
    }

    @Test
    void microsoftSmtpAuthDisabledWithXoauth2SaysToEnableSmtpAuthForTheMailbox() throws Exception {
        try (ScriptedSmtpServer server = xoauth2Server().on("AUTH", "535 5.7.139 Authentication unsuccessful, "
                + "SmtpClientAuthentication is disabled for the Mailbox. Visit https://aka.ms/smtp_auth_disabled").start();
             SmtpMailer m = mailer(server, new Tokens("token-1", "token-2"))) {
            MailException e = catchThrowableOfType(MailException.class, () -> m.send(EMAIL));

            assertThat(e.kind()).isEqualTo(FailureKind.AUTHENTICATION_FAILED);
            assertThat(e.hint()).contains("SMTP AUTH is disabled").contains("SmtpClientAuthenticationDisabled $false")
                    .doesNotContain("use OAuth2");
        }
    }

    @Test
    void aTokenSourceWaitsAtMostTheTimeLeftOfTheSend() throws Exception {
        Tokens tokens = new Tokens("the-token");
        try (ScriptedSmtpServer server = xoauth2Server().password("the-token").start();
             SmtpMailer m = mailer(server, tokens)) {
            m.send(EMAIL, Duration.ofSeconds(3));
            m.send(EMAIL);
        }

        assertThat(tokens.limits).hasSize(1);
        assertThat(tokens.limits.get(0)).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void withoutATimeLimitATokenSourceWaitsAtMostTheBoundOnTheConversation() throws Exception {
        Tokens tokens = new Tokens("the-token");
        try (ScriptedSmtpServer server = xoauth2Server().password("the-token").start();
             SmtpMailer m = mailer(server, tokens)) {
            m.send(EMAIL);
        }

        // connect timeout 5 s plus 10 read timeouts of 5 s
        assertThat(tokens.limits).singleElement().satisfies(d -> assertThat(d).isPositive()
                .isLessThanOrEqualTo(Duration.ofSeconds(55)));
    }

    @Test
    void aPlainSupplierIsAskedOnceAndNotRetried() throws Exception {
        AtomicInteger gets = new AtomicInteger();
        try (ScriptedSmtpServer server = xoauth2Server().password("the-right-token").start();
             SmtpMailer m = mailer(server, () -> {
                 gets.incrementAndGet();
                 return "a-wrong-token";
             })) {
            MailException e = catchThrowableOfType(MailException.class, () -> m.send(EMAIL));

            assertThat(e.kind()).isEqualTo(FailureKind.AUTHENTICATION_FAILED);
            assertThat(gets).hasValue(1);
        }
    }

    @Test
    void aTokenSourcesOwnFailureKeepsItsKindOnThisTransportAndNothingConnects() throws Exception {
        MailException endpointDown = MailException.builder(FailureKind.SERVICE_UNAVAILABLE, "oauth2")
                .detail("token endpoint https://login.example/token answered HTTP 503").code(503)
                .retryAfter(Duration.ofSeconds(30)).hint("the token endpoint reported a temporary problem").build();
        try (ScriptedSmtpServer server = xoauth2Server().start();
             SmtpMailer m = mailer(server, () -> {
                 throw endpointDown;
             })) {
            MailException e = catchThrowableOfType(MailException.class, () -> m.send(EMAIL));

            assertThat(e.kind()).isEqualTo(FailureKind.SERVICE_UNAVAILABLE);
            assertThat(e.transport()).isEqualTo("smtp");
            assertThat(e.code()).hasValue(503);
            assertThat(e.retryAfter()).hasValue(Duration.ofSeconds(30));
            assertThat(e.detail()).contains("no OAuth2 access token").contains("answered HTTP 503");
            assertThat(e.hint()).isEqualTo("the token endpoint reported a temporary problem");
            assertThat(server.connections()).isZero();
        }
    }

    @Test
    void theHealthCheckAlsoTriesAFreshTokenOnce() throws Exception {
        Tokens tokens = new Tokens("revoked-token", "fresh-token");
        try (ScriptedSmtpServer server = xoauth2Server().password("fresh-token").start();
             SmtpMailer m = mailer(server, tokens)) {
            HealthCheck check = m.check();

            assertThat(check.healthy()).as(check.detail()).isTrue();
            assertThat(tokens.invalidations).hasValue(1);
        }
    }
}
