package dev.mailover.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mailover.Email;
import dev.mailover.FailureKind;
import dev.mailover.MailException;
import dev.mailover.Mailer;
import dev.mailover.Mailers;
import dev.mailover.internal.HintTable;
import dev.mailover.smtp.internal.SmtpMailerProvider;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Hints name settings the way the user configured the mailer: builder methods, DSN options or CLI flags. */
class HintVocabularyTest {

    /** A setting placeholder: what a vocabulary must fill. */
    private static final Pattern SETTING = Pattern.compile("\\{[A-Za-z]+Setting\\}");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{[A-Za-z]+\\}");
    private static final Email EMAIL = Email.builder().from("sender@example.com").to("to@example.org")
            .subject("s").text("body").build();

    /** The values the classifier, the mailer and the doctor add to the settings' own (see {@link SmtpHints}). */
    static final List<String> OBSERVED_VALUES = List.of("code", "expiry", "validFrom", "limit", "rejected", "phase",
            "wait", "user", "sender", "size", "sizeLimit", "address", "file", "fileProblem", "days", "refusedPorts");

    /** The settings' values of this vocabulary and a stand-in for every observed value. */
    static Map<String, String> allValues(HintVocabulary vocabulary) {
        SmtpSettings settings = SmtpMailer.builder().host("smtp.example.com").hintVocabulary(vocabulary).settings();
        Map<String, String> values = SmtpHints.values(settings);
        for (String key : OBSERVED_VALUES) {
            values.put(key, "<" + key + ">");
        }
        return values;
    }

    /**
     * Every row of the table, rendered: each reason on the ports and in the modes rows name (a row is
     * reached by its own port and mode, the general row by any other).
     */
    static List<String> renderAll(Map<String, String> values) {
        List<String> hints = new java.util.ArrayList<>();
        for (SmtpReason reason : SmtpReason.values()) {
            for (int port : List.of(25, 465, 587, 2525)) {
                for (SmtpSecurity security : SmtpSecurity.values()) {
                    hints.add(SmtpHints.hint(reason, port, security, values));
                }
            }
        }
        return hints.stream().distinct().toList();
    }

    @ParameterizedTest
    @EnumSource(HintVocabulary.class)
    void everyTemplateRendersWithoutALeftoverPlaceholder(HintVocabulary vocabulary) {
        Map<String, String> values = allValues(vocabulary);

        assertThat(SmtpHints.templates()).isNotEmpty().allSatisfy(t -> assertThat(values.keySet()).as(t)
                .containsAll(HintTable.placeholders(t)));
        assertThat(renderAll(values)).as("every row is reached").hasSize((int) SmtpHints.templates().stream().distinct().count())
                .allSatisfy(h -> assertThat(PLACEHOLDER.matcher(h).find()).as(h).isFalse());
    }

    @ParameterizedTest
    @EnumSource(HintVocabulary.class)
    void everySettingPlaceholderIsFilledByEveryVocabulary(HintVocabulary vocabulary) {
        Map<String, String> settings = vocabulary.settings();

        assertThat(SmtpHints.templates()).allSatisfy(t -> assertThat(HintTable.placeholders(t))
                .filteredOn(p -> SETTING.matcher("{" + p + "}").matches()).as(t).allMatch(settings::containsKey));
    }

    @Test
    void everyVocabularyNamesTheSameSettings() {
        for (HintVocabulary v : EnumSet.allOf(HintVocabulary.class)) {
            assertThat(v.settings().keySet()).as(v.name()).isEqualTo(HintVocabulary.BUILDER.settings().keySet());
        }
    }

    @ParameterizedTest
    @EnumSource(value = HintVocabulary.class, names = {"DSN", "COMMAND_LINE"})
    void dsnAndCommandLineHintsNeverNameBuilderMethods(HintVocabulary vocabulary) {
        assertThat(renderAll(allValues(vocabulary))).allSatisfy(h -> assertThat(h)
                .doesNotContain("SmtpSecurity.").doesNotContain("trustedCertificates(").doesNotContain("readTimeout(")
                .doesNotContain("allowPlaintextAuth(").doesNotContain("poolSize("));
    }

