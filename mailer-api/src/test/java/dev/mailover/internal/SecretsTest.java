package dev.mailover.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretsTest {

    private static final String PASSWORD = "s3cr3t-Pa55word!";

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    /** User names of every length modulo 3 put the password at every base64 alignment. */
    @ParameterizedTest
    @ValueSource(strings = {"al", "bob", "carol", "dave@example.test", "e", "frank.l@example.org"})
    void masksTheWholeAuthPlainBlobWhateverTheUserName(String user) {
        String echoed = "501 5.5.2 cannot decode " + b64("\0" + user + "\0" + PASSWORD) + " please retry";

        String masked = Secrets.of(PASSWORD).mask(echoed);

        assertThat(masked).isEqualTo("501 5.5.2 cannot decode **** please retry");
    }

    @ParameterizedTest
    @ValueSource(strings = {"al", "bob", "carol"})
    void masksAnXoauth2Blob(String user) {
        String token = "ya29.a0AfB_byC-token-value";
        String blob = b64("user=" + user + "\u0001auth=Bearer " + token + "\u0001\u0001");

        assertThat(Secrets.of(token).mask("AUTH XOAUTH2 " + blob)).isEqualTo("AUTH XOAUTH2 ****");
    }

    @Test
    void masksHttpBasicAndBearerHeaders() {
        String key = "key-3ax6xnjp29jd6fds4gc373sgvjxteol0";
        Secrets secrets = Secrets.of(key);

        assertThat(secrets.mask("Authorization: Basic " + b64("api:" + key))).isEqualTo("Authorization: Basic ****");
        assertThat(secrets.mask("Authorization: Bearer " + key)).isEqualTo("Authorization: Bearer ****");
    }

    @Test
    void masksUrlSafeBase64PercentJsonAndHexForms() {
        String secret = "p@ss/wo rd?\"x\\y>>>";
        Secrets secrets = Secrets.of(secret);
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);

        List<String> forms = List.of(
                Base64.getUrlEncoder().encodeToString(bytes),
                java.net.URLEncoder.encode(secret, StandardCharsets.UTF_8),
                "p%40ss%2Fwo%20rd%3F%22x%5Cy%3E%3E%3E",
                "p@ss/wo rd?\\\"x\\\\y>>>",
                java.util.HexFormat.of().formatHex(bytes));

        assertThat(forms).allSatisfy(f -> assertThat(secrets.mask("[" + f + "]")).isEqualTo("[****]"));
    }

    @Test
    void leavesTextWithoutSecretsAlone() {
        String reply = "250-smtp.example.test Hello AUTH PLAIN LOGIN dGVzdA==";

        assertThat(Secrets.of(PASSWORD).mask(reply)).isEqualTo(reply);
        assertThat(Secrets.none().mask(reply)).isEqualTo(reply);
    }

    @Test
    void ignoresBlankSecrets() {
        assertThat(Secrets.of("", " ").isEmpty()).isTrue();
    }

    @Test
    void masksTheMessagesOfACauseChainAndKeepsTheClassNames() {
        Exception cause = new IllegalStateException("server said " + b64("\0bob\0" + PASSWORD),
                new java.io.IOException("plain " + PASSWORD));

        Throwable masked = Secrets.of(PASSWORD).maskCause(cause);

        assertThat(masked.getMessage()).isEqualTo("java.lang.IllegalStateException: server said ****");
        assertThat(masked.getCause().getMessage()).isEqualTo("java.io.IOException: plain ****");
        assertThat(masked.getStackTrace()).isEqualTo(cause.getStackTrace());
    }

    @Test
    void keepsACauseThatRevealsNothing() {
        Exception cause = new IllegalStateException("nothing secret");

        assertThat(Secrets.of(PASSWORD).maskCause(cause)).isSameAs(cause);
    }
}
