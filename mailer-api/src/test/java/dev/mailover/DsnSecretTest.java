package dev.mailover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Secrets holding an unencoded reserved character ({@code @ / ? # ( )} or a space), anywhere in the
 * secret and anywhere in a DSN: each one gets a clear error that quotes no part of the secret, and the
 * same secret percent-encoded parses back to itself.
 */
class DsnSecretTest {

    static final String RESERVED = "@/?#() ";

    /** Where a secret goes: each DSN holds {@code SECRET} once. */
    static final List<String> PLACES = List.of(
            "smtp://user:SECRET@smtp.relay.test:587",
            "smtps://me%40relay.test:SECRET@smtp.relay.test:465?connect_timeout=5s",
            "smtp://SECRET@smtp.relay.test",
            "sendgrid+api://SECRET@default",
            "mailgun+api://SECRET:mg.relay.test@default?region=eu",
            "ses+api://AKIDEXAMPLE:SECRET@default?region=eu-west-1",
            "failover(smtp://user:SECRET@smtp.relay.test:587 sendgrid+api://SG.other@default)",
            "failover(smtp://relay.relay.test:25?security=none sendgrid+api://SECRET@default)?deadline=30s",
            "failover(sendgrid+api://SECRET@default smtp://user:other@smtp.relay.test)",
            "failover(roundrobin(smtp://u:SECRET@h1.relay.test smtp://h2.relay.test) postmark+api://T@default)",
            "roundrobin( smtp://a:b@h1.relay.test   smtp://user:SECRET@h2.relay.test:2525 )?retries=0");

    static List<String> secrets() {
        List<String> secrets = new ArrayList<>(List.of("p@ss/word", "p@ss@word", "pass word", "pa)ss", "pa(ss", "(hunter2)",
                "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "SG.key?value#42", "a@b/c?d#e(f)g h", "x://evil@qz9"));
        for (char c : RESERVED.toCharArray()) {
            for (String template : List.of("{c}hunter2xyz", "hunt{c}er2xyz", "hunter2xyz{c}", "S3{c}cr{c}{c}t!42")) {
                secrets.add(template.replace("{c}", String.valueOf(c)));
            }
        }
        return secrets;
    }

    static Stream<Arguments> unencoded() {
        return PLACES.stream().flatMap(place -> secrets().stream().map(secret -> Arguments.of(place, secret)));
    }

    @ParameterizedTest(name = "{index}: {1} in {0}")
    @MethodSource("unencoded")
    void anUnencodedReservedCharacterInASecretIsRefusedWithoutQuotingIt(String place, String secret) {
        String dsn = place.replace("SECRET", secret);

        IllegalArgumentException e = catchThrowableOfType(IllegalArgumentException.class, () -> Dsn.parse(dsn));

        assertThat(e).as("%s is refused", dsn).isNotNull();
        assertThat(fragmentsOf(secret)).as("the error for %s: %s", dsn, e.getMessage())
                .noneMatch(fragment -> e.getMessage().toLowerCase(Locale.ROOT).contains(fragment));
        assertThat(e.getMessage()).as("it says what to do").contains("percent-encode");
    }

    @ParameterizedTest(name = "{index}: {1} in {0}")
    @MethodSource("unencoded")
    void theSameSecretPercentEncodedParsesBackToItself(String place, String secret) {
        Dsn dsn = Dsn.parse(place.replace("SECRET", encode(secret)));

        assertThat(secretsOf(dsn)).contains(secret);
    }

    /** Every three-character substring that holds a letter or digit (so not "://"), lower-cased. */
    static List<String> fragmentsOf(String secret) {
        List<String> fragments = new ArrayList<>();
        String s = secret.toLowerCase(Locale.ROOT);
        for (int i = 0; i + 3 <= s.length(); i++) {
            String fragment = s.substring(i, i + 3);
            if (fragment.chars().anyMatch(Character::isLetterOrDigit)) {
                fragments.add(fragment);
            }
        }
        return fragments;
    }

    private static String encode(String secret) {
        StringBuilder b = new StringBuilder();
        for (char c : secret.toCharArray()) {
            b.append(RESERVED.indexOf(c) >= 0 || c == ':' || c == '%' ? String.format("%%%02X", (int) c) : String.valueOf(c));
        }
        return b.toString();
    }

    private static List<String> secretsOf(Dsn dsn) {
        List<String> all = new ArrayList<>();
        dsn.user().ifPresent(all::add);
        dsn.password().ifPresent(all::add);
        dsn.children().forEach(child -> all.addAll(secretsOf(child)));
        return all;
    }
}
