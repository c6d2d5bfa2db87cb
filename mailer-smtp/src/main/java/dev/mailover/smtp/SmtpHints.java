package dev.mailover.smtp;

import dev.mailover.FailureKind;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What to tell a person about an SMTP failure, looked up by (kind, reason, port, security): a table,
 * so that a new situation adds a row rather than a branch. The first matching row wins, so specific
 * rows (a port, a mode) come before general ones. Templates name values in braces:
 * {@code {host}}, {@code {port}}, {@code {security}}, {@code {code}}, {@code {expiry}}, {@code {validFrom}},
 * {@code {connectTimeout}}, {@code {readTimeout}}, {@code {conversationBound}}, {@code {limit}},
 * {@code {rejected}}, {@code {phase}}, {@code {wait}}.
 *
 * <p>A template never names a setting itself: it names it with a placeholder ending in
 * {@code Setting} ({@code {smtpsSetting}}, {@code {trustSetting}}, …), which the mailer's
 * {@link HintVocabulary} fills with a builder method, a DSN option or a command-line flag, so each
 * user reads the setting the way they configured it. Filled values are cut at {@value #MAX_VALUE}
 * characters, so a hostile server's reply cannot make a hint long.
 */
final class SmtpHints {

    /** Any port, or any security mode. */
    private static final int ANY_PORT = 0;
    /** The longest value put into a hint. */
    static final int MAX_VALUE = 200;

    private record Row(FailureKind kind, String reason, int port, SmtpSecurity security, String template) {
        boolean matches(FailureKind k, String r, int p, SmtpSecurity s) {
            return kind == k && reason.equals(r) && (port == ANY_PORT || port == p) && (security == null || security == s);
        }
    }

    private static final String BLOCKED_25 = "port 25 is commonly blocked by hosting providers; "
            + "use 587 with STARTTLS, 465 with SMTPS, or an HTTP API transport";
    private static final String NEEDS_SMTPS = "port 465 expects implicit TLS (SMTPS); use {smtpsSetting}";
    private static final String OAUTH_OR_API = "Microsoft 365 has SMTP basic authentication disabled for this "
            + "mailbox or tenant; use OAuth2 (XOAUTH2: {oauth2Setting}) or an HTTP API transport";

    private static final List<Row> ROWS = List.of(
            row(FailureKind.DNS_FAILURE, "unknown-host", "the host name {host} does not resolve; check it for typos "
                    + "and that this machine's DNS resolver works"),

            row(FailureKind.CONNECTION_REFUSED, "refused", "nothing accepts connections on {host}:{port}; check the "
                    + "host and port (587 STARTTLS, 465 SMTPS) and that the server is running, or a firewall rejects it"),
            row(FailureKind.CONNECTION_REFUSED, "greeting-5xx", "the server refuses SMTP from this host ({code} "
                    + "in its greeting); this host's address may be blocklisted; use another server or an HTTP API transport"),

            new Row(FailureKind.CONNECTION_TIMEOUT, "connect-timeout", 25, null, BLOCKED_25),
            row(FailureKind.CONNECTION_TIMEOUT, "connect-timeout", "nothing answered on {host}:{port} within "
                    + "{connectTimeout}; the port is probably blocked or filtered; try 587 with STARTTLS, 465 with "
                    + "SMTPS, or an HTTP API transport"),
            new Row(FailureKind.CONNECTION_TIMEOUT, "greeting-timeout", 25, null, "the server on port 25 accepted "
                    + "the connection but sent no greeting within {readTimeout}; " + BLOCKED_25),
            row(FailureKind.CONNECTION_TIMEOUT, "greeting-timeout", "the server accepted the connection but sent no "
                    + "greeting within {readTimeout}; if it expects implicit TLS (usually port 465) use "
                    + "{smtpsSetting}, otherwise it is overloaded or something between filters SMTP"),
            row(FailureKind.CONNECTION_TIMEOUT, "read-timeout-after-dot", "the server did not confirm the message "
                    + "within {readTimeout} after the final dot: it may have been delivered, and sending it again may "
                    + "duplicate it"),
            row(FailureKind.CONNECTION_TIMEOUT, "write-timeout", "the server stopped taking the message: a write "
                    + "did not complete within {readTimeout} (the write timeout); nothing was delivered; retry, or "
                    + "raise {readTimeoutSetting} for a slow link"),
            row(FailureKind.CONNECTION_TIMEOUT, "read-timeout", "the server did not answer within {readTimeout} "
                    + "(nothing was delivered); retry, or raise {readTimeoutSetting} if the server is slow"),
            row(FailureKind.CONNECTION_TIMEOUT, "deadline-after-dot", "the send did not finish within its time "
                    + "limit of {limit}, after the message was handed over: it may have been delivered"),
            row(FailureKind.CONNECTION_TIMEOUT, "deadline", "the send did not finish within its time limit of "
                    + "{limit}; nothing was delivered"),
            row(FailureKind.CONNECTION_TIMEOUT, "too-slow-after-dot", "the server is too slow: the conversation "
                    + "did not finish within {conversationBound} (the connect timeout plus 10 read timeouts), after "
                    + "the message was handed over: it may have been delivered; for a very large message pass a "
                    + "longer time limit ({timeLimitSetting})"),
            row(FailureKind.CONNECTION_TIMEOUT, "too-slow", "the server is too slow: it trickles its replies (or "
                    + "takes the message that slowly), so the conversation did not finish within {conversationBound} "
                    + "(the connect timeout plus 10 read timeouts) {phase}; nothing was delivered; the server is "
                    + "overloaded or deliberately slow (a tarpit): use another server or transport, or, for a very "
                    + "large message, a longer time limit ({timeLimitSetting})"),
            row(FailureKind.CONNECTION_TIMEOUT, "pool-busy", "no pooled connection became free within the connect "
                    + "and read timeouts ({wait}); nothing was delivered; the server is slow or too many threads send "
                    + "at once: raise {poolSizeSetting} or pass a time limit ({timeLimitSetting})"),
            row(FailureKind.CONNECTION_TIMEOUT, "pool-busy-deadline", "the send did not finish within its time "
                    + "limit of {limit}; nothing was delivered; raise {poolSizeSetting} or the time limit "
                    + "({timeLimitSetting})"),

            new Row(FailureKind.TLS_FAILURE, "greeting-timeout", 465, null, NEEDS_SMTPS),
            new Row(FailureKind.TLS_FAILURE, "tls-to-plaintext", 587, null, "port 587 expects STARTTLS, not "
                    + "implicit TLS; use {startTlsSetting}"),
            new Row(FailureKind.TLS_FAILURE, "tls-to-plaintext", 25, null, "port 25 expects plaintext SMTP with "
                    + "STARTTLS, not implicit TLS; use STARTTLS ({startTlsSetting})"),
            row(FailureKind.TLS_FAILURE, "tls-to-plaintext", "the server on port {port} speaks plaintext SMTP, not "
                    + "implicit TLS; use STARTTLS ({startTlsSetting}) or the server's SMTPS port ({smtpsSetting})"),
            new Row(FailureKind.TLS_FAILURE, "starttls-missing", 465, null, NEEDS_SMTPS),
            new Row(FailureKind.TLS_FAILURE, "starttls-missing", 25, null, "the server on port 25 does not offer "
                    + "STARTTLS, and Mailover never sends in plaintext when STARTTLS is required; use 587 with "
                    + "STARTTLS or 465 with SMTPS"),
            row(FailureKind.TLS_FAILURE, "starttls-missing", "the server on port {port} does not offer STARTTLS, "
                    + "and Mailover never falls back to plaintext; use 465 with SMTPS, or a server that offers STARTTLS"),
            row(FailureKind.TLS_FAILURE, "cert-expired", "the server's certificate expired on {expiry}; its "
                    + "administrator must renew it (Mailover never skips the check)"),
            row(FailureKind.TLS_FAILURE, "cert-not-yet-valid", "the server's certificate is not valid before "
                    + "{validFrom}; check this machine's clock, or its administrator must install a current "
                    + "certificate (Mailover never skips the check)"),
            row(FailureKind.TLS_FAILURE, "cert-hostname", "the server's certificate does not match the host name "
                    + "{host}; connect with a name the certificate was issued for"),
            row(FailureKind.TLS_FAILURE, "cert-untrusted", "the server's certificate is not issued by a trusted "
                    + "authority; for a private CA or a self-signed server, trust its certificate with {trustSetting}"),
            row(FailureKind.TLS_FAILURE, "encryption-required", "the server requires encryption before AUTH ({code}); "
                    + "use STARTTLS ({startTlsSetting}) or SMTPS ({smtpsSetting})"),
            new Row(FailureKind.TLS_FAILURE, "tls", 465, SmtpSecurity.SMTPS, "the TLS handshake on port 465 failed; "
                    + "check that the server offers implicit TLS there and supports TLS 1.2 or 1.3"),
            row(FailureKind.TLS_FAILURE, "tls", "the TLS handshake with {host}:{port} ({security}) failed; check "
                    + "that the security mode matches the port (587 STARTTLS, 465 SMTPS) and that the server supports "
                    + "TLS 1.2 or 1.3"),

            row(FailureKind.AUTHENTICATION_FAILED, "microsoft-basic-auth", OAUTH_OR_API),
            row(FailureKind.AUTHENTICATION_FAILED, "microsoft-smtp-auth-disabled", "Microsoft 365 refused XOAUTH2 "
                    + "({code}): SMTP AUTH is disabled for this mailbox or tenant; an Exchange administrator must "
                    + "enable it for the mailbox (Set-CASMailbox -Identity MAILBOX -SmtpClientAuthenticationDisabled "
                    + "$false)"),
            row(FailureKind.AUTHENTICATION_FAILED, "token-refused", "the server refused the OAuth2 access token "
                    + "({code}); for Microsoft 365, the app registration needs the SMTP.SendAsApp application "
                    + "permission of Office 365 Exchange Online with admin consent, its service principal must be "
                    + "registered in Exchange Online (New-ServicePrincipal) with permission on this mailbox "
                    + "(Add-MailboxPermission), and SMTP AUTH must be enabled for the mailbox; for Gmail, the token "
                    + "needs the scope https://mail.google.com/ and must belong to this user"),
            row(FailureKind.AUTHENTICATION_FAILED, "app-password", "the provider requires an app password (534 5.7.9): "
                    + "create one in the account's security settings, or use OAuth2 (XOAUTH2)"),
            row(FailureKind.AUTHENTICATION_FAILED, "auth-required", "the server requires authentication ({code}); "
                    + "configure them: {credentialsSetting}"),
            row(FailureKind.AUTHENTICATION_FAILED, "bad-credentials", "the server refused the user name or password "
                    + "({code}); check them, and whether the provider requires an app password or OAuth2 (XOAUTH2)"),

            new Row(FailureKind.INVALID_CONFIGURATION, "no-auth-offered", ANY_PORT, SmtpSecurity.NONE, "the server "
                    + "does not offer AUTH on this unencrypted connection; use 587 with STARTTLS or 465 with SMTPS"),
            row(FailureKind.INVALID_CONFIGURATION, "no-auth-offered", "the server on port {port} does not offer AUTH, "
                    + "so the credentials cannot be used; check the port (587 is the usual submission port)"),
            row(FailureKind.INVALID_CONFIGURATION, "no-common-mechanism", "the server offers no AUTH mechanism this "
                    + "client can use; for XOAUTH2 ({oauth2Setting}) the server must offer XOAUTH2"),
            row(FailureKind.INVALID_CONFIGURATION, "closed", "this mailer was closed; {newMailerSetting}"),
            row(FailureKind.INVALID_CONFIGURATION, "closed-during-send", "close the mailer only after its sends "
                    + "have finished; nothing was delivered"),
            row(FailureKind.INVALID_CONFIGURATION, "missing-secret", "the password is empty, or the OAuth2 token "
                    + "supplier returned nothing or failed (see the detail); fix the credentials or the token source"),

            row(FailureKind.RATE_LIMITED, "throttled", "the server is throttling this sender ({code}); slow down, "
                    + "wait before retrying, or raise the account's sending quota"),
            row(FailureKind.SERVICE_UNAVAILABLE, "greeting-4xx", "the server refuses new connections for now "
                    + "({code} in its greeting): it is overloaded or limits connections from this host; retry later"),
            row(FailureKind.SERVICE_UNAVAILABLE, "closing", "the server is closing the connection ({code}); retry "
                    + "later or use another transport"),
            row(FailureKind.SERVICE_UNAVAILABLE, "transient", "the server reported a temporary problem ({code}); "
                    + "retry later or use another transport"),

            row(FailureKind.RECIPIENT_REJECTED, "recipient", "the server refused {rejected}; check the address, "
                    + "nothing was sent to anyone"),
            row(FailureKind.SENDER_REJECTED, "sender", "the server refused the from-address ({code}); send from an "
                    + "address or domain this account may use"),
            row(FailureKind.MESSAGE_REJECTED, "too-large", "the message is larger than the server accepts ({code}); "
                    + "shrink the attachments or send a link instead"),
            row(FailureKind.MESSAGE_REJECTED, "content", "the server refused the message ({code}); change its "
                    + "content, another transport would likely refuse it too"),

            row(FailureKind.CONNECTION_LOST, "reply-too-long", "the server on {host}:{port} sent more than any SMTP "
                    + "reply holds without being asked, so Mailover closed the connection {phase}; it is not an "
                    + "SMTP server (check the host and port) or a broken or hostile one"),
            row(FailureKind.CONNECTION_LOST, "dropped-after-dot", "the connection dropped after the message was "
                    + "handed over: it may have been delivered, and sending it again may duplicate it"),
            row(FailureKind.CONNECTION_LOST, "dropped", "the connection dropped {phase} before the message was "
                    + "accepted (nothing was delivered); retry, and check for proxies or firewalls that cut SMTP"));

    private SmtpHints() {
    }

    private static Row row(FailureKind kind, String reason, String template) {
        return new Row(kind, reason, ANY_PORT, null, template);
    }

    /** The hint for this situation, with its values filled in; the kind's default when no row matches. */
    static String hint(FailureKind kind, String reason, int port, SmtpSecurity security, Map<String, String> values) {
        for (Row r : ROWS) {
            if (r.matches(kind, reason, port, security)) {
                return fill(r.template(), values);
            }
        }
        return kind.defaultHint();
    }

    /** The hint for a failure outside a conversation (a closed mailer, a busy pool), in the mailer's vocabulary. */
    static String hint(FailureKind kind, String reason, SmtpSettings settings, Map<String, String> extra) {
        Map<String, String> values = values(settings);
        values.putAll(extra);
        return hint(kind, reason, settings.port(), settings.security(), values);
    }

    /**
     * The values every hint of these settings may use: the endpoint, the timeouts and the phrases of
     * the settings' {@link HintVocabulary}. Mutable, for the caller to add the failure's own values.
     */
    static Map<String, String> values(SmtpSettings s) {
        Map<String, String> v = new LinkedHashMap<>(s.vocabulary().settings());
        v.put("host", s.host());
        v.put("port", Integer.toString(s.port()));
        v.put("security", s.security().toString());
        v.put("connectTimeout", human(s.connectTimeout()));
        v.put("readTimeout", human(s.readTimeout()));
        v.put("conversationBound", human(s.conversationBound()));
        return v;
    }

    /** Every template with these values filled in, for tests that check no placeholder is left. */
    static List<String> renderAll(Map<String, String> values) {
        return ROWS.stream().map(r -> fill(r.template(), values)).toList();
    }

    private static String fill(String template, Map<String, String> values) {
        String out = template;
        for (Map.Entry<String, String> v : values.entrySet()) {
            out = out.replace("{" + v.getKey() + "}", capped(v.getValue()));
        }
        return out;
    }

    private static String capped(String value) {
        if (value.length() <= MAX_VALUE) {
            return value;
        }
        int cut = Character.isHighSurrogate(value.charAt(MAX_VALUE - 1)) ? MAX_VALUE - 1 : MAX_VALUE;
        return value.substring(0, cut) + "…";
    }

    /** A duration as people write it: {@code 30 s}, {@code 5 min 10 s}, {@code 700 ms}. */
    static String human(Duration d) {
        long ms = d.toMillis();
        if (ms % 1000 != 0) {
            return ms + " ms";
        }
        long s = ms / 1000;
        return s >= 60 && s % 60 != 0 ? s / 60 + " min " + s % 60 + " s" : s >= 60 ? s / 60 + " min" : s + " s";
    }
}
