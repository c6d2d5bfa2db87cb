package dev.mailover.oauth2;

import static dev.mailover.oauth2.TokenEndpointStub.CLIENT_SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailover.Dsn;
import dev.mailover.Mailer;
import dev.mailover.Mailers;
import dev.mailover.oauth2.internal.OAuth2TokenSourceProvider;
import org.junit.jupiter.api.Test;

/** The DSN forms of auth=xoauth2 build the right token source, and a wrong one says which option to fix. */
class DsnTokenSourceTest {

    private static final String M365 = "smtp://sender%40contoso.example@smtp.office365.com:587?auth=xoauth2";

    private static Object source(String options) {
        return new OAuth2TokenSourceProvider().create(Dsn.parse(M365 + options));
    }

    @Test
    void tenantClientAndSecretAreMicrosoft365() {
        assertThat(source("&tenant=contoso.example&client_id=app-id&client_secret=" + CLIENT_SECRET))
                .hasToString("OAuth2TokenSource{microsoft365 tenant=contoso.example client=app-id secret=**** token=none}");
    }

    @Test
    void tokenUriAndScopeAreClientCredentialsAtAnyEndpoint() {
        assertThat(source("&token_uri=https://idp.example/oauth2/token&client_id=app&client_secret=s&scope=mail.send"))
                .hasToString("OAuth2TokenSource{client-credentials https://idp.example/oauth2/token client=app"
                        + " scope=mail.send secret=**** token=none}");
    }

    @Test
    void tokenUriAndRefreshTokenAreTheRefreshFlow() {
        assertThat(source("&token_uri=https://oauth2.googleapis.com/token&client_id=app&client_secret=s"
                + "&refresh_token=1//0gRefresh")).hasToString("OAuth2TokenSource{refresh-token"
                + " https://oauth2.googleapis.com/token client=app secret=**** refresh_token=**** token=none}");
    }

    @Test
    void aMissingClientSecretIsNamed() {
        assertThatThrownBy(() -> source("&tenant=contoso.example&client_id=app"))
                .hasMessage("DSN smtp: auth=xoauth2 needs the option client_secret");
    }

    @Test
    void neitherTenantNorTokenUriSaysWhatToGive() {
        assertThatThrownBy(() -> source("&client_id=app&client_secret=s"))
                .hasMessageContaining("needs tenant=… (Microsoft 365) or token_uri=…");
    }

    @Test
    void tenantAndTokenUriTogetherAreRefused() {
        assertThatThrownBy(() -> source("&tenant=t&token_uri=https://idp.example/token&client_id=a&client_secret=s"))
                .hasMessageContaining("not both");
    }

    @Test
    void theSmtpProviderFindsTheTokenSourcesAndTheMailerNeverShowsTheSecret() {
        try (Mailer m = Mailers.fromDsn(M365 + "&tenant=contoso.example&client_id=app&client_secret=" + CLIENT_SECRET)) {
            assertThat(m.toString()).isEqualTo("SmtpMailer{smtp.office365.com:587 STARTTLS user=sender@contoso.example oauth2=****}");
        }
    }

    @Test
    void aDsnErrorNeverQuotesTheClientSecret() {
        assertThatThrownBy(() -> Mailers.fromDsn(M365 + "&tenant=contoso.example&client_id=app&client_secret="
                + CLIENT_SECRET + "&bogus=1"))
                .hasMessageContaining("unknown option 'bogus'").hasMessageNotContaining(CLIENT_SECRET);
        assertThat(Dsn.parse(M365 + "&client_secret=" + CLIENT_SECRET + "&refresh_token=1//rt").toString())
                .doesNotContain(CLIENT_SECRET).doesNotContain("1//rt").contains("client_secret=****&refresh_token=****");
    }
}
