package dev.mailover.smtp;

import java.util.Map;

/**
 * How hints and error messages name the settings to change: the way the user configured the mailer.
 * A user of {@link SmtpMailer.Builder} reads builder methods ({@code security(SmtpSecurity.SMTPS)},
 * {@code trustedCertificates(...)}); a user of a DSN reads DSN syntax ({@code smtps://…},
 * {@code trusted_certificates=PATH}); a user of the {@code mailover} command line reads its flags
 * ({@code --trust-cert FILE}). It changes only wording, never behaviour.
 *
 * <p>{@link SmtpMailer.Builder} uses {@link #BUILDER} unless told otherwise; DSNs
 * ({@code Mailers.fromDsn}) use {@link #DSN}; the {@code mailover} tool uses {@link #COMMAND_LINE}.
 */
public enum HintVocabulary {

    /** Builder methods of {@link SmtpMailer.Builder} and {@link SmtpProbe.Builder}. */
    BUILDER(Map.ofEntries(
            Map.entry("smtpsSetting", "security(SmtpSecurity.SMTPS)"),
            Map.entry("startTlsSetting", "security(SmtpSecurity.STARTTLS)"),
            Map.entry("trustSetting", "trustedCertificates(...) or trustStore(...)"),
            Map.entry("credentialsSetting", "credentials(user, password) or oauth2(user, tokenSupplier)"),
            Map.entry("oauth2Setting", "oauth2(user, tokenSupplier)"),
            Map.entry("readTimeoutSetting", "readTimeout(...)"),
            Map.entry("plaintextAuthSetting", "allowPlaintextAuth(true)"),
            Map.entry("timeLimitSetting", "send(email, timeLimit)"),
            Map.entry("poolSizeSetting", "poolSize(...)"),
            Map.entry("newMailerSetting", "build a new SmtpMailer"),
            Map.entry("trustFileSetting", "trustedCertificates"),
            Map.entry("localHostSetting", "localHost(...)"))),

    /** The options of an {@code smtp://} or {@code smtps://} DSN. */
    DSN(Map.ofEntries(
            Map.entry("smtpsSetting", "smtps://…:465"),
            Map.entry("startTlsSetting", "smtp://…:587"),
            Map.entry("trustSetting", "the DSN option trusted_certificates=PATH (a PEM file)"),
            Map.entry("credentialsSetting", "smtp://USER:PASSWORD@host (percent-encode reserved characters)"),
            Map.entry("oauth2Setting", "smtp://USER@host?auth=xoauth2&tenant=…&client_id=…&client_secret=… "
                    + "(or token_uri=… with scope=… or refresh_token=…; module mailer-oauth2)"),
            Map.entry("readTimeoutSetting", "the DSN option read_timeout (e.g. read_timeout=60s)"),
            Map.entry("plaintextAuthSetting", "the DSN option allow_plaintext_auth=true"),
            Map.entry("timeLimitSetting", "send(email, timeLimit)"),
            Map.entry("poolSizeSetting", "the DSN option pool_size"),
            Map.entry("newMailerSetting", "build a new mailer with Mailers.fromDsn"),
            Map.entry("trustFileSetting", "DSN option trusted_certificates"),
            Map.entry("localHostSetting", "the DSN option local_host=NAME"))),

    /** The flags of the {@code mailover} command line, and the DSN it reads. */
    COMMAND_LINE(Map.ofEntries(
            Map.entry("smtpsSetting", "smtps://…:465 in the DSN"),
            Map.entry("startTlsSetting", "smtp://…:587 in the DSN"),
            Map.entry("trustSetting", "--trust-cert FILE (a PEM file)"),
            Map.entry("credentialsSetting", "USER:PASSWORD@ in the DSN (doctor HOST: --user USER --password-env VAR)"),
            Map.entry("oauth2Setting", "auth=xoauth2&tenant=…&client_id=…&client_secret=… in the DSN "
                    + "(or token_uri=… with scope=… or refresh_token=…)"),
            Map.entry("readTimeoutSetting", "read_timeout=… in the DSN (doctor HOST: --timeout)"),
            Map.entry("plaintextAuthSetting", "allow_plaintext_auth=true in the DSN"),
            Map.entry("timeLimitSetting", "--timeout"),
            Map.entry("poolSizeSetting", "pool_size=… in the DSN"),
            Map.entry("newMailerSetting", "run the command again"),
            Map.entry("trustFileSetting", "--trust-cert"),
            Map.entry("localHostSetting", "local_host=… in the DSN")));

    private final Map<String, String> settings;

    HintVocabulary(Map<String, String> settings) {
        this.settings = settings;
    }

    /**
     * The phrase for each setting placeholder of a hint template ({@code {trustSetting}}, …), and the
     * name of a setting in error messages ({@code trustFileSetting}).
     */
    Map<String, String> settings() {
        return settings;
    }
}
