package dev.mailover.smtp;

import static dev.mailover.smtp.SmtpReason.*;

import dev.mailover.FailureKind;
import dev.mailover.internal.Durations;
import dev.mailover.internal.HintTable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What to tell a person about an SMTP failure: the one {@link HintTable} of the SMTP transport and
 * its doctor, looked up by ({@link SmtpReason}, port, {@link SmtpSecurity}), so that a new situation
 * adds a row rather than a branch. Rows are tried in order, so specific rows (a port, a mode) come
 * before the general row that every reason has (the table's build refuses a gap). Templates name
 * values in braces: {@code {host}}, {@code {port}}, {@code {security}}, {@code {code}},
 * {@code {expiry}}, {@code {validFrom}}, {@code {connectTimeout}}, {@code {readTimeout}},
 * {@code {conversationBound}}, {@code {limit}}, {@code {rejected}}, {@code {phase}}, {@code {wait}},
 * {@code {user}}, {@code {sender}}, {@code {size}}, {@code {sizeLimit}}, {@code {address}},
 * {@code {file}}, {@code {fileProblem}}, and the doctor's {@code {days}} and {@code {refusedPorts}}.
 *
 * <p>A template never names a setting itself: it names it with a placeholder ending in
 * {@code Setting} ({@code {smtpsSetting}}, {@code {trustSetting}}, …), which the mailer's
 * {@link HintVocabulary} fills with a builder method, a DSN option or a command-line flag, so each
 * user reads the setting the way they configured it. Filled values are cut at {@value #MAX_VALUE}
 * characters, so a hostile server's reply cannot make a hint long.
 */
final class SmtpHints {

    /** The longest value put into a hint. */
    static final int MAX_VALUE = 200;

    private static final String BLOCKED_25 = "port 25 is commonly blocked by hosting providers; "
            + "use 587 with STARTTLS, 465 with SMTPS, or an HTTP API transport";
    private static final String NEEDS_SMTPS = "port 465 expects implicit TLS (SMTPS); use {smtpsSetting}";
    private static final String OAUTH_OR_API = "Microsoft 365 has SMTP basic authentication disabled for this "
            + "mailbox or tenant; use OAuth2 (XOAUTH2: {oauth2Setting}) or an HTTP API transport";

    static final HintTable<SmtpReason> TABLE = HintTable.builder(SmtpReason.class)
            .row(UNKNOWN_HOST, "the host name {host} does not resolve; check it for typos "
                    + "and that this machine's DNS resolver works")

            .row(REFUSED, "nothing accepts connections on {host}:{port}; check the "
                    + "host and port (587 STARTTLS, 465 SMTPS) and that the server is running, or a firewall rejects it")
            .row(CLIENT_HOST, "the server refuses mail from this host's address "
                    + "({code}): the address may be on a blocklist, lack a reverse DNS (PTR) name, or be outside the "
                    + "networks it serves; send through an authenticated submission server (587) or an HTTP API transport")
            .row(GREETING_5XX, "the server refuses SMTP from this host ({code} "
                    + "in its greeting); this host's address may be blocklisted; use another server or an HTTP API transport")

            .row(NOTHING_LISTENS, "nothing listens on {host} ({refusedPorts} refused the connection): check the host "
                    + "name and port, and that the server is running")

            .row(CONNECT_TIMEOUT, 25, null, BLOCKED_25)
            .row(CONNECT_TIMEOUT, "nothing answered on {host}:{port} within "
                    + "{connectTimeout}; the port is probably blocked or filtered; try 587 with STARTTLS, 465 with "
                    + "SMTPS, or an HTTP API transport")
            .row(SMTP_BLOCKED, "SMTP is blocked from this host: use an HTTP API transport")
            .row(GREETING_TIMEOUT, 25, null, "the server on port 25 accepted "
                    + "the connection but sent no greeting within {readTimeout}; " + BLOCKED_25)
            .row(GREETING_TIMEOUT, "the server accepted the connection but sent no "
                    + "greeting within {readTimeout}; if it expects implicit TLS (usually port 465) use "
                    + "{smtpsSetting}, otherwise it is overloaded or something between filters SMTP")
            .row(READ_TIMEOUT_AFTER_DOT, "the server did not confirm the message "
                    + "within {readTimeout} after the final dot: it may have been delivered, and sending it again may "
                    + "duplicate it")
            .row(WRITE_TIMEOUT, "the server stopped taking the message: a write "
                    + "did not complete within {readTimeout} (the write timeout); nothing was delivered; retry, or "
                    + "raise {readTimeoutSetting} for a slow link")
            .row(READ_TIMEOUT, "the server did not answer within {readTimeout} "
                    + "(nothing was delivered); retry, or raise {readTimeoutSetting} if the server is slow")
            .row(DEADLINE_AFTER_DOT, "the send did not finish within its time "
                    + "limit of {limit}, after the message was handed over: it may have been delivered")
            .row(DEADLINE, "the send did not finish within its time limit of "
                    + "{limit}; nothing was delivered")
            .row(TOO_SLOW_AFTER_DOT, "the server is too slow: the conversation "
                    + "did not finish within {conversationBound} (the connect timeout plus 10 read timeouts), after "
                    + "the message was handed over: it may have been delivered; for a very large message pass a "
                    + "longer time limit ({timeLimitSetting})")
            .row(TOO_SLOW, "the server is too slow: it trickles its replies (or "
                    + "takes the message that slowly), so the conversation did not finish within {conversationBound} "
                    + "(the connect timeout plus 10 read timeouts) {phase}; nothing was delivered; the server is "
                    + "overloaded or deliberately slow (a tarpit): use another server or transport, or, for a very "
                    + "large message, a longer time limit ({timeLimitSetting})")
            .row(POOL_BUSY, "no pooled connection became free within the connect "
                    + "and read timeouts ({wait}); nothing was delivered; the server is slow or too many threads send "
                    + "at once: raise {poolSizeSetting} or pass a time limit ({timeLimitSetting})")
            .row(POOL_BUSY_DEADLINE, "the send did not finish within its time "
                    + "limit of {limit}; nothing was delivered; raise {poolSizeSetting} or the time limit "
                    + "({timeLimitSetting})")

            .row(POOL_WAIT_INTERRUPTED, "the sending thread was interrupted while it waited for a pooled "
                    + "connection; nothing was delivered")

            .row(IMPLICIT_TLS_EXPECTED, NEEDS_SMTPS)
            .row(MAYBE_IMPLICIT_TLS, "the port may expect implicit TLS (SMTPS); trying TLS")
            .row(MAYBE_STARTTLS, "trying STARTTLS")
            .row(TLS_TO_PLAINTEXT, 587, null, "port 587 expects STARTTLS, not "
                    + "implicit TLS; use {startTlsSetting}")
            .row(TLS_TO_PLAINTEXT, 25, null, "port 25 expects plaintext SMTP with "
                    + "STARTTLS, not implicit TLS; use STARTTLS ({startTlsSetting})")
            .row(TLS_TO_PLAINTEXT, "the server on port {port} speaks plaintext SMTP, not "
                    + "implicit TLS; use STARTTLS ({startTlsSetting}) or the server's SMTPS port ({smtpsSetting})")
            .row(STARTTLS_MISSING, 465, null, NEEDS_SMTPS)
            .row(STARTTLS_MISSING, 25, null, "the server on port 25 does not offer "
                    + "STARTTLS, and Mailover never sends in plaintext when STARTTLS is required; use 587 with "
                    + "STARTTLS or 465 with SMTPS")
            .row(STARTTLS_MISSING, "the server on port {port} does not offer STARTTLS, "
                    + "and Mailover never falls back to plaintext; use 465 with SMTPS, or a server that offers STARTTLS")
            .row(CERT_EXPIRED, "the server's certificate expired on {expiry}; its "
                    + "administrator must renew it (Mailover never skips the check)")
            .row(CERT_NOT_YET_VALID, "the server's certificate is not valid before "
                    + "{validFrom}; check this machine's clock, or its administrator must install a current "
                    + "certificate (Mailover never skips the check)")
            .row(CERT_EXPIRES_SOON, "the certificate expires in {days} days; make sure it is renewed")
            .row(CERT_HOSTNAME, "the server's certificate does not match the host name "
                    + "{host}; connect with a name the certificate was issued for")
            .row(CERT_UNTRUSTED, "the server's certificate is not issued by a trusted "
                    + "authority; for a private CA or a self-signed server, trust its certificate with {trustSetting}")
            .row(STARTTLS_REFUSED, "the server offers STARTTLS but refused to start it "
                    + "({code}): its TLS setup is broken, and its administrator must fix it; until then use 465 with "
                    + "SMTPS if the server offers it, or another transport")
            .row(ENCRYPTION_REQUIRED, "the server requires encryption before AUTH ({code}); "
                    + "use STARTTLS ({startTlsSetting}) or SMTPS ({smtpsSetting})")
            .row(TLS, 465, SmtpSecurity.SMTPS, "the TLS handshake on port 465 failed; "
                    + "check that the server offers implicit TLS there and supports TLS 1.2 or 1.3")
            .row(TLS, "the TLS handshake with {host}:{port} ({security}) failed; check "
                    + "that the security mode matches the port (587 STARTTLS, 465 SMTPS) and that the server supports "
                    + "TLS 1.2 or 1.3")

            .row(MICROSOFT_BASIC_AUTH, OAUTH_OR_API)
            .row(APP_PASSWORD, "the provider requires an app password (534 5.7.9): "
                    + "create one in the account's security settings, or use OAuth2 (XOAUTH2)")
            .row(AUTH_REQUIRED, "the server requires authentication ({code}); "
                    + "configure them: {credentialsSetting}")
            .row(RELAY_DENIED, "the server does not relay mail for "
                    + "unauthenticated clients ({code}): authenticate or use the submission port (587), with "
                    + "{credentialsSetting}; port 25 takes only mail for the server's own domains")
            .row(RELAY_DENIED_AUTHENTICATED, "the server refused to relay for "
                    + "{user} ({code}): authenticate or use the submission port (587), where authenticated users may "
                    + "relay, and check that this account may send to other domains")
            .row(BAD_CREDENTIALS, "the server refused the user name or password "
                    + "({code}); check them, and whether the provider requires an app password or OAuth2 (XOAUTH2)")
            .row(MICROSOFT_SMTP_AUTH_DISABLED, "Microsoft 365 refused XOAUTH2 ({code}): SMTP AUTH is disabled "
                    + "for the mailbox {user} or its tenant; an Exchange administrator must enable it for the mailbox "
                    + "(Set-CASMailbox -Identity {user} -SmtpClientAuthenticationDisabled $false)")
            .row(TOKEN_REFUSED, "the server refused the OAuth2 access token for {user} ({code}); for Microsoft 365, "
                    + "the app registration needs the SMTP.SendAsApp application permission of Office 365 Exchange "
                    + "Online with admin consent, its service principal must be registered in Exchange Online "
                    + "(New-ServicePrincipal) with permission on the mailbox {user} (Add-MailboxPermission), and SMTP "
                    + "AUTH must be enabled for the mailbox; for Gmail, the token needs the scope "
                    + "https://mail.google.com/ and must belong to {user}")

            .row(NO_AUTH_OFFERED, HintTable.ANY_PORT, SmtpSecurity.NONE, "the server "
                    + "does not offer AUTH on this unencrypted connection; use 587 with STARTTLS or 465 with SMTPS")
            .row(NO_AUTH_OFFERED, "the server on port {port} does not offer AUTH, "
                    + "so the credentials cannot be used; check the port (587 is the usual submission port)")
            .row(AUTH_NOT_OFFERED, "submission servers normally offer AUTH after TLS")
            .row(NO_COMMON_MECHANISM, "the server offers no AUTH mechanism this "
                    + "client can use; for XOAUTH2 ({oauth2Setting}) the server must offer XOAUTH2")
            .row(CLOSED, "this mailer was closed; {newMailerSetting}")
            .row(CLOSED_DURING_SEND, "close the mailer only after its sends "
                    + "have finished; nothing was delivered")
            .row(HELO_REJECTED, "the server refused the name this client gives "
                    + "in EHLO ({code}); set {localHostSetting} to this host's fully-qualified DNS name")
            .row(EHLO_REFUSED, "the server refused both EHLO and HELO ({code}); "
                    + "check that {host}:{port} is an SMTP server, and set {localHostSetting} to this host's "
                    + "fully-qualified DNS name if the server requires one")
            .row(NON_ASCII_COMMAND, "a setting sent to the server {phase} "
                    + "holds a non-ASCII character, which SMTP cannot carry; give {localHostSetting} in ASCII (an "
                    + "internationalized name as its xn-- A-label form)")
            .row(MISSING_SECRET, "the password is empty, or the OAuth2 token "
                    + "supplier returned nothing or failed (see the detail); fix the credentials or the token source")

            .row(THROTTLED, "the server is throttling this sender ({code}); slow down, "
                    + "wait before retrying, or raise the account's sending quota")
            .row(QUOTA, "the account reached its sending quota ({code}); the limit "
                    + "resets after its period (a daily quota once a day): wait, ask the provider to raise the quota, or "
                    + "send through another transport")
            .row(CLIENT_HOST_FOR_NOW, "the server refuses mail from this host "
                    + "for now ({code}), usually because the reverse DNS (PTR) lookup of its address failed; retry "
                    + "later, and make sure this host's address has a PTR name")
            .row(SENDER_FOR_NOW, "the server could not accept the from-address "
                    + "for now ({code}), often because a DNS lookup of its domain failed; retry later, and check that "
                    + "the sender's domain resolves")
            .row(TOO_MANY_RECIPIENTS_FOR_NOW, "the server takes fewer recipients per "
                    + "message ({code}); split the recipients over several emails, or use another transport")
            .row(GREETING_4XX, "the server refuses new connections for now "
                    + "({code} in its greeting): it is overloaded or limits connections from this host; retry later")
            .row(CLOSING, "the server is closing the connection ({code}); retry "
                    + "later or use another transport")
            .row(TRANSIENT, "the server reported a temporary problem ({code}); "
                    + "retry later or use another transport")

            .row(RECIPIENT, "the server refused {rejected}; check the address, "
                    + "nothing was sent to anyone")
            .row(MAILBOX_FULL, "the mailbox of {rejected} is full ({code}); "
                    + "nothing was sent to anyone; ask the recipient to make room, or remove the address")
            .row(MAILBOX_FULL_FOR_NOW, "the mailbox of {rejected} is full for now "
                    + "({code}); nothing was sent to anyone; retry later, or send through an API provider, which "
                    + "queues and retries")
            .row(RECIPIENT_DEFERRED, "the recipient's server deferred {rejected} "
                    + "for now ({code}): greylisting, a busy mailbox or an address it cannot verify yet; nothing was "
                    + "sent to anyone; retry in a few minutes, or send through an API provider, which queues and retries")
            .row(SENDER_NOT_OWNED, "the server lets this account send only from "
                    + "addresses it owns ({code}), and {sender} is not one of them; send from an address of {user}, "
                    + "or authenticate as the owner of {sender}")
            .row(SENDER_AUTHENTICATION, "the receiving server could not authenticate "
                    + "the sender's domain ({code}: SPF, DKIM or DMARC); publish SPF and DKIM records that cover this "
                    + "server, or send through a provider that signs for the domain")
            .row(SENDER, "the server refused the from-address ({code}); send from an "
                    + "address or domain this account may use")
            .row(TOO_LARGE, "the message is larger than the server accepts ({code}); "
                    + "shrink the attachments or send a link instead")
            .row(SIZE_LIMIT, "the message is {size}, larger than the {sizeLimit} "
                    + "that {host} accepts (SIZE in its EHLO reply); nothing was sent; shrink the attachments or send a "
                    + "link instead")
            .row(SMTPUTF8_MISSING, "the address {address} has a non-ASCII local part, "
                    + "which needs SMTPUTF8, and {host} does not offer SMTPUTF8; nothing was sent; use an ASCII address, "
                    + "or a server that offers SMTPUTF8")
            .row(SMTPUTF8_REFUSED, "the server refused a non-ASCII address ({code}): "
                    + "it does not take SMTPUTF8 addresses for this sender or recipient; use an ASCII address")
            .row(ATTACHMENT_UNREADABLE, "the attachment file {file} {fileProblem}; "
                    + "nothing was delivered; keep the file until the send completes, or attach its bytes")
            .row(TOO_MANY_RECIPIENTS, "the server takes fewer recipients per message "
                    + "({code}); split the recipients over several emails")
            .row(CONTENT, "the server refused the message ({code}); change its "
                    + "content, another transport would likely refuse it too")

            .row(REPLY_TOO_LONG, "the server on {host}:{port} sent more than any SMTP "
                    + "reply holds without being asked, so Mailover closed the connection {phase}; it is not an "
                    + "SMTP server (check the host and port) or a broken or hostile one")
            .row(DROPPED_AFTER_DOT, "the connection dropped after the message was "
                    + "handed over: it may have been delivered, and sending it again may duplicate it")
            .row(DROPPED, "the connection dropped {phase} before the message was "
                    + "accepted (nothing was delivered); retry, and check for proxies or firewalls that cut SMTP")

            .row(UNCLASSIFIED, FailureKind.UNKNOWN.defaultHint())
            .build();

    private SmtpHints() {
    }

    /** The hint for this reason on this port and security mode, with its values filled in (each cut to {@value #MAX_VALUE}). */
    static String hint(SmtpReason reason, int port, SmtpSecurity security, Map<String, String> values) {
        Map<String, String> capped = new LinkedHashMap<>();
        values.forEach((k, v) -> capped.put(k, capped(v)));
        return TABLE.hint(reason, port, security, capped);
    }

    /**
     * The hint for a situation outside a conversation (a closed mailer, a busy pool, a doctor's
     * warning), in the settings' vocabulary, with the settings' values and {@code extra}.
     */
    static String hint(SmtpReason reason, SmtpSettings settings, Map<String, String> extra) {
        Map<String, String> values = values(settings);
        values.putAll(extra);
        return hint(reason, settings.port(), settings.security(), values);
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
        v.put("connectTimeout", Durations.human(s.connectTimeout()));
        v.put("readTimeout", Durations.human(s.readTimeout()));
        v.put("conversationBound", Durations.human(s.conversationBound()));
        return v;
    }

    /** Every template of the table, for tests that check each one renders. */
    static List<String> templates() {
        return TABLE.templates();
    }

    private static String capped(String value) {
        if (value == null || value.length() <= MAX_VALUE) {
            return value;
        }
        int cut = Character.isHighSurrogate(value.charAt(MAX_VALUE - 1)) ? MAX_VALUE - 1 : MAX_VALUE;
        return value.substring(0, cut) + "…";
    }
}