    private static MailException untrustedCertificate(Mailer mailer) {
        return catchThrowableOfType(MailException.class, () -> mailer.send(EMAIL));
    }

    private static ScriptedSmtpServer untrusted() throws Exception {
        return ScriptedSmtpServer.builder()
                .startTls(TestCertificates.serverContext(TestCertificates.UNKNOWN_ISSUER)).start();
    }

    @Test
    void aBuilderUserIsToldTheBuilderMethodToTrustACertificate() throws Exception {
        try (ScriptedSmtpServer server = untrusted();
             SmtpMailer m = SmtpMailer.builder().host("localhost").port(server.port())
                     .trustedCertificates(TestCertificates.CA.certificate()).readTimeout(Duration.ofSeconds(2)).build()) {
            MailException e = untrustedCertificate(m);

            assertThat(e.kind()).isEqualTo(FailureKind.TLS_FAILURE);
            assertThat(e.hint()).contains("trustedCertificates(...) or trustStore(...)");
        }
    }

    @Test
    void aDsnUserIsToldTheDsnOptionToTrustACertificate() throws Exception {
        try (ScriptedSmtpServer server = untrusted();
             Mailer m = Mailers.fromDsn("smtp://localhost:" + server.port() + "?read_timeout=2s")) {
            MailException e = untrustedCertificate(m);

            assertThat(e.kind()).isEqualTo(FailureKind.TLS_FAILURE);
            assertThat(e.hint()).contains("trusted_certificates=PATH").doesNotContain("trustedCertificates(");
        }
    }

    @Test
    void aCommandLineUserIsToldTheFlagToTrustACertificate() throws Exception {
        try (ScriptedSmtpServer server = untrusted();
             Mailer m = SmtpMailerProvider.customized(b -> b.hintVocabulary(HintVocabulary.COMMAND_LINE),
                     () -> Mailers.fromDsn("smtp://localhost:" + server.port() + "?read_timeout=2s"))) {
            MailException e = untrustedCertificate(m);

            assertThat(e.hint()).contains("--trust-cert FILE").doesNotContain("trusted_certificates");
        }
    }

    @Test
    void aDsnUserOfStartTlsAgainstAnSmtpsPortIsToldToWriteSmtps() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                .implicitTls(TestCertificates.serverContext(TestCertificates.LOCALHOST)).start();
             Mailer m = Mailers.fromDsn("smtp://localhost:" + server.port() + "?read_timeout=1s")) {
            MailException e = catchThrowableOfType(MailException.class, () -> m.send(EMAIL));

            assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION_TIMEOUT);
            assertThat(e.hint()).contains("smtps://…:465").doesNotContain("SmtpSecurity");
        }
    }

    @Test
    void aDsnUserWhoseReadTimeoutRunsOutIsToldTheDsnOption() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().on("RCPT", ScriptedSmtpServer.HANG).start();
             Mailer m = Mailers.fromDsn("smtp://localhost:" + server.port() + "?security=none&read_timeout=1s")) {
            MailException e = catchThrowableOfType(MailException.class, () -> m.send(EMAIL));

            assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION_TIMEOUT);
            assertThat(e.hint()).contains("read_timeout").doesNotContain("readTimeout(");
        }
    }

    @Test
    void aDsnUserAskingForPlaintextAuthIsToldTheDsnOption() {
        assertThatThrownBy(() -> Mailers.fromDsn("smtp://u:p@relay.internal:25?security=none"))
                .hasMessageContaining("allow_plaintext_auth=true").hasMessageNotContaining("allowPlaintextAuth(");
        assertThatThrownBy(() -> SmtpMailer.builder().host("relay.internal").security(SmtpSecurity.NONE)
                .credentials("u", "p").build())
                .hasMessageContaining("allowPlaintextAuth(true)");
    }

    @Test
    void aClosedDsnMailerSaysToBuildANewOneFromTheDsn() {
        Mailer m = Mailers.fromDsn("smtp://localhost:25?security=none");
        m.close();

        MailException e = catchThrowableOfType(MailException.class, () -> m.send(EMAIL));

        assertThat(e.hint()).contains("Mailers.fromDsn");
    }
}
