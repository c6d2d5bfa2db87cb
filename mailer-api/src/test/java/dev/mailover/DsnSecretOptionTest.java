package dev.mailover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

/** Options that hold secrets (client_secret, refresh_token) are masked like the user info. */
class DsnSecretOptionTest {

    private static final String SECRET = "Cs8Q~Secret.Value-0815";
    private static final String REFRESH = "1//0gRefresh-Token";

    @Test
    void toStringMasksSecretOptionsAndKeepsTheOthers() {
        Dsn dsn = Dsn.parse("smtp://sender%40contoso.example@smtp.office365.com:587?auth=xoauth2&client_id=app"
                + "&client_secret=" + SECRET + "&token_uri=https://idp.example/token&refresh_token=" + REFRESH);

        assertThat(dsn.toString()).isEqualTo("smtp://****@smtp.office365.com:587?auth=xoauth2&client_id=app"
                + "&client_secret=****&token_uri=https://idp.example/token&refresh_token=****");
        assertThat(dsn.option("client_secret")).hasValue(SECRET);
    }

    @Test
    void aParseErrorNeverQuotesASecretOption() {
        IllegalArgumentException e = catchThrowableOfType(IllegalArgumentException.class, () -> Dsn.parse(
                "smtp://u@smtp.example.com:99999?client_secret=" + SECRET + "&refresh_token=" + REFRESH));

        assertThat(e.getMessage()).contains("port '99999'").doesNotContain(SECRET).doesNotContain(REFRESH);
    }

    @Test
    void secretOptionsAreThoseEndingInSecretPasswordOrUnderscoreToken() {
        assertThat(Dsn.isSecretOption("client_secret")).isTrue();
        assertThat(Dsn.isSecretOption("refresh_token")).isTrue();
        assertThat(Dsn.isSecretOption("proxy_password")).isTrue();
        assertThat(Dsn.isSecretOption("token_uri")).isFalse();
        assertThat(Dsn.isSecretOption("client_id")).isFalse();
    }
}
