package dev.mailover.smtp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailover.Mailer;
import dev.mailover.Mailers;
import dev.mailover.smtp.SmtpMailer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmtpMailerProviderTest {

    @Test
    void smtpSchemeBuildsAStartTlsMailerOnTheGivenPort() {
        try (Mailer m = Mailers.fromDsn("smtp://app-user:s3cret@smtp.example.com:587")) {
            assertThat(m).isInstanceOf(SmtpMailer.class);
            assertThat(m.name()).isEqualTo("smtp");
            assertThat(m.toString()).isEqualTo("SmtpMailer{smtp.example.com:587 STARTTLS user=app-user password=****}");
        }
    }

    @Test
    void smtpsSchemeBuildsAnImplicitTlsMailerDefaultingTo465() {
        try (Mailer m = Mailers.fromDsn("smtps://app-user:p%40ss@smtp.example.com")) {
            assertThat(m.toString()).startsWith("SmtpMailer{smtp.example.com:465 SMTPS user=app-user password=****")
                    .doesNotContain("p@ss");
        }
    }

    @Test
    void securityNoneWithoutCredentialsDefaultsToPort25() {
        try (Mailer m = Mailers.fromDsn("smtp://relay.internal?security=none&pool_size=4&connect_timeout=3s&read_timeout=500ms")) {
            assertThat(m.toString()).isEqualTo("SmtpMailer{relay.internal:25 NONE}");
        }
    }

    @Test
    void plaintextAuthNeedsTheExplicitOption() {
        assertThatThrownBy(() -> Mailers.fromDsn("smtp://u:p@relay.internal:25?security=none"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("allow_plaintext_auth=true")
                .hasMessageNotContaining("allowPlaintextAuth");

        try (Mailer m = Mailers.fromDsn("smtp://u:p@relay.internal:25?security=none&allow_plaintext_auth=true")) {
            assertThat(m.toString()).contains("NONE user=u");
        }
    }

    @Test
    void unknownOptionsAreRefusedListingTheKnownOnes() {
        assertThatThrownBy(() -> Mailers.fromDsn("smtp://smtp.example.com?trust_all=true"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown option 'trust_all'").hasMessageContaining("connect_timeout");
    }

    @Test
    void unknownOptionsAreStillRefusedNowThatTrustAndNameAreKnown() {
        assertThatThrownBy(() -> Mailers.fromDsn("smtp://smtp.example.com?trusted_certificate=/tmp/ca.pem"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown option 'trusted_certificate'")
                .hasMessageContaining("trusted_certificates").hasMessageContaining("name");
    }

    @Test
    void nameOptionNamesTheTransport() {
        try (Mailer m = Mailers.fromDsn("smtp://relay.internal?security=none&name=backup-relay")) {
            assertThat(m.name()).isEqualTo("backup-relay");
            assertThat(m.toString()).isEqualTo("SmtpMailer{backup-relay relay.internal:25 NONE}");
        }
    }

    @Test
    void aBadNameIsRefusedNamingTheOption() {
        assertThatThrownBy(() -> Mailers.fromDsn("smtp://relay.internal?security=none&name=two%20words"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("DSN option name: 'two words'");
    }

    @Test
    void anUnreadableTrustedCertificatesFileIsRefusedNamingTheOptionAndTheFile(@TempDir Path dir) throws Exception {
        Path notPem = Files.writeString(dir.resolve("ca.pem"), "not a certificate");

        assertThatThrownBy(() -> Mailers.fromDsn("smtp://smtp.example.com?trusted_certificates=" + notPem))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("DSN option trusted_certificates: '" + notPem + "'");
        assertThatThrownBy(() -> Mailers.fromDsn("smtp://smtp.example.com?trusted_certificates=" + dir.resolve("none.pem")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("DSN option trusted_certificates").hasMessageContaining("none.pem");
    }

    @Test
    void badSecurityValueIsRefusedNamingTheOption() {
        assertThatThrownBy(() -> Mailers.fromDsn("smtp://smtp.example.com?security=maybe"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("security");
        assertThatThrownBy(() -> Mailers.fromDsn("smtps://smtp.example.com?security=none"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("contradicts");
    }

    @Test
    void userWithoutPasswordIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> Mailers.fromDsn("smtp://only-user@smtp.example.com"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without a password");
    }

    @Test
    void passwordWithoutUserIsRefusedInsteadOfSendingWithoutAuth() {
        assertThatThrownBy(() -> Mailers.fromDsn("smtp://:app-secret@smtp.example.com"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a password without a user")
                .hasMessageNotContaining("app-secret");
    }

    @Test
    void xoauth2WithoutTheOAuth2ModuleNamesTheModuleToAdd() {
        assertThatThrownBy(() -> Mailers.fromDsn("smtp://sender%40contoso.example@smtp.office365.com:587?auth=xoauth2"
                + "&tenant=contoso.example&client_id=app&client_secret=Cs~s3cret"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("auth=xoauth2 needs the module mailer-oauth2")
                .hasMessageContaining("dev.mailover:mailer-oauth2")
                .hasMessageNotContaining("Cs~s3cret");
    }

    @Test
    void anUnknownAuthMethodIsRefused() {
        assertThatThrownBy(() -> Mailers.fromDsn("smtp://u:p@smtp.example.com?auth=cram-md5"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("auth: 'cram-md5' is not one of password, xoauth2");
    }

    @Test
    void oauth2OptionsWithoutAuthXoauth2AreUnknownOptions() {
        assertThatThrownBy(() -> Mailers.fromDsn("smtp://u:p@smtp.example.com?client_id=app"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown option 'client_id'");
    }
}
