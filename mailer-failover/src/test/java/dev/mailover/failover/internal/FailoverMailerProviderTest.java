package dev.mailover.failover.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailover.Attempt;
import dev.mailover.Email;
import dev.mailover.Mailer;
import dev.mailover.Mailers;
import dev.mailover.SendResult;
import dev.mailover.failover.FailoverMailer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The failover(...) and roundrobin(...) DSN schemes, over scripted child transports. */
class FailoverMailerProviderTest {

    static final Email EMAIL = Email.builder().from("app@sender.example").to("bob@rcpt.example")
            .subject("Hello").text("Hi Bob").build();

    @Test
    void failoverDsnTriesTheChildrenInOrder() {
        try (Mailer mailer = Mailers.fromDsn("failover(scripted://primary?fail=connection_refused scripted://backup)")) {
            SendResult result = mailer.send(EMAIL);

            assertThat(mailer).isInstanceOf(FailoverMailer.class);
            assertThat(mailer.name()).isEqualTo("failover");
            assertThat(result.transport()).isEqualTo("backup");
            assertThat(result.attempts()).extracting(Attempt::transport).containsExactly("primary", "backup");
        }
    }

    @Test
    void roundrobinDsnAlternatesTheChildren() {
        try (Mailer mailer = Mailers.fromDsn("roundrobin(scripted://a scripted://b)")) {
            assertThat(mailer.send(EMAIL).transport()).isEqualTo("a");
            assertThat(mailer.send(EMAIL).transport()).isEqualTo("b");
            assertThat(mailer.toString()).contains("ROUND_ROBIN");
        }
    }

    @Test
    void optionsSetDeadlineRetriesAndAmbiguity() {
        try (Mailer mailer = Mailers.fromDsn(
                "failover(scripted://a?fail=service_unavailable scripted://b)?deadline=5s&retries=0&ambiguity=fail")) {
            SendResult result = mailer.send(EMAIL);

            assertThat(result.attempts()).extracting(Attempt::transport).containsExactly("a", "b");
            assertThat(mailer.toString()).contains("deadline=5000ms").contains("ambiguity=FAIL");
        }
    }

    @Test
    void unknownOptionIsRefusedNamingIt() {
        assertThatThrownBy(() -> Mailers.fromDsn("failover(scripted://a scripted://b)?deadlne=5s"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("deadlne").hasMessageContaining("deadline");
    }

    @Test
    void badOptionValuesAreRefusedNamingTheOption() {
        assertThatThrownBy(() -> Mailers.fromDsn("failover(scripted://a)?ambiguity=maybe"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ambiguity");
        assertThatThrownBy(() -> Mailers.fromDsn("failover(scripted://a)?retries=-1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retries");
    }

    @Test
    void aSecretWithAnUnencodedParenthesisOrSpaceInAChildIsRefusedWithoutQuotingIt() {
        for (String secret : List.of("hunt)er2xyz", "hunt(er2xyz", "hunter 2xyz", "p@ss/word")) {
            assertThatThrownBy(() -> Mailers.fromDsn("failover(smtp://user:" + secret + "@smtp.relay.test scripted://b)"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("percent-encode")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(secret.substring(0, 4))
                            .doesNotContain(secret.substring(secret.length() - 4)));
        }
    }

    @Test
    void twoChildrenOfOneSchemeGetDistinctNames() {
        try (Mailer mailer = Mailers.fromDsn("failover(scripted://smtp?fail=connection_refused scripted://smtp)")) {
            SendResult result = mailer.send(EMAIL);

            assertThat(result.attempts()).extracting(Attempt::transport).containsExactly("smtp", "smtp-2");
            assertThat(result.transport()).isEqualTo("smtp-2");
        }
    }

    @Test
    void aBadChildDsnFailsTheWholeDsn() {
        assertThatThrownBy(() -> Mailers.fromDsn("failover(scripted://a nosuch://b)"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nosuch");
    }
}
