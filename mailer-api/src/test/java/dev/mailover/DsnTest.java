package dev.mailover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DsnTest {

    @Test
    void parsesAnSmtpDsn() {
        Dsn dsn = Dsn.parse("smtp://user:pass@smtp.example.com:587");

        assertThat(dsn.scheme()).isEqualTo("smtp");
        assertThat(dsn.user()).contains("user");
        assertThat(dsn.password()).contains("pass");
        assertThat(dsn.host()).isEqualTo("smtp.example.com");
        assertThat(dsn.port()).hasValue(587);
        assertThat(dsn.options()).isEmpty();
        assertThat(dsn.children()).isEmpty();
    }

    @Test
    void parsesOptions() {
        Dsn dsn = Dsn.parse("smtp://smtp.example.com:25?security=none&connect_timeout=5s&read_timeout=500ms&pool_size=4");

        assertThat(dsn.user()).isEmpty();
        assertThat(dsn.option("security")).contains("none");
        assertThat(dsn.durationOption("connect_timeout")).contains(Duration.ofSeconds(5));
        assertThat(dsn.durationOption("read_timeout")).contains(Duration.ofMillis(500));
        assertThat(dsn.intOption("pool_size")).hasValue(4);
        assertThat(dsn.durationOption("missing")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"10,PT10S", "10s,PT10S", "250ms,PT0.25S", "2m,PT2M", "1h,PT1H", "PT3S,PT3S"})
    void readsDurationsInSeveralForms(String text, Duration expected) {
        assertThat(Dsn.parse("x://h?t=" + text).durationOption("t")).contains(expected);
    }

    @Test
    void parsesTheApiSchemes() {
        Dsn sendgrid = Dsn.parse("sendgrid+api://SG.key.value@default");
        Dsn mailgun = Dsn.parse("mailgun+api://KEY:mg.example.com@default?region=eu");
        Dsn ses = Dsn.parse("ses+api://ACCESS:SECRET@default?region=eu-west-1");

        assertThat(sendgrid.scheme()).isEqualTo("sendgrid+api");
        assertThat(sendgrid.user()).contains("SG.key.value");
        assertThat(sendgrid.isDefaultHost()).isTrue();
        assertThat(mailgun.password()).contains("mg.example.com");
        assertThat(mailgun.option("region")).contains("eu");
        assertThat(ses.user()).contains("ACCESS");
        assertThat(ses.password()).contains("SECRET");
    }

    @Test
    void percentDecodesSecretsButKeepsPlusSigns() {
        Dsn dsn = Dsn.parse("smtp://me%40example.com:p%40ss%2Fw%3Ard+x%25@smtp.example.com");

        assertThat(dsn.user()).contains("me@example.com");
        assertThat(dsn.password()).contains("p@ss/w:rd+x%");
    }

    @Test
    void decodesUtf8PercentEncoding() {
        assertThat(Dsn.parse("smtp://u:%C3%BCber%F0%9F%94%91@h").password()).contains("über🔑");
    }

    @Test
    void parsesIpv6HostsAndPaths() {
        Dsn dsn = Dsn.parse("smtp://[::1]:2525/some/path");

        assertThat(dsn.host()).isEqualTo("::1");
        assertThat(dsn.port()).hasValue(2525);
        assertThat(dsn.path()).isEqualTo("some/path");
    }

    @Test
    void parsesAFailoverOfTransports() {
        Dsn dsn = Dsn.parse("failover(smtp://u:p@smtp.example.com:587 sendgrid+api://KEY@default)");

        assertThat(dsn.scheme()).isEqualTo("failover");
        assertThat(dsn.children()).extracting(Dsn::scheme).containsExactly("smtp", "sendgrid+api");
        assertThat(dsn.children().get(1).user()).contains("KEY");
    }

    @Test
    void parsesNestedCompositesWithOptions() {
        Dsn dsn = Dsn.parse("failover( roundrobin(smtp://a@h1 smtp://b@h2)   postmark+api://T@default?stream=outbound )?deadline=30s");

        assertThat(dsn.scheme()).isEqualTo("failover");
        assertThat(dsn.durationOption("deadline")).contains(Duration.ofSeconds(30));
        assertThat(dsn.children()).hasSize(2);
        Dsn inner = dsn.children().get(0);
        assertThat(inner.scheme()).isEqualTo("roundrobin");
        assertThat(inner.children()).extracting(Dsn::host).containsExactly("h1", "h2");
        assertThat(dsn.children().get(1).options()).isEqualTo(Map.of("stream", "outbound"));
    }

    @ParameterizedTest(name = "{index}: {1}")
    @CsvSource(delimiter = '|', value = {
            "''|DSN: it is empty",
            "smtp.example.com|DSN 'smtp.example.com': expected scheme://host or name(DSN DSN …)",
            "smtp://|DSN 'smtp://': the host is missing (use 'default' for the provider's endpoint)",
            "smtp://u:p@|DSN 'smtp://****@': the host is missing (use 'default' for the provider's endpoint)",
            "smtp://h:0|DSN 'smtp://h:0': port '0' is not a number from 1 to 65535",
            "smtp://h:99999|DSN 'smtp://h:99999': port '99999' is not a number from 1 to 65535",
            "smtp://h:abc|DSN 'smtp://…': what follows the host's last ':' is not a port from 1 to 65535; if it is user info, end it with @host",
            "smtp://u:p%4@h|DSN 'smtp://****@h': the password has a '%' not followed by two hex digits; write a literal % as %25",
            "smtp://h?novalue|DSN 'smtp://h?novalue': option 'novalue' must be name=value",
            "smtp://h?a=1&a=2|DSN 'smtp://h?a=1&a=2': option 'a' is given twice",
            "smtp://h#frag|DSN 'smtp://h#frag': '#' is not allowed; percent-encode it as %23",
            "sm_tp://h|DSN 'sm_tp://h': 'sm_tp' is not a valid scheme",
            "failover(smtp://h|DSN 'failover(smtp://h': '(' at position 8 is never closed",
            "failover()|DSN 'failover()': failover(...) needs at least one DSN inside",
            "failover(smtp://h) extra|DSN 'failover(smtp://h) extra': unexpected 'extra' after ')'; only ?options may follow",
            "smtp://[::1|DSN 'smtp://[::1': IPv6 host without a closing ']'",
            "smtp://user:se/cr3t@h|DSN 'smtp://****@h': %s",
            "ses+api://AKID:wJal?rXUtn@default|DSN 'ses+api://****@default': %s",
            "smtp://user:se#cr3t@h|DSN 'smtp://****@h': %s",
            "smtp://h/x#frag|DSN 'smtp://h/x#frag': '#' is not allowed; percent-encode it as %23"})
    void refusesMalformedDsnsSayingWhy(String text, String message) {
        String scheme = text.contains("://") ? text.substring(0, text.indexOf("://")) : "";
        assertThatThrownBy(() -> Dsn.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message.replace("%s", UNENCODED.replace("{s}", scheme)));
    }

    static final String UNENCODED = "the user info of the {s} DSN holds an unencoded @, /, ?, #, (, ) or space, which makes it ambiguous; percent-encode each of them there: @ as %40, / as %2F, ? as %3F, # as %23, ( as %28, ) as %29, space as %20 (and an @ in an option as %40 too)";

    @Test
    void errorMessagesNeverShowTheSecret() {
        assertThatThrownBy(() -> Dsn.parse("failover(smtp://user:hunter2@h:99999 x://y)"))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2").doesNotContain("user:"));
    }

    @Test
    void aPasswordWithAnUnencodedAtAndSlashIsRefusedInsteadOfBecomingAHost() {
        assertThatThrownBy(() -> Dsn.parse("smtp://user:p@ss/word@host"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("DSN 'smtp://****@host': " + UNENCODED.replace("{s}", "smtp"));
    }

    @Test
    void aClosingParenthesisInAPasswordInsideFailoverIsRefusedWithoutQuotingIt() {
        assertThatThrownBy(() -> Dsn.parse("failover(smtp://user:hunt)er2@smtp.relay.test sendgrid+api://SG.k@default)"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("DSN 'failover(smtp://****@smtp.relay.test sendgrid+api://****@default)': "
                        + UNENCODED.replace("{s}", "smtp"));
    }

    @Test
    void anEmailAddressAsUserMustBeEncodedToo() {
        assertThatThrownBy(() -> Dsn.parse("smtp://me@example.com:app-pw@smtp.example.com:587"))
                .hasMessageStartingWith("DSN 'smtp://****@smtp.example.com:587': the user info of the smtp DSN holds");
        assertThat(Dsn.parse("smtp://me%40example.com:app-pw@smtp.example.com:587").user()).contains("me@example.com");
    }

    @Test
    void aUserAndPasswordWithoutTheirHostAreNeverQuoted() {
        assertThatThrownBy(() -> Dsn.parse("smtp://user:hunter2xyz"))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2").contains("@host"));
        assertThatThrownBy(() -> Dsn.parse("smtp://user:123456789"))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("12345"));
    }

    @Test
    void refusesAnOptionThatIsNotADuration() {
        Dsn dsn = Dsn.parse("smtp://h?connect_timeout=soon");

        assertThatThrownBy(() -> dsn.durationOption("connect_timeout"))
                .hasMessage("DSN option connect_timeout: 'soon' is not a duration (examples: 500ms, 10s, 2m)");
    }

    @Test
    void refusesAnOptionThatIsNotANumber() {
        assertThatThrownBy(() -> Dsn.parse("smtp://h?pool_size=many").intOption("pool_size"))
                .hasMessage("DSN option pool_size: 'many' is not a whole number");
    }

    @Test
    void readsBooleanOptions() {
        Dsn dsn = Dsn.parse("x://h?a=yes&b=false&c=maybe");

        assertThat(dsn.booleanOption("a")).contains(true);
        assertThat(dsn.booleanOption("b")).contains(false);
        assertThatThrownBy(() -> dsn.booleanOption("c")).hasMessage("DSN option c: 'maybe' is not true or false");
    }

    @Test
    void refusesUnknownOptionsListingTheKnownOnes() {
        Dsn dsn = Dsn.parse("smtp://h?conect_timeout=5s");

        assertThatThrownBy(() -> dsn.requireKnownOptions("connect_timeout", "read_timeout"))
                .hasMessage("DSN smtp: unknown option 'conect_timeout'; known options: connect_timeout, read_timeout");
    }

    @Test
    void toStringMasksUserAndPassword() {
        assertThat(Dsn.parse("smtp://user:hunter2@smtp.example.com:587?pool_size=2"))
                .hasToString("smtp://****:****@smtp.example.com:587?pool_size=2");
        assertThat(Dsn.parse("failover(sendgrid+api://SG.secret@default smtp://h)"))
                .hasToString("failover(sendgrid+api://****@default smtp://h)");
    }
}
